import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthMonitor, type HealthMonitor } from '../../src/health/index.js';
import { startExporterStack, type ExporterStack } from '../support/stack-exporter.js';

describe('one poll per minimum interval, however many consumers', () => {
  let stack: ExporterStack | undefined;
  let stopLoops: (() => void) | undefined;
  let monitor: HealthMonitor | undefined;

  afterEach(async () => {
    stopLoops?.();
    await monitor?.stop();
    monitor = undefined;
    await stack?.stop();
    stack = undefined;
  });

  it(
    'two scrapers every second and a health monitor for 30 s cause one /performance request per interval',
    { timeout: 60_000 },
    async () => {
      // As the issue states it: two Prometheus replicas scraping every second, a health monitor
      // checking every second, all on one GameTarget with the default 1 s minimum interval, for 30 s.
      const minIntervalMs = 1_000;
      const windowMs = 30_000;
      stack = await startExporterStack({ target: { minIntervalMs } });
      const s = stack;
      const before = s.sim.stats().requests['GET /performance'] ?? 0;
      let running = true;
      stopLoops = () => (running = false);
      let scrapes = 0;
      const scraper = async (): Promise<void> => {
        while (running) {
          const res = await s.scrape('/metrics', { 'X-Prometheus-Scrape-Timeout-Seconds': '2' });
          expect(res.status).toBe(200);
          scrapes += 1;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      };
      const started = Date.now();
      monitor = await startHealthMonitor({
        targets: [s.gameTarget],
        intervalMs: 1_000,
        jitter: 0,
        logFile: join(s.dir, 'health.log'),
      });
      const loops = [scraper(), scraper()];
      await new Promise((r) => setTimeout(r, windowMs));
      running = false;
      await Promise.all(loops);
      const checks = monitor.stats().targets.game?.checks ?? 0;
      await monitor.stop();
      monitor = undefined;
      const elapsed = Date.now() - started;

      const requests = (s.sim.stats().requests['GET /performance'] ?? 0) - before;
      const intervals = Math.ceil(elapsed / minIntervalMs);
      // Each consumer asked about once a second (bounded below loosely for a loaded machine).
      expect(scrapes).toBeGreaterThanOrEqual(intervals);
      expect(checks).toBeGreaterThanOrEqual(intervals / 2);
      // At most one request per started interval (plus the one in flight when the window closed).
      expect(requests).toBeLessThanOrEqual(intervals + 1);
      expect(requests).toBeGreaterThan(0);
      const text = (await s.scrape()).text;
      // The exporter counts the polls it saw, not the scrapes: the shared ones count once.
      const counted = Number(
        /spacetime_exporter_polls_total\{target="game",outcome="ok"\} (\d+)/.exec(text)?.[1],
      );
      expect(counted).toBeLessThanOrEqual(requests + 1);
    },
  );
});
