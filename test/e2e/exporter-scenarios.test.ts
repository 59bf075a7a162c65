import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePromText, value } from '../support/prom-text.js';
import { scrapeUntil, startExporterStack, type ExporterStack } from '../support/stack-exporter.js';

const t = { target: 'game' };
const num = (text: string, name: string) => value(parsePromText(text), name, t);

describe('exporter through game restarts, certificates and telemetry flaps', () => {
  let stack: ExporterStack | undefined;
  let observer: WebSocket | undefined;

  afterEach(async () => {
    observer?.terminate();
    await stack?.stop();
    stack = undefined;
    observer = undefined;
  });

  it('restart: spacetime_process_start_time_seconds changes (JWT iat, no pid configured)', async () => {
    stack = await startExporterStack({ target: { minIntervalMs: 100 } });
    const before = num((await stack.scrape()).text, 'spacetime_process_start_time_seconds');
    expect(before).toBeGreaterThan(0);
    stack.sim.setScenario('restart');
    await stack.sim.whenSettled();
    const text = await scrapeUntil(
      stack,
      (x) => (num(x, 'spacetime_process_start_time_seconds') ?? before) !== before,
      'a new start time after the restart',
    );
    const after = num(text, 'spacetime_process_start_time_seconds') as number;
    expect(after).toBeGreaterThan(before as number);
    expect(num(text, 'spacetime_up')).toBe(1);
    // The restarted game's token: a new expiry, one token lifetime after the new start.
    expect(num(text, 'spacetime_token_expiry_timestamp_seconds')).toBe(after + 3600);
  });

  it('process metrics from a pid file or a process name match those of the pid', async () => {
    const comm = (await readFile(`/proc/${process.pid}/comm`, 'utf8')).trim();
    const byPid = await startExporterStack({ target: { process: { pid: process.pid } } });
    const pidStart = num((await byPid.scrape()).text, 'spacetime_process_start_time_seconds');
    await writeFile(join(byPid.dir, 'game.pid'), `${process.pid}\n`);
    const pidFile = join(byPid.dir, 'game.pid');
    stack = byPid;
    for (const spec of [{ pidFile }, { name: comm }]) {
      const other = await startExporterStack({ target: { process: spec } });
      try {
        const text = (await other.scrape()).text;
        expect(num(text, 'spacetime_process_resident_memory_bytes'), JSON.stringify(spec)).toBeGreaterThan(0);
        expect(num(text, 'spacetime_process_cpu_seconds_total')).toBeGreaterThan(0);
        if ('pidFile' in spec) expect(num(text, 'spacetime_process_start_time_seconds')).toBe(pidStart);
        else expect(num(text, 'spacetime_process_start_time_seconds')).toBeGreaterThan(0);
      } finally {
        await other.stop();
      }
    }
  });

  it('cert-expiring: the expiry gauge is the certificate notAfter', async () => {
    stack = await startExporterStack({ sim: { scenario: 'cert-expiring', scenarioParams: { days: 5 } } });
    expect(stack.sim.url).toMatch(/^https:/);
    const text = (await stack.scrape()).text;
    expect(num(text, 'spacetime_up')).toBe(1);
    const notAfter = Date.parse(new X509Certificate(stack.sim.caPem as string).validTo) / 1000;
    expect(num(text, 'spacetime_tls_cert_expiry_timestamp_seconds')).toBe(notAfter);
    const days =
      ((num(text, 'spacetime_tls_cert_expiry_timestamp_seconds') as number) - Date.now() / 1000) / 86400;
    expect(days).toBeGreaterThan(4);
    expect(days).toBeLessThanOrEqual(5.01);
  });

  it('telemetry-flap: the disconnect counter rises by the number of flaps', async () => {
    stack = await startExporterStack({ telemetry: true });
    const s = stack;
    await scrapeUntil(s, (x) => num(x, 'spacetime_telemetry_connected') === 1, 'telemetry connected');
    const before = num((await s.scrape()).text, 'spacetime_telemetry_disconnects_total') as number;

    // An independent client counts the flaps: every flap drops every client, and both reconnect
    // long before the next one (interval 400 ms, reconnect backoff 20 ms).
    let flaps = 0;
    let stopped = false;
    const connectObserver = (): void => {
      if (stopped) return;
      const ws = new WebSocket(s.sim.telemetryUrl as string);
      observer = ws;
      let opened = false;
      ws.on('open', () => (opened = true));
      ws.on('error', () => undefined);
      ws.on('close', () => {
        if (opened && !stopped) flaps += 1;
        setTimeout(connectObserver, 20);
      });
    };
    connectObserver();
    await new Promise((r) => setTimeout(r, 200));
    s.sim.setScenario('telemetry-flap', { interval_ms: 400 });
    await new Promise((r) => setTimeout(r, 2_200));
    s.sim.setScenario('healthy');
    await s.sim.whenSettled();
    stopped = true;
    const text = await scrapeUntil(
      s,
      (x) => num(x, 'spacetime_telemetry_connected') === 1,
      'telemetry reconnected',
    );
    expect(flaps).toBeGreaterThanOrEqual(3);
    expect((num(text, 'spacetime_telemetry_disconnects_total') as number) - before).toBe(flaps);
  });
});
