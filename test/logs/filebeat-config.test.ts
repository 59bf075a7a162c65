import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GAME_LOG_FILES, HEALTH_LOG_PATH, NDJSON_DIR } from '../../src/logs/files.js';
import { MultilineAssembler } from '../../src/logs/multiline.js';
import { redactSecrets } from '../../src/logs/redact.js';
import { parseOnce, datasetsTaking } from './support.js';

/**
 * Filebeat is not installable here, so its config is checked structurally: every regex it relies
 * on is run in JS against the contract's fixtures and must agree with our own pipeline.
 */
interface FilestreamInput {
  type: string;
  id: string;
  enabled: string | boolean;
  paths: string[];
  parsers?: { multiline?: { pattern: string; negate: boolean; match: string } }[];
  include_lines?: string[];
  exclude_lines?: string[];
  fields?: Record<string, string>;
  processors?: Record<string, { source?: string; id?: string }>[];
}

const FILEBEAT = 'deploy/filebeat/filebeat.yml';
const config = parse(readFileSync(FILEBEAT, 'utf8')) as {
  'filebeat.inputs': FilestreamInput[];
  processors: Record<string, { source?: string; id?: string } | null>[];
  'output.elasticsearch': { index: string; hosts: string[] };
  'setup.ilm.policy_name': string;
  'setup.ilm.policy_file': string;
  'setup.template.json.path': string;
  'setup.template.pattern': string;
  'setup.template.name': string;
};
const inputs = config['filebeat.inputs'];
const input = (id: string): FilestreamInput => {
  const found = inputs.find((i) => i.id === id);
  if (!found) throw new Error(`no input ${id}`);
  return found;
};
const docs = readFileSync('docs/logs.md', 'utf8');
const FIXTURES = ['test/fixtures/contract/console.sample.log', 'test/fixtures/logs/console.extra.log'];
const FIXTURE_JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30=.c2lnbmF0dXJl';
/** Secret shapes, JSON-escaped forms included, that Filebeat and Logstash must redact like redactSecrets. */
const REDACTION_CASES = [
  `"msg":"token:\\n${FIXTURE_JWT}"`,
  `\\u0022${FIXTURE_JWT} and Bearer\\t${FIXTURE_JWT}`,
  `{\\"api_token\\":\\"${'a3f1'.repeat(16)}\\"}`,
  '{\\"routing_key\\":\\"0123456789abcdef0123456789abcdef\\"} service_key: 0123456789abcdef0123456789abcdef',
  'https:\\/\\/hooks.slack.com\\/services\\/T0\\/B0\\/XXXX https://discord.com/api/webhooks/1/abc',
  '"Authorization":"Basic dXNlcjpwYXNz" pagerduty://0123456789abcdef0123456789abcdef',
  'res://scenes/keyboard_input.tscn.import',
];
const JWT_SHAPED =
  /eyJ[A-Za-z0-9_-]+=?\.[A-Za-z0-9_-]+|[A-Za-z0-9_-]{10,}=?\.[A-Za-z0-9_-]{10,}=?\.[A-Za-z0-9_-]{10,}/;

/** Filebeat's ${VAR:default} → the default (what a machine without the variable gets). */
const expandDefaults = (path: string): string => path.replace(/\$\{[A-Z_]+:([^}]*)\}/g, '$1');

/** Runs a Filebeat `script` processor's source with a minimal event API (Get/Put on dotted keys). */
function runScript(source: string, fields: Record<string, unknown>): Record<string, unknown> {
  const event = {
    Get: (k: string) => fields[k],
    Put: (k: string, v: unknown) => {
      fields[k] = v;
    },
  };
  const sandbox: { event: typeof event; process?: (e: typeof event) => void } = { event };
  runInNewContext(`${source}\n;this.process = process;`, sandbox);
  sandbox.process?.(event);
  return fields;
}

/** Filebeat's multiline with negate: false, match: after — a matching line joins the one before. */
function filebeatMultiline(lines: string[], pattern: RegExp): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (pattern.test(line) && out.length > 0) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}

function consoleRecords(file: string): string[] {
  const pattern = new RegExp(input('spacetime-console').parsers?.[0]?.multiline?.pattern ?? '$^');
  const lines = readFileSync(file, 'utf8').split('\n');
  return filebeatMultiline(lines, pattern).filter((r) => r.trim().length > 0);
}

