import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SCRAPE_TIMEOUT_MS, scrapeBudgetMs } from '../../src/exporter/scrape-budget.js';
import { parseListen } from '../../src/exporter/listen.js';
import { startExporter, type RunningExporter, type StartExporterOptions } from '../../src/exporter/start.js';
import { targetFromFlags } from '../../src/target/from-flags.js';
import { startFixtureGame, type FixtureGame } from '../support/fixture-game.js';

describe('exporter HTTP surface', () => {
  let dir: string;
  let game: FixtureGame;
  let exporter: RunningExporter | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exporter-server-'));
    await writeFile(join(dir, 'token'), 'fixture-token');
    game = await startFixtureGame({ performance: 'performance.godot.json', token: 'fixture-token' });
  });

  afterEach(async () => {
    await exporter?.stop();
    exporter = undefined;
    await game.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (extra: Partial<StartExporterOptions> = {}): Promise<RunningExporter> => {
    const target = targetFromFlags({
      apiUrl: game.url,
      healthEndpoint: '/performance',
      jwtToken: join(dir, 'token'),
      name: 'game',
    });
    exporter = await startExporter({
      listen: '127.0.0.1:0',
      targets: [target],
      defaultMetrics: false,
      ...extra,
    });
    return exporter;
  };

  it('answers /-/healthy and /-/ready, 404 elsewhere, 405 for other methods', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/-/healthy`)).status).toBe(200);
    expect((await fetch(`${url}/-/ready`)).status).toBe(200);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
    expect(game.requests).toEqual({});
  });

  it('refuses /probe for a URL, an unknown name, or no name, and never contacts anything', async () => {
    const { url } = await start();
    for (const [query, pattern] of [
      ['target=http://127.0.0.1:1/', /never a URL/],
      ['target=other', /unknown target "other"/],
      ['', /missing \?target=NAME/],
    ] as const) {
      const res = await fetch(`${url}/probe?${query}`);
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toMatch(pattern);
      expect(body).toContain('game');
    }
    expect(game.requests).toEqual({});
    const ok = await fetch(`${url}/probe?target=game`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('spacetime_up{target="game"} 1');
  });

  it('asks for basic auth or a bearer token when configured, and checks them', async () => {
    await writeFile(join(dir, 'password'), 's3cret\n');
    await writeFile(join(dir, 'bearer'), 'tok-123');
    const { url } = await start({
      web: { basicAuthUsers: { prometheus: join(dir, 'password') }, bearerTokenFile: join(dir, 'bearer') },
    });
    const basic = (user: string, pass: string) =>
      `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${url}/metrics`, { headers: { Authorization: basic('prometheus', 'wrong') } })).status,
    ).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { Authorization: 'Bearer tok-12' } })).status).toBe(401);
    expect((await fetch(`${url}/probe?target=game`)).status).toBe(401);
    expect(
      (await fetch(`${url}/metrics`, { headers: { Authorization: basic('prometheus', 's3cret') } })).status,
    ).toBe(200);
    expect((await fetch(`${url}/metrics`, { headers: { Authorization: 'Bearer tok-123' } })).status).toBe(
      200,
    );
    // Liveness stays open for orchestrators.
    expect((await fetch(`${url}/-/healthy`)).status).toBe(200);
  });

  it('refuses to start when a secret file is missing', async () => {
    await expect(start({ web: { bearerTokenFile: join(dir, 'absent') } })).rejects.toThrow(
      /cannot read bearer token file/,
    );
  });

  it('serves TLS from cert and key files', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keySize: 2048 });
    await writeFile(join(dir, 'cert.pem'), pems.cert);
    await writeFile(join(dir, 'key.pem'), pems.private);
    const { url } = await start({
      web: { tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') } },
    });
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${url}/metrics`,
        { ca: pems.cert, checkServerIdentity: () => undefined },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(body).toContain('spacetime_up{target="game"} 1');
  });

  it('rejects a bad configuration clearly', async () => {
    await expect(start({ metricsTarget: 'nope' })).rejects.toThrow(/metrics target "nope"/);
    await expect(start({ logSources: { nope: [] } })).rejects.toThrow(/unknown target "nope"/);
  });
});

describe('scrape budget and listen address', () => {
  it('takes the Prometheus timeout header minus an offset, bounded below', () => {
    expect(scrapeBudgetMs({ 'x-prometheus-scrape-timeout-seconds': '2' })).toBe(1500);
    expect(scrapeBudgetMs({ 'x-prometheus-scrape-timeout-seconds': '10' }, 1000)).toBe(9000);
    expect(scrapeBudgetMs({ 'x-prometheus-scrape-timeout-seconds': '0.4' })).toBe(300);
    expect(scrapeBudgetMs({ 'x-prometheus-scrape-timeout-seconds': 'soon' })).toBe(9500);
    expect(scrapeBudgetMs({})).toBe(9500);
  });

  it('bounds the timeout above, so a huge header cannot overflow the timer into a fake timeout', () => {
    const budget = scrapeBudgetMs({ 'x-prometheus-scrape-timeout-seconds': '1e9' });
    expect(budget).toBe(MAX_SCRAPE_TIMEOUT_MS - 500);
    // Node runs any timer above this at once.
    expect(budget).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('parses host:port, [v6]:port and :port (loopback)', () => {
    expect(parseListen('127.0.0.1:9091')).toEqual({ host: '127.0.0.1', port: 9091 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen(':9091')).toEqual({ host: '127.0.0.1', port: 9091 });
    expect(() => parseListen('9091')).toThrow(/host:port/);
    expect(() => parseListen('a:70000')).toThrow(/host:port/);
  });
});
