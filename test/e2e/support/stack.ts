import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../../scripts/local-stack.js';

export interface TestStack extends LocalStack {
  /** Instant PromQL query against the stack's Prometheus. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
}

/**
 * Prometheus + Alertmanager on free 127.0.0.1 ports in a temporary directory, removed by stop().
 * The directory is created before the stack so callers can put secrets and targets in it.
 */
export async function startTestStack(
  prepare: (dir: string) => Promise<Omit<LocalStackOptions, 'dataDir'>>,
): Promise<TestStack> {
  const dir = await mkdtemp(join(tmpdir(), 'spacetime-stack-'));
  let stack: LocalStack;
  try {
    stack = await startLocalStack({ ...(await prepare(dir)), dataDir: join(dir, 'run') });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...stack,
    async query(expr) {
      const res = await fetch(`${stack.prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const json = (await res.json()) as {
        data?: { result?: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return json.data?.result ?? [];
    },
    async stop() {
      await stack.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