describe('deploy/filebeat/filebeat.yml', () => {
  it('has the seven source inputs, each a filestream with a unique id, plus the NDJSON input', () => {
    const ids = inputs.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      [
        'spacetime-access',
        'spacetime-audit',
        'spacetime-console',
        'spacetime-errors',
        'spacetime-health',
        'spacetime-ndjson',
        'spacetime-scene',
        'spacetime-vr',
      ].sort(),
    );
    for (const i of inputs) {
      expect(i.type).toBe('filestream');
      expect(i.paths.length).toBeGreaterThan(0);
    }
    // Raw inputs on, NDJSON off by default: never both, or every event ships twice.
    expect(input('spacetime-console').enabled).toBe('${SPACETIME_RAW_INPUTS:true}');
    expect(input('spacetime-ndjson').enabled).toBe('${SPACETIME_NDJSON_INPUT:false}');
  });

  it('names only paths the docs and the simulator use', () => {
    const expected: Record<string, string> = {
      'spacetime-console': `logs/${GAME_LOG_FILES.console}`,
      'spacetime-vr': `logs/${GAME_LOG_FILES.console}`,
      'spacetime-scene': `logs/${GAME_LOG_FILES.console}`,
      'spacetime-errors': `logs/${GAME_LOG_FILES.console}`,
      'spacetime-access': GAME_LOG_FILES.access,
      'spacetime-audit': `.local/share/godot/app_userdata/SpaceTime/${GAME_LOG_FILES.audit}`,
      'spacetime-health': HEALTH_LOG_PATH,
      'spacetime-ndjson': `${NDJSON_DIR}/spacetime-*.ndjson`,
    };
    for (const i of inputs) {
      const tail = expected[i.id];
      expect(tail, i.id).toBeDefined();
      for (const path of i.paths) {
        expect(expandDefaults(path).endsWith(`/${tail}`), `${i.id}: ${path}`).toBe(true);
        expect(docs, `docs/logs.md mentions ${tail}`).toContain(tail ?? '');
      }
    }
    // The simulator writes the game's three files under these names (once it is on this branch).
    const simDir = 'src/sim';
    if (existsSync(simDir)) {
      const simSource = readdirSync(simDir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(simDir, f), 'utf8'))
        .join('\n');
      for (const name of Object.values(GAME_LOG_FILES))
        expect(simSource, `src/sim writes ${name}`).toContain(name);
    }
  });

  it("has a multiline pattern that joins exactly the fixture's continuation lines, like our assembler", () => {
    const multiline = input('spacetime-console').parsers?.[0]?.multiline;
    expect(multiline).toMatchObject({ negate: false, match: 'after' });
    const pattern = new RegExp(multiline?.pattern ?? '$^');
    const lines = readFileSync(FIXTURES[0]!, 'utf8').split('\n');
    const continuation = lines.filter((l) => pattern.test(l));
    expect(continuation).toEqual([
      '   at: _load (core/io/resource_loader.cpp:283)',
      '   GDScript backtrace (most recent call first):',
      '       [0] _ready (res://scripts/planet.gd:42)',
    ]);
    for (const file of FIXTURES) {
      const ours = new MultilineAssembler();
      const records: string[] = [];
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, n) => records.push(...ours.push({ text, key: 'k', end: n }).map((r) => r.text)));
      records.push(...ours.flush().map((r) => r.text));
      expect(consoleRecords(file), file).toEqual(records);
    }
    for (const id of ['spacetime-vr', 'spacetime-scene', 'spacetime-errors']) {
      expect(input(id).parsers?.[0]?.multiline).toEqual(multiline);
    }
  });

  it('sends every console event to exactly one of its four inputs, the one our parser chooses', async () => {
    const consoleInputs = ['spacetime-console', 'spacetime-vr', 'spacetime-scene', 'spacetime-errors'].map(
      input,
    );
    for (const file of FIXTURES) {
      const { events } = await parseOnce([{ source: 'console', path: file }]);
      const records = consoleRecords(file);
      expect(records).toHaveLength(events.length);
      records.forEach((record, n) => {
        expect(datasetsTaking(record, consoleInputs), record).toEqual([events[n]?.['event.dataset']]);
      });
    }
  });

  it('redacts with the same rules as redactSecrets: no token of the fixtures survives', () => {
    const redact = config.processors.find((p) => p.script?.id === 'spacetime_redact')?.script?.source;
    expect(redact).toBeDefined();
    for (const file of FIXTURES) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const out = runScript(redact ?? '', { message: line })['message'] as string;
        expect(out).toBe(redactSecrets(line));
        expect(out).not.toMatch(JWT_SHAPED);
        expect(out).not.toContain('c2lnbmF0dXJl');
      }
    }
  });

  it.each(REDACTION_CASES)('redacts %s like redactSecrets, JSON-escaped forms included', (line) => {
    const redact = config.processors.find((p) => p.script?.id === 'spacetime_redact')?.script?.source;
    expect(runScript(redact ?? '', { message: line })['message']).toBe(redactSecrets(line));
  });

  it('runs its other scripts without error on fixture-shaped fields', () => {
    const scripts = inputs.flatMap((i) => (i.processors ?? []).map((p) => p.script?.source).filter(Boolean));
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    const access = runScript(
      input('spacetime-access').processors?.find((p) => p.script)?.script?.source ?? '',
      { 'http.response.status_code': 503, 'nginx.request_time': 0.25, 'url.original': '/status?x=1' },
    );
    expect(access).toMatchObject({
      'event.duration': 250_000_000,
      'url.path': '/status',
      'log.level': 'error',
      'event.dataset': 'spacetime.errors',
    });
    const audit = runScript(
      input('spacetime-audit').processors?.find((p) => p.script)?.script?.source ?? '',
      {
        'event.action': 'AUTH_FAILURE',
        'godot.level': 'WARN',
      },
    );
    expect(audit).toMatchObject({
      'event.action': 'auth-failure',
      'event.outcome': 'failure',
      'log.level': 'warn',
    });
    const level = runScript(
      input('spacetime-console').processors?.find((p) => p.script)?.script?.source ?? '',
      {
        message: 'SCRIPT ERROR: boom\n   at: x',
      },
    );
    expect(level['log.level']).toBe('error');
  });

  it('adds host, cloud, docker and kubernetes metadata', () => {
    const names = config.processors.flatMap((p) => Object.keys(p));
    for (const p of [
      'add_host_metadata',
      'add_cloud_metadata',
      'add_docker_metadata',
      'add_kubernetes_metadata',
    ]) {
      expect(names).toContain(p);
    }
  });

  it('writes spacetime-logs-* with the ILM policy and index template of deploy/elasticsearch', () => {
    expect(config['output.elasticsearch'].index).toMatch(/^spacetime-logs-/);
    expect(config['setup.template.pattern']).toBe('spacetime-logs-*');
    const pathConfig = resolve('deploy/filebeat');
    const policyFile = resolve(config['setup.ilm.policy_file'].replace('${path.config}', pathConfig));
    const templateFile = resolve(config['setup.template.json.path'].replace('${path.config}', pathConfig));
    expect(policyFile).toBe(resolve('deploy/elasticsearch/ilm-policy.json'));
    expect(templateFile).toBe(resolve('deploy/elasticsearch/index-template.json'));

    const policy = JSON.parse(readFileSync(policyFile, 'utf8')) as {
      policy: {
        phases: Record<string, { min_age: string; actions: Record<string, Record<string, unknown>> }>;
      };
    };
    expect(Object.keys(policy.policy.phases).sort()).toEqual(['delete', 'hot']);
    expect(policy.policy.phases.hot?.actions.rollover).toMatchObject({ max_age: '1d' });
    expect(policy.policy.phases.delete?.min_age).toBe('7d');
    expect(policy.policy.phases.delete?.actions.delete).toEqual({});

    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as {
      index_patterns: string[];
      data_stream: object;
      template: { settings: Record<string, unknown>; mappings: { properties: Record<string, unknown> } };
    };
    expect(template.index_patterns).toEqual(['spacetime-logs-*']);
    expect(template.data_stream).toEqual({});
    expect(template.template.settings['index.lifecycle.name']).toBe(config['setup.ilm.policy_name']);
    expect(template.template.mappings.properties['@timestamp']).toEqual({ type: 'date' });
  });
});

