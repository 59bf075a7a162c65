import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startSimulator, type Simulator } from '../src/sim/index.js';
import { DEFAULT_TARGET } from '../src/target/config.js';
import { debianBinary } from '../test/support/binaries.js';
import { startBlackbox, type Blackbox } from './support/blackbox.js';
import { startExporterProcess, type ExporterProcess } from './support/exporter-process.js';
import { Latencies, summarize, type Summary } from './support/latency.js';
import { concurrent, interleaved, sequential, type Request } from './support/load.js';
import { ms, rate, ratio, table } from './support/table.js';

/**
 * Latency and throughput of a scrape of our exporter (/metrics, /probe?target=NAME) against the
 * Debian prometheus-blackbox-exporter probing the same simulated game (/status without auth, and
 * /performance with the bearer token as a module header), all in the same run.
 *
 * Each exporter runs in its own process; the simulator and the load client share this one, so they
 * cost both sides the same. Our exporter runs twice: with `min_interval` 0, so every scrape really
 * polls the game as every blackbox probe does, and with the default (1 s), so concurrent scrapes
 * share one sample (the single-flight effect, visible in game requests per scrape).
 */
const SEQUENTIAL = 2000;
const CLIENTS = 8;
const PER_CLIENT = 500;
/** Every case runs in this many turns, alternating with the others. */
const ROUNDS = 4;
const WARMUP = 100;

type CaseName =
  | 'ours /metrics, min_interval 0'
  | 'ours /probe, min_interval 0'
  | 'blackbox /status'
  | 'blackbox /performance (auth)'
  | 'ours /metrics, min_interval 1s'
  | 'ours /probe, min_interval 1s';

interface Case {
  request: Request;
  sequential: Latencies;
  concurrent: Latencies;
  /** Requests the simulator counted while the case ran, by phase and route. */
  game: Record<'sequential' | 'concurrent', Record<string, number>>;
}

/** The simulator's count for `route` between two snapshots of its stats. */
const routeDelta = (before: Record<string, number>, after: Record<string, number>, route: string): number =>
  (after[route] ?? 0) - (before[route] ?? 0);
const ROUTES = ['GET /performance', 'GET /status'];

/** A GET that must answer 200 with `mustContain` in the body: a failing probe is no benchmark. */
function scrapeRequest(
  agent: Agent,
  url: string,
  mustContain: string,
  onBody: (bytes: number) => void,
): Request {
  return async () => {
    const res = await request(url, { dispatcher: agent });
    const body = await res.body.text();
    onBody(Buffer.byteLength(body));
    if (res.statusCode !== 200 || !body.includes(mustContain)) {
      throw new Error(`${url.replace(/\?.*/, '')} answered ${res.statusCode} without "${mustContain}"`);
    }
  };
}

