import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

/** Starts simulators with a fresh log dir and token file; stops and removes them after each test. */
export function useSimulators(): {
  start(options?: SimulatorOptions): Promise<Simulator>;
  log(name: 'godot_console.log' | 'http_api_audit.log' | 'http_api_access.log'): Promise<string>;
  dir(): string;
} {
  const started: Simulator[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return {
    async start(options = {}) {
      dir ??= await mkdtemp(join(tmpdir(), 'sim-'));
      const sim = await startSimulator({
        port: 0,
        logDir: join(dir, 'logs'),
        tokenFile: join(dir, 'jwt_token.txt'),
        ...options,
      });
      started.push(sim);
      return sim;
    },
    log: (name) => readFile(join(dir ?? '', 'logs', name), 'utf8'),
    dir: () => dir ?? '',
  };
}
