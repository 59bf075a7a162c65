import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';

const run = promisify(execFile);
const unitDir = `${projectRoot}deploy/systemd/`;
const units = readdirSync(unitDir).filter((f) => f.endsWith('.service'));

function which(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

// Optional tool: the structural checks below run either way.
const systemdAnalyze = which('systemd-analyze');
if (!systemdAnalyze)
  console.warn('skipping systemd-analyze verify: systemd-analyze not found (Debian package systemd)');

/** `Key=value` lines of one section; repeated keys keep every value. */
function section(text: string, name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1] ?? '';
      continue;
    }
    if (current !== name) continue;
    const eq = line.indexOf('=');
    const key = line.slice(0, eq);
    out.set(key, [...(out.get(key) ?? []), line.slice(eq + 1)]);
  }
  return out;
}

describe('systemd units', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'units-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('ships one unit for the exporter and one for the health monitor', () => {
    expect(units.sort()).toEqual(['spacetime-monitor-exporter.service', 'spacetime-monitor-health.service']);
  });

  it.skipIf(!systemdAnalyze).each(units)('%s passes systemd-analyze verify', async (unit) => {
    // The unit names /usr/bin/node (Debian's nodejs); verify checks that ExecStart is executable,
    // so the copy points at the node running this test where that differs.
    const text = readFileSync(`${unitDir}${unit}`, 'utf8').replaceAll(
      '/usr/bin/node ',
      `${process.execPath} `,
    );
    writeFileSync(join(tmp, unit), text);
    const { stdout, stderr } = await run(systemdAnalyze ?? '', ['verify', join(tmp, unit)]);
    expect(`${stdout}${stderr}`).toBe('');
  });

  it.each(units)(
    '%s runs the right subcommand as an unprivileged user, restarts on failure, hardened',
    (unit) => {
      const text = readFileSync(`${unitDir}${unit}`, 'utf8');
      const service = section(text, 'Service');
      const sub = unit.includes('exporter') ? 'exporter' : 'health';
      const exec = service.get('ExecStart')?.[0] ?? '';
      expect(exec).toMatch(
        new RegExp(`^/usr/bin/node /opt/spacetime-monitor/bin/spacetime-monitor\\.js ${sub} `),
      );
      expect(exec).toContain('--api-url ${SPACETIME_API_URL}');
      expect(exec).toContain('--jwt-token ${SPACETIME_JWT_TOKEN}');
      // Every ${VAR} the command uses has a default in the unit.
      const defaults = (service.get('Environment') ?? []).map((e) => e.split('=')[0]);
      for (const [, v] of exec.matchAll(/\$\{(\w+)\}/g)) expect(defaults, v).toContain(v);
      expect(service.get('User')?.[0]).toBe('spacetime-monitor');
      expect(service.get('Restart')?.[0]).toBe('on-failure');
      expect(service.get('NoNewPrivileges')?.[0]).toBe('yes');
      expect(service.get('ProtectSystem')?.[0]).toBe('strict');
      expect(section(text, 'Install').get('WantedBy')?.[0]).toBe('multi-user.target');
      expect(text).not.toMatch(/0\.0\.0\.0|hooks\.slack\.com|routing_key=|Bearer /);
    },
  );

  it('the exporter listens on loopback by default; the health monitor writes where systemd lets it', () => {
    const exporter = section(readFileSync(`${unitDir}spacetime-monitor-exporter.service`, 'utf8'), 'Service');
    expect(exporter.get('Environment')).toContain('SPACETIME_EXPORTER_LISTEN=127.0.0.1:9091');
    const health = section(readFileSync(`${unitDir}spacetime-monitor-health.service`, 'utf8'), 'Service');
    const exec = health.get('ExecStart')?.[0] ?? '';
    expect(health.get('LogsDirectory')?.[0]).toBe('spacetime-monitor');
    expect(health.get('StateDirectory')?.[0]).toBe('spacetime-monitor');
    expect(exec).toContain('--log-file /var/log/spacetime-monitor/health.log');
    expect(exec).toContain('--state-file /var/lib/spacetime-monitor/health-state.json');
  });
});
