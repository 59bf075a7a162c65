import { performance } from 'node:perf_hooks';

/** One request of a case; resolves once the whole answer is read, rejects when it is not usable. */
export type Request = () => Promise<void>;

/** `count` requests one after the other. */
export async function sequential(
  request: Request,
  count: number,
): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await request();
    samples.push(performance.now() - t0);
  }
  return { samples, wallMs: performance.now() - start };
}

/** `clients` callers at once, each sending `perClient` requests one after the other. */
export async function concurrent(
  request: Request,
  clients: number,
  perClient: number,
): Promise<{ samples: number[]; wallMs: number }> {
  const start = performance.now();
  const rounds = await Promise.all(Array.from({ length: clients }, () => sequential(request, perClient)));
  return { samples: rounds.flatMap((r) => r.samples), wallMs: performance.now() - start };
}

/**
 * Runs every case in `rounds` rounds, taking turns, so that a slow spell of a shared machine hits
 * every case alike instead of the one that happened to run then.
 */
export async function interleaved<K extends string>(
  cases: readonly K[],
  rounds: number,
  runRound: (name: K) => Promise<void>,
): Promise<void> {
  for (let r = 0; r < rounds; r++) for (const name of cases) await runRound(name);
}
