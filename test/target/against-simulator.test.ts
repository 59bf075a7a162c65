import { X509Certificate } from 'node:crypto';
import { utimes, writeFile } from 'node:fs/promises';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { createGameTarget } from '../../src/target/game-target.js';
import type { FailureKind } from '../../src/target/failure.js';
import type { GameTarget, PollResult, TargetConfig } from '../../src/target/types.js';
import { captureLogger, targetConfig, tempDir } from './helpers.js';

const performanceRequests = (sim: Simulator) => sim.stats().requests['GET /performance'] ?? 0;

function expectFailure(result: PollResult, kind: FailureKind): string {
  if (result.ok) throw new Error(`expected ${kind}, got a sample`);
  expect(result.failure.kind).toBe(kind);
  return result.failure.message;
}

describe('the client against the simulator', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  /** A simulated game writing its token file in a temp dir, and a client reading that file. */
  async function game(
    options: SimulatorOptions = {},
    overrides: Partial<TargetConfig> = {},
    logger?: ReturnType<typeof captureLogger>['logger'],
  ): Promise<{ sim: Simulator; target: GameTarget; tokenFile: string; dir: string }> {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const tokenFile = tmp.path('jwt_token.txt');
    const sim = await startSimulator({ port: 0, tokenFile, ...options });
    cleanup.push(() => sim.stop());
    const target = createGameTarget(
      targetConfig(sim.url, { token: { kind: 'file', path: tokenFile }, ...overrides }),
      { logger },
    );
    cleanup.push(() => target.close());
    return { sim, target, tokenFile, dir: tmp.dir };
  }

  it('reads the godot shape the game emits, with the exact Authorization header', async () => {
    const { sim, target } = await game({ shape: 'godot' });
    const result = await target.poll();
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.sample.shape).toBe('godot');
    expect(result.sample.engine.fps).toBeGreaterThan(60);
    expect(result.sample.memory.staticBytes).toBeGreaterThan(0);
    expect(result.sample.cache.hitRatio).toBeGreaterThanOrEqual(0);
    expect(result.sample.cache.hitRatio).toBeLessThanOrEqual(1);
    expect(result.sample.unknown['security.auth_failures']).toMatch(/godot shape/);
    expect(performanceRequests(sim)).toBe(1);
    expect(target.tokenInfo()).toMatchObject({ source: 'file', expiresAt: expect.any(Number) });
    expect(target.tokenInfo()!.expiresAt! - target.tokenInfo()!.issuedAt!).toBe(3600);
  });

  it('reads the documented shape', async () => {
    const { target } = await game({ shape: 'documented' });
    const result = await target.poll();
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.sample.shape).toBe('documented');
    expect(result.sample.security.authFailures).toBeGreaterThanOrEqual(0);
    expect(result.sample.security.blockedIps).toBeInstanceOf(Array);
    expect(result.sample.cache.hitRatio).toBeLessThanOrEqual(1);
  });

  it('reads /status: VR flags, api_version, environment, autoloads; never hands out jwt_token', async () => {
    const { target, sim } = await game();
    const result = await target.status();
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.status.apiVersion).toBe('1.0.0');
    expect(typeof result.status.vrInitialized).toBe('boolean');
    expect(Object.keys(result.status.autoloads).length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain(sim.currentToken());
  });

  it('single-flight: 50 concurrent callers, 1 request counted by the simulator (GET /stats on its control port)', async () => {
    const { sim, target } = await game({ controlPort: 0 });
    const results = await Promise.all(Array.from({ length: 50 }, () => target.poll()));
    expect(results.every((r) => r.ok)).toBe(true);
    const stats = (await (await fetch(`${sim.controlUrl}/stats`)).json()) as {
      total: number;
      requests: Record<string, number>;
    };
    expect(stats.requests['GET /performance']).toBe(1);
    expect(stats.total).toBe(1);
  });

  it('single-flight holds while the game is slow, too', async () => {
    const { sim, target } = await game({ scenario: 'slow', scenarioParams: { delay_ms: 300 } });
    const results = await Promise.all(Array.from({ length: 50 }, () => target.poll()));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(performanceRequests(sim)).toBe(1);
  });

  it('connection_refused: scenario down', async () => {
    const { target } = await game({ scenario: 'down' });
    expectFailure(await target.poll(), 'connection_refused');
  });

  it('response_timeout: scenario hang (accepted, never answered)', async () => {
    const { target } = await game({ scenario: 'hang' }, { responseTimeoutMs: 300 });
    expect(expectFailure(await target.poll(), 'response_timeout')).toMatch(/main loop stalled/);
  });

  it('response_timeout: scenario slow beyond the response timeout; within it the sample arrives', async () => {
    const { target, sim } = await game(
      { scenario: 'slow', scenarioParams: { delay_ms: 600 } },
      { responseTimeoutMs: 200 },
    );
    expectFailure(await target.poll(), 'response_timeout');
    sim.setScenario('slow', { delay_ms: 50 });
    await sim.whenSettled();
    expect((await target.poll({ maxAgeMs: 0 })).ok).toBe(true);
  });

  it('http_error with the code: scenario http-500', async () => {
    const { target } = await game({ scenario: 'http-500' });
    const result = await target.poll();
    expectFailure(result, 'http_error');
    expect(!result.ok && result.failure.statusCode).toBe(500);
  });

  it('not_json: scenario garbage-body', async () => {
    const { target } = await game({ scenario: 'garbage-body' });
    expectFailure(await target.poll(), 'not_json');
  });

  it('connection_reset: scenario truncated-body (the game closes mid-answer)', async () => {
    const { target } = await game({ scenario: 'truncated-body' });
    expect(expectFailure(await target.poll(), 'connection_reset')).toMatch(/before the answer was complete/);
  });

  it('body_too_large: scenario huge-body over the 1 MiB default cap; a larger cap reads it', async () => {
    const { target, sim, tokenFile } = await game({
      scenario: 'huge-body',
      scenarioParams: { bytes: 2 * 1024 * 1024 },
    });
    expect(target.config.maxBodyBytes).toBe(1024 * 1024);
    expectFailure(await target.poll(), 'body_too_large');
    const roomy = createGameTarget(
      targetConfig(sim.url, { token: { kind: 'file', path: tokenFile }, maxBodyBytes: 4 * 1024 * 1024 }),
    );
    cleanup.push(() => roomy.close());
    expect((await roomy.poll()).ok).toBe(true);
  });

  it('auth_refused: scenario token-expired, never reported as the API being down', async () => {
    const { target } = await game({ scenario: 'token-expired' });
    const result = await target.poll();
    const message = expectFailure(result, 'auth_refused');
    expect(!result.ok && result.failure.statusCode).toBe(401);
    // The simulator rewrites the token file with the expired token, so the client can say why.
    expect(message).toMatch(/the token expired at|the API itself is up/);
    expect(message).not.toMatch(/\bdown\b/);
  });

  it('auth_refused: a token past its exp says so', async () => {
    const { target } = await game({ tokenTtlSeconds: 0 });
    expect(expectFailure(await target.poll(), 'auth_refused')).toMatch(/token expired at/);
  });

  it('auth_refused: quirk separate-performance-token is named in the message', async () => {
    const { target, sim } = await game({ quirks: { separatePerformanceToken: true } });
    const message = expectFailure(await target.poll(), 'auth_refused');
    expect(message).toMatch(/may check a separate token on \/performance/);
    expect(message).toMatch(/separate-performance-token/);
    expect(message).not.toContain(sim.currentToken());
    // The JWT is accepted elsewhere: /status works, so it is not "API down".
    expect((await target.status()).ok).toBe(true);
  });

  it('token_unavailable: no token file, no request to /performance', async () => {
    const { target, sim } = await game({}, { token: { kind: 'file', path: '/nonexistent/jwt_token.txt' } });
    expectFailure(await target.poll(), 'token_unavailable');
    expect(performanceRequests(sim)).toBe(0);
  });

  it('token source status (development builds) reads /status jwt_token', async () => {
    const { target } = await game({}, { token: { kind: 'status' } });
    expect((await target.poll()).ok).toBe(true);
    expect(target.tokenInfo()?.source).toBe('status');
  });

  describe('token rotation after a simulated restart', () => {
    it('picks up the rewritten token file before asking: no 401, no failure', async () => {
      const log = captureLogger();
      const { target, sim } = await game({}, {}, log.logger);
      expect((await target.poll()).ok).toBe(true);
      const before = sim.currentToken();
      const issuedBefore = target.tokenInfo()?.issuedAt;
      sim.setScenario('restart');
      await sim.whenSettled();
      expect(sim.currentToken()).not.toBe(before);
      const after = await target.poll({ maxAgeMs: 0 });
      expect(after.ok).toBe(true);
      expect(performanceRequests(sim)).toBe(2);
      expect(target.tokenInfo()!.issuedAt!).toBeGreaterThan(issuedBefore!);
      // Two requests in all: the restart cost no refused request, hence no auth failure in the game's audit log.
      expect(log.lines.join('')).not.toMatch(/retrying once|auth_refused/);
    });

    it('when the file looks unchanged (copied, same mtime): one 401, re-read, retry, no failure to the caller', async () => {
      const { sim, dir } = await game();
      // The client reads a copy of the token whose size and mtime stay the same across the restart,
      // as with a synced copy on a coarse-mtime filesystem: only the 401 reveals the new token.
      const copy = `${dir}/copied_token.txt`;
      const sync = async () => {
        await writeFile(copy, sim.currentToken());
        await utimes(copy, 1_700_000_000, 1_700_000_000);
      };
      await sync();
      const log = captureLogger();
      const target = createGameTarget(targetConfig(sim.url, { token: { kind: 'file', path: copy } }), {
        logger: log.logger,
      });
      cleanup.push(() => target.close());
      expect((await target.poll()).ok).toBe(true);

      const before = sim.currentToken();
      sim.setScenario('restart');
      await sim.whenSettled();
      expect(sim.currentToken()).not.toBe(before);
      expect(sim.currentToken().length).toBe(before.length);
      await sync();
      const after = await target.poll({ maxAgeMs: 0 });
      expect(after.ok).toBe(true);
      // First poll, then the refused one and its retry.
      expect(performanceRequests(sim)).toBe(3);
      expect(log.lines.join('')).toMatch(/retrying once/);
    });
  });

  describe('TLS: scenario cert-expiring', () => {
    it('records the certificate expiry, trusts a custom CA file, and accepts insecure when asked', async () => {
      const { sim, tokenFile, dir } = await game({ scenario: 'cert-expiring', scenarioParams: { days: 5 } });
      expect(sim.url).toMatch(/^https:/);
      const caFile = `${dir}/sim-ca.pem`;
      await writeFile(caFile, sim.caPem!);
      const notAfter = Date.parse(new X509Certificate(sim.caPem!).validTo) / 1000;

      const trusted = createGameTarget(
        targetConfig(sim.url, { token: { kind: 'file', path: tokenFile }, tls: { caFile } }),
      );
      const insecure = createGameTarget(
        targetConfig(sim.url, { token: { kind: 'file', path: tokenFile }, tls: { insecure: true } }),
      );
      cleanup.push(
        () => trusted.close(),
        () => insecure.close(),
      );
      expect((await trusted.poll()).ok).toBe(true);
      expect(trusted.tlsCertificateExpiry()).toBe(notAfter);
      expect(notAfter - Date.now() / 1000).toBeGreaterThan(4 * 86_400);
      expect(notAfter - Date.now() / 1000).toBeLessThan(5 * 86_400 + 60);
      expect((await insecure.poll()).ok).toBe(true);
      expect(insecure.tlsCertificateExpiry()).toBe(notAfter);
    });

    it('tls_error without the CA and with a wrong CA', async () => {
      const { sim, tokenFile, dir } = await game({ scenario: 'cert-expiring' });
      const wrongCa = await generate([{ name: 'commonName', value: 'not the simulator' }], {
        keyType: 'ec',
        algorithm: 'sha256',
      });
      const wrongFile = `${dir}/wrong-ca.pem`;
      await writeFile(wrongFile, wrongCa.cert);
      const plain = createGameTarget(targetConfig(sim.url, { token: { kind: 'file', path: tokenFile } }));
      const wrong = createGameTarget(
        targetConfig(sim.url, { token: { kind: 'file', path: tokenFile }, tls: { caFile: wrongFile } }),
      );
      cleanup.push(
        () => plain.close(),
        () => wrong.close(),
      );
      expect(expectFailure(await plain.poll(), 'tls_error')).toMatch(/TLS: /);
      expect(expectFailure(await wrong.poll(), 'tls_error')).toMatch(/TLS: /);
      expect(performanceRequests(sim)).toBe(0);
    });
  });
});
