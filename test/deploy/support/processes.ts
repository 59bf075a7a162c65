import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { waitFor } from '../../support/wait.js';

/** A port the OS just handed out on loopback; free again when this resolves. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  /** stdout and stderr so far (bounded), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;

/** Starts a server binary; `stop()` sends SIGTERM, then SIGKILL after 5 s. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Managed {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** For waitFor checks that may throw while a server starts: a thrown error means "not yet". */
export function notYet<T>(check: () => Promise<T | undefined>): () => Promise<T | undefined> {
  return async () => {
    try {
      return await check();
    } catch {
      return undefined;
    }
  };
}

/** Resolves when `url` answers 2xx; fails early if `process` exits. */
export async function waitHealthy(url: string, proc: Managed, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited: ${proc.output().slice(-2000)}`);
      return notYet(async () => {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        return res.ok || undefined;
      })();
    },
    timeoutMs,
    `${proc.name} answering ${url}`,
  );
}
