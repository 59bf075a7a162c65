import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface ServerSpec {
  name: string;
  bin: string;
  args: string[];
  /** Base URL; readiness is GET <url>/-/ready answering 200 (Prometheus and Alertmanager both have it). */
  url: string;
  logFile: string;
  readyTimeoutMs?: number;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts a server binary with its output in `logFile`, resolves once it reports ready. */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const child = spawn(spec.bin, spec.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(killer);
    }
    log.end();
  };

  const deadline = Date.now() + (spec.readyTimeoutMs ?? 30_000);
  while (!(await isReady(spec.url))) {
    if (spawnError || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const why =
        spawnError?.message ?? (child.exitCode !== null ? `exited with ${child.exitCode}` : 'timed out');
      throw new Error(`${spec.name} did not become ready (${why}); see ${spec.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name: spec.name, url: spec.url, pid: child.pid ?? 0, logFile: spec.logFile, stop };
}
