/**
 * `npm run bench [-- NAME...]`: runs the named benchmarks (all when none is named). A benchmark is
 * a module in bench/ exporting `run(): Promise<void>`; add it to BENCHMARKS by name.
 */
const BENCHMARKS: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  'log-parsing': () => import('./log-parsing.js'),
  'exporter-scrape': () => import('./exporter-scrape.js'),
  'client-poll': () => import('./client-poll.js'),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}\n`,
  );
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(BENCHMARKS)) {
  process.stdout.write(`== ${name}\n`);
  const load = BENCHMARKS[name];
  if (load) await (await load()).run();
}
