import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { tempDir } from './support.js';

let sims: Simulator[] = [];
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  tmp = await tempDir('health-cfg-');
  sims = await Promise.all(
    ['a', 'b'].map((n, i) =>
      startSimulator({ port: 0, tokenFile: join(tmp.dir, `${n}.token`), seed: 20 + i }),
    ),
  );
});
afterEach(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await tmp.cleanup();
});

async function writeConfig(extra = ''): Promise<string> {
  const file = join(tmp.dir, 'fleet.yml');
  await writeFile(
    file,
    `targets:
  - name: a
    url: ${sims[0]?.url}
    token: { file: ${join(tmp.dir, 'a.token')} }
  - name: b
    url: ${sims[1]?.url}
    token: { file: ${join(tmp.dir, 'b.token')} }
health:
  log_file: ${join(tmp.dir, 'health.log')}
  state_file: ${join(tmp.dir, 'state.json')}
${extra || '  thresholds:\n    response_time: 5s\n'}`,
  );
  return file;
}

describe('spacetime-monitor health --config (fleet)', () => {
  it('applies each target its own thresholds', async () => {
    sims[0]?.setScenario('low-fps', { fps: 50 });
    sims[1]?.setScenario('low-fps', { fps: 50 });
    await new Promise((r) => setTimeout(r, 300));
    const config = await writeConfig(`  thresholds:
    fps: 60
    response_time: 5s
  targets:
    b:
      thresholds:
        fps: 30
`);
    const { code, stdout } = await runCli(['health', '--config', config, '--once']);
    expect(stdout).toContain('[INFO] Targets: 2');
    expect(stdout).toMatch(/^\[a\] \[Check #1\] DEGRADED \(LOW_FPS\)/m);
    expect(stdout).toMatch(/^\[b\] \[Check #1\] HEALTHY/m);
    expect(code).toBe(1);
  });

  it('--json prints one JSON record per check', async () => {
    const config = await writeConfig();
    const { code, stdout } = await runCli(['health', '--config', config, '--once', '--json']);
    expect(code).toBe(0);
    const records = stdout
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { 'event.action'?: string; spacetime?: { target: string; verdict: string } },
      );
    const checks = records.filter((r) => r['event.action'] === 'health-check');
    expect(checks.map((r) => r.spacetime?.target).sort()).toEqual(['a', 'b']);
    expect(checks.every((r) => r.spacetime?.verdict === 'healthy')).toBe(true);
  });

  it('names a health.targets entry that matches no target', async () => {
    const config = await writeConfig(`  thresholds:
    response_time: 5s
  targets:
    c:
      thresholds:
        fps: 30
`);
    const { code, stderr } = await runCli(['health', '--config', config, '--once']);
    expect(code).toBe(2);
    expect(stderr).toContain('health.targets.c: no target named "c"');
  });

  it('warns before the token expires (TOKEN_EXPIRING from the JWT exp)', async () => {
    const short = await startSimulator({
      port: 0,
      tokenFile: join(tmp.dir, 'short.token'),
      tokenTtlSeconds: 120,
    });
    sims.push(short);
    const { code, stdout } = await runCli([
      'health',
      '--once',
      '--response-time',
      '5',
      '--api-url',
      short.url,
      '--jwt-token',
      join(tmp.dir, 'short.token'),
      '--log-file',
      join(tmp.dir, 'h.log'),
      '--state-file',
      join(tmp.dir, 's.json'),
    ]);
    expect(stdout).toMatch(/\[WARNING\] TOKEN_EXPIRING: .* token expires in/);
    expect(code).toBe(1);
    const log = await readFile(join(tmp.dir, 'h.log'), 'utf8');
    expect(stdout + log).not.toContain(short.currentToken());
  });
});
