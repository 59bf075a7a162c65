import { afterEach, describe, expect, it } from 'vitest';
import { startExporterStack, type ExporterStack } from '../support/stack-exporter.js';

describe('one poll per minimum interval, however many consumers', () => {
  let stack: ExporterStack | undefined;
  let stopLoops: (() => void) | undefined;

  afterEach(async () => {
    stopLoops?.();
    await stack?.stop();
    stack = undefined;
  });

  it('two scrapers and a third consumer on the same GameTarget cause one /performance request per interval', async () => {
    // Scaled down from "two Prometheus replicas every second plus a health monitor for 30 s": a
    // 500 ms minimum interval, scrapers every 100 ms, for 4 s, proves the same property in less time.
    // The third consumer stands in for the health monitor (not merged here yet): it calls poll()
    // on the shared GameTarget, exactly as the monitor does.
    const minIntervalMs = 500;
    const windowMs = 4_000;
    stack = await startExporterStack({ target: { minIntervalMs } });
    const s = stack;
    const before = s.sim.stats().requests['GET /performance'] ?? 0;
    let running = true;
    stopLoops = () => (running = false);
    let scrapes = 0;
    let monitorPolls = 0;
    const scraper = async (): Promise<void> => {
      while (running) {
        const res = await s.scrape('/metrics', { 'X-Prometheus-Scrape-Timeout-Seconds': '2' });
        expect(res.status).toBe(200);
        scrapes += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const monitor = async (): Promise<void> => {
      while (running) {
        const result = await s.gameTarget.poll();
        expect(result.ok).toBe(true);
        monitorPolls += 1;
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    const started = Date.now();
    const loops = [scraper(), scraper(), monitor()];
    await new Promise((r) => setTimeout(r, windowMs));
    running = false;
    await Promise.all(loops);
    const elapsed = Date.now() - started;

    const requests = (s.sim.stats().requests['GET /performance'] ?? 0) - before;
    const intervals = Math.ceil(elapsed / minIntervalMs);
    expect(scrapes + monitorPolls).toBeGreaterThan(4 * intervals);
    // At most one request per started interval (plus the one in flight when the window closed).
    expect(requests).toBeLessThanOrEqual(intervals + 1);
    expect(requests).toBeGreaterThan(0);
    const text = (await s.scrape()).text;
    // The exporter counts the polls it saw, not the scrapes: the shared ones count once.
    const counted = Number(
      /spacetime_exporter_polls_total\{target="game",outcome="ok"\} (\d+)/.exec(text)?.[1],
    );
    expect(counted).toBeLessThanOrEqual(requests + 1);
  });
});