export async function run(): Promise<void> {
  const binary = debianBinary('prometheus-blackbox-exporter', 'prometheus-blackbox-exporter');
  if (!binary) {
    process.stdout.write(
      'skipped: prometheus-blackbox-exporter is the baseline and is not installed ' +
        '(apt-get install --no-install-recommends prometheus-blackbox-exporter)\n',
    );
    return;
  }

  const dir = await mkdtemp(join(tmpdir(), 'bench-exporter-scrape-'));
  const tokenFile = join(dir, 'jwt_token.txt');
  const agent = new Agent({ connections: CLIENTS });
  const started: { stop(): Promise<void> }[] = [];
  try {
    const sim: Simulator = await startSimulator({ port: 0, tokenFile });
    started.push(sim);
    const fresh: ExporterProcess = await startExporterProcess({
      apiUrl: sim.url,
      tokenFile,
      minIntervalMs: 0,
    });
    started.push(fresh);
    const shared: ExporterProcess = await startExporterProcess({
      apiUrl: sim.url,
      tokenFile,
      minIntervalMs: DEFAULT_TARGET.minIntervalMs,
    });
    started.push(shared);
    const blackbox: Blackbox = await startBlackbox(binary, sim.currentToken());
    started.push(blackbox);

    const up = 'spacetime_up{target="game"} 1';
    const probeOk = '\nprobe_success 1';
    const bb = (path: string, module: string) =>
      `${blackbox.url}/probe?target=${encodeURIComponent(sim.url + path)}&module=${module}`;
    /** Each case's URL and what its answer must contain. */
    const targets: Record<CaseName, [string, string]> = {
      'ours /metrics, min_interval 0': [`${fresh.url}/metrics`, up],
      'ours /probe, min_interval 0': [`${fresh.url}/probe?target=game`, up],
      'blackbox /status': [bb('/status', 'status'), probeOk],
      'blackbox /performance (auth)': [bb('/performance', 'performance'), probeOk],
      'ours /metrics, min_interval 1s': [`${shared.url}/metrics`, up],
      'ours /probe, min_interval 1s': [`${shared.url}/probe?target=game`, up],
    };
    const bodyBytes = new Map<CaseName, number>();
    const requests = Object.fromEntries(
      Object.entries(targets).map(([n, [url, mustContain]]) => [
        n,
        scrapeRequest(agent, url, mustContain, (bytes) => bodyBytes.set(n as CaseName, bytes)),
      ]),
    ) as Record<CaseName, Request>;
    const names = Object.keys(requests) as CaseName[];
    const cases = new Map<CaseName, Case>(
      names.map((n) => [
        n,
        {
          request: requests[n],
          sequential: new Latencies(),
          concurrent: new Latencies(),
          game: { sequential: {}, concurrent: {} },
        },
      ]),
    );
    const get = (n: CaseName): Case => cases.get(n) as Case;

    for (const n of names) await sequential(get(n).request, WARMUP);

    const measure = async (n: CaseName, kind: 'sequential' | 'concurrent'): Promise<void> => {
      const c = get(n);
      const before = sim.stats().requests;
      const round =
        kind === 'sequential'
          ? await sequential(c.request, SEQUENTIAL / ROUNDS)
          : await concurrent(c.request, CLIENTS, PER_CLIENT / ROUNDS);
      const after = sim.stats().requests;
      for (const route of ROUTES) {
        c.game[kind][route] = (c.game[kind][route] ?? 0) + routeDelta(before, after, route);
      }
      c[kind].add(round);
    };
    await interleaved(names, ROUNDS, (n) => measure(n, 'sequential'));
    await interleaved(names, ROUNDS, (n) => measure(n, 'concurrent'));

    const s = new Map<CaseName, { seq: Summary; conc: Summary }>(
      names.map((n) => [n, { seq: summarize(get(n).sequential), conc: summarize(get(n).concurrent) }]),
    );
    /** Game requests per scrape, as /performance + /status. */
    const perScrape = (c: Case, kind: 'sequential' | 'concurrent'): string =>
      ROUTES.map((r) => ((c.game[kind][r] ?? 0) / c[kind].samples.length).toFixed(3)).join(' + ');
    const sum = (n: CaseName) => s.get(n) as { seq: Summary; conc: Summary };

    process.stdout.write(
      `\n${SEQUENTIAL} sequential scrapes, then ${CLIENTS} concurrent clients x ${PER_CLIENT}, per case; ` +
        `${ROUNDS} alternating rounds. Latency in ms.\n\n`,
    );
    process.stdout.write(
      table(
        [
          'case',
          'seq p50',
          'p95',
          'p99',
          'seq/s',
          `${CLIENTS}x p50`,
          'p95',
          'p99',
          `${CLIENTS}x/s`,
          'game req/scrape seq (perf + status)',
          `${CLIENTS}x`,
          'body bytes',
        ],
        names.map((n) => {
          const { seq, conc } = sum(n);
          const c = get(n);
          return [
            n,
            ms(seq.p50),
            ms(seq.p95),
            ms(seq.p99),
            rate(seq.perSecond),
            ms(conc.p50),
            ms(conc.p95),
            ms(conc.p99),
            rate(conc.perSecond),
            perScrape(c, 'sequential'),
            perScrape(c, 'concurrent'),
            String(bodyBytes.get(n) ?? '-'),
          ];
        }),
      ),
    );

    const baselines: CaseName[] = ['blackbox /performance (auth)', 'blackbox /status'];
    const ours = names.filter((n) => n.startsWith('ours'));
    process.stdout.write(
      '\nRatios ours/blackbox (latency: above 1 is slower; throughput: below 1 is fewer scrapes/s)\n\n',
    );
    process.stdout.write(
      table(
        [
          'ours',
          'vs blackbox',
          'seq p50',
          'seq p99',
          'seq/s',
          `${CLIENTS}x p50`,
          `${CLIENTS}x p99`,
          `${CLIENTS}x/s`,
        ],
        ours.flatMap((o) =>
          baselines.map((b) => {
            const a = sum(o);
            const z = sum(b);
            return [
              o,
              b.replace('blackbox ', ''),
              ratio(a.seq.p50 / z.seq.p50),
              ratio(a.seq.p99 / z.seq.p99),
              ratio(a.seq.perSecond / z.seq.perSecond),
              ratio(a.conc.p50 / z.conc.p50),
              ratio(a.conc.p99 / z.conc.p99),
              ratio(a.conc.perSecond / z.conc.perSecond),
            ];
          }),
        ),
      ),
    );
  } finally {
    await agent.close();
    for (let s = started.pop(); s; s = started.pop()) await s.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
