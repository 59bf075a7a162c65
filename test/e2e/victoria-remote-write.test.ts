import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianBinary } from '../support/binaries.js';
import { finitePoints, instantQuery } from '../deploy/support/promql.js';
import { notYet } from '../deploy/support/processes.js';
import { waitFor } from '../support/wait.js';
import { startPrometheus, startVictoriaMetrics, type Server } from '../deploy/support/stack.js';

const prometheusBin = debianBinary('prometheus', 'prometheus');
const victoriaBin = debianBinary('victoria-metrics', 'victoria-metrics');

/**
 * Prometheus → remote_write → VictoriaMetrics with the real Debian binaries. The scrape target
 * here is VictoriaMetrics' own /metrics, which is always there; the exporter variant of the same
 * path is in dashboards-queries.test.ts (every dashboard query against both stores).
 */
describe.skipIf(!prometheusBin || !victoriaBin)('VictoriaMetrics long-term storage (remote_write)', () => {
  let vm: Server | undefined;
  let prom: Server | undefined;

  beforeAll(async () => {
    vm = await startVictoriaMetrics(victoriaBin ?? '');
    const target = vm.url.replace('http://', '');
    prom = await startPrometheus(prometheusBin ?? '', {
      scrapeIntervalSeconds: 1,
      jobs: [{ job: 'victoria-self', targets: [target], labels: { instance: 'vm-under-test' } }],
      remoteWriteUrl: `${vm.url}/api/v1/write`,
    });
  }, 40_000);

  afterAll(async () => {
    await prom?.stop();
    await vm?.stop();
  });

  /** Polls (every failure counts as "not yet") for at most 20 s. */
  const until = <T>(what: string, check: () => Promise<T | undefined>): Promise<T> =>
    waitFor(notYet(check), 20_000, what);

  it(
    'series Prometheus scrapes arrive in VictoriaMetrics with their labels',
    { timeout: 40_000 },
    async () => {
      const query = 'vm_app_version{job="victoria-self", instance="vm-under-test"}';
      const inProm = await until('the scrape in Prometheus', async () => {
        const r = await instantQuery(prom?.url ?? '', query);
        return r.length ? r : undefined;
      });
      const inVm = await until('the remote-written series in VictoriaMetrics', async () => {
        const r = await instantQuery(vm?.url ?? '', query);
        return r.length ? r : undefined;
      });
      expect(inVm[0]?.metric).toEqual(inProm[0]?.metric);
      // `up` is written by Prometheus itself, so it only exists in VictoriaMetrics through remote_write.
      const up = await until('up in VictoriaMetrics', async () => {
        const r = await instantQuery(vm?.url ?? '', 'up{job="victoria-self"}');
        return finitePoints(r) ? r : undefined;
      });
      expect(up[0]?.value?.[1]).toBe('1');
    },
  );

  it('VictoriaMetrics keeps accumulating points from every scrape', { timeout: 40_000 }, async () => {
    const count = async (): Promise<number> =>
      Number(
        (await instantQuery(vm?.url ?? '', 'count_over_time(up{job="victoria-self"}[5m])'))[0]?.value?.[1] ??
          0,
      );
    const first = await until('points in VictoriaMetrics', async () =>
      (await count()) > 0 ? count() : undefined,
    );
    await until('more points in VictoriaMetrics', async () => ((await count()) > first ? true : undefined));
  });
});