describe('deploy/logstash/spacetime.conf', () => {
  const conf = readFileSync('deploy/logstash/spacetime.conf', 'utf8');

  it('writes to the same data streams and reads the same NDJSON path', () => {
    expect(conf).toMatch(/index => "spacetime-logs-[a-z]+"/);
    expect(conf).toContain(`${NDJSON_DIR}/spacetime-*.ndjson`);
  });

  const gsubRules = () =>
    [...conf.matchAll(/"message", "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"/g)].map((m) => {
      const source = (m[1] ?? '').replace(/\\"/g, '"');
      const caseless = source.startsWith('(?i)');
      return {
        re: new RegExp(caseless ? source.slice(4) : source, caseless ? 'gi' : 'g'),
        to: (m[2] ?? '').replace(/\\(\d)/g, '$$$1'),
      };
    });

  it.each(REDACTION_CASES)('redacts %s with its gsub rules like redactSecrets', (line) => {
    const out = gsubRules().reduce((text, r) => text.replace(r.re, r.to), line);
    expect(out).toBe(redactSecrets(line));
  });

  it('redacts the fixture token with its gsub rules', () => {
    const rules = [...conf.matchAll(/"message", "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"/g)].map((m) => {
      const source = (m[1] ?? '').replace(/\\"/g, '"');
      const caseless = source.startsWith('(?i)');
      return {
        re: new RegExp(caseless ? source.slice(4) : source, caseless ? 'gi' : 'g'),
        to: (m[2] ?? '').replace(/\\(\d)/g, '$$$1'),
      };
    });
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const line of readFileSync(FIXTURES[0]!, 'utf8').split('\n')) {
      const out = rules.reduce((text, r) => text.replace(r.re, r.to), line);
      expect(out).not.toMatch(JWT_SHAPED);
    }
  });
});
