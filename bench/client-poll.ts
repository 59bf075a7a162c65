import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { startSimulator, type Simulator } from '../src/sim/index.js';
import { DEFAULT_TARGET } from '../src/target/config.js';
import { targetFromFlags } from '../src/target/from-flags.js';
import { createGameTarget } from '../src/target/game-target.js';
import type { GameTarget } from '../src/target/types.js';
import { Latencies, summarize } from './support/latency.js';
import { concurrent, interleaved, sequential, type Request } from './support/load.js';
import { ms, rate, ratio, table } from './support/table.js';

/**
 * What our client (GameTarget.poll) costs on top of a plain undici GET of the same /performance
 * URL with the same token, both against the simulator in the same run; and how many requests reach
 * the game when many callers poll at once (single-flight), counted by the simulator itself.
 */
const SEQUENTIAL = 2000;
const ROUNDS = 4;
const WARMUP = 100;
const BURSTS = [1, 8, 64, 256];
const BURST_REPEATS = 5;
const SUSTAINED_CALLERS = 8;
const SUSTAINED_PER_CALLER = 250;

function plainRequest(url: string, token: string): Request {
  return async () => {
    const res = await request(url, { headers: { Authorization: `Bearer ${token}` } });
    const body: unknown = await res.body.json();
    if (res.statusCode !== 200 || typeof body !== 'object')
      throw new Error(`plain GET answered ${res.statusCode}`);
  };
}

function pollRequest(target: GameTarget, maxAgeMs: number): Request {
  return async () => {
    const result = await target.poll({ maxAgeMs });
    if (!result.ok) throw new Error(`poll failed: ${result.failure.kind}`);
  };
}

/** Runs `request` `callers` times at once, `repeats` times; wall time per burst and game requests. */
async function bursts(
  sim: Simulator,
  request: Request,
  callers: number,
): Promise<{ wall: Latencies; gameRequests: number }> {
  const wall = new Latencies();
  let gameRequests = 0;
  for (let i = 0; i < BURST_REPEATS; i++) {
    const before = sim.stats().total;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: callers }, () => request()));
    const took = performance.now() - t0;
    wall.add({ samples: [took], wallMs: took });
    gameRequests += sim.stats().total - before;
  }
  return { wall, gameRequests: gameRequests / BURST_REPEATS };
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-client-poll-'));
  const tokenFile = join(dir, 'jwt_token.txt');
  let sim: Simulator | undefined;
  let target: GameTarget | undefined;
  let second: GameTarget | undefined;
  try {
    sim = await startSimulator({ port: 0, tokenFile });
    const config = targetFromFlags({
      apiUrl: sim.url,
      healthEndpoint: '/performance',
      jwtToken: tokenFile,
      name: 'game',
    });
    target = createGameTarget(config);
    const plain = plainRequest(`${sim.url}/performance`, sim.currentToken());
    const ours = pollRequest(target, 0);
    await sequential(plain, WARMUP);
    await sequential(ours, WARMUP);

    // 1. One caller at a time: every poll is a request (maxAgeMs 0), so the ratio is the client's cost.
    const seq = { plain: new Latencies(), ours: new Latencies() };
    await interleaved(['plain', 'ours'] as const, ROUNDS, async (n) => {
      seq[n].add(await sequential(n === 'plain' ? plain : ours, SEQUENTIAL / ROUNDS));
    });
    const p = summarize(seq.plain);
    const o = summarize(seq.ours);
    process.stdout.write(
      `\n${SEQUENTIAL} sequential GET /performance each, ${ROUNDS} alternating rounds. Latency in ms.\n\n`,
    );
    process.stdout.write(
      table(
        ['case', 'p50', 'p95', 'p99', 'per s'],
        [
          ['plain undici GET + JSON.parse', ms(p.p50), ms(p.p95), ms(p.p99), rate(p.perSecond)],
          ['GameTarget.poll({ maxAgeMs: 0 })', ms(o.p50), ms(o.p95), ms(o.p99), rate(o.perSecond)],
          [
            'ratio ours/plain',
            ratio(o.p50 / p.p50),
            ratio(o.p95 / p.p95),
            ratio(o.p99 / p.p99),
            ratio(o.perSecond / p.perSecond),
          ],
        ],
      ),
    );

    // 2. N callers at once: plain clients each ask the game; ours share one request.
    const rows: string[][] = [];
    for (const callers of BURSTS) {
      const a = await bursts(sim, plain, callers);
      const b = await bursts(sim, ours, callers);
      rows.push([
        String(callers),
        a.gameRequests.toFixed(1),
        b.gameRequests.toFixed(1),
        ms(a.wall.percentile(50)),
        ms(b.wall.percentile(50)),
        ratio(b.wall.percentile(50) / a.wall.percentile(50)),
      ]);
    }
    process.stdout.write(
      `\nSingle-flight: N callers at once (maxAgeMs 0), ${BURST_REPEATS} bursts each; ` +
        'game requests counted by the simulator, wall time = median burst.\n\n',
    );
    process.stdout.write(
      table(['callers', 'plain: game req', 'ours: game req', 'plain ms', 'ours ms', 'ours/plain time'], rows),
    );

    // 3. Callers polling back to back: how many polls one game request serves.
    const sustained: string[][] = [];
    // A client of its own for the last case, so no sample of the cases before is reused.
    second = createGameTarget(config);
    const cases: [string, Request][] = [
      ['plain undici GET', plain],
      ['poll, maxAgeMs 0', ours],
      [
        `poll, default min interval (${DEFAULT_TARGET.minIntervalMs} ms), new client`,
        pollRequest(second, DEFAULT_TARGET.minIntervalMs),
      ],
    ];
    for (const [name, req] of cases) {
      const before = sim.stats().total;
      const r = await concurrent(req, SUSTAINED_CALLERS, SUSTAINED_PER_CALLER);
      const game = sim.stats().total - before;
      sustained.push([
        name,
        String(r.samples.length),
        String(game),
        (r.samples.length / game).toFixed(1),
        rate(r.samples.length / (r.wallMs / 1000)),
      ]);
    }
    process.stdout.write(`\n${SUSTAINED_CALLERS} callers x ${SUSTAINED_PER_CALLER} polls back to back.\n\n`);
    process.stdout.write(table(['case', 'polls', 'game req', 'polls per game req', 'polls/s'], sustained));
  } finally {
    await second?.close();
    await target?.close();
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
