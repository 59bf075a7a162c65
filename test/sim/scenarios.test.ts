import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { bearer, get, keysSorted, waitFor } from './raw-http.js';
import { useSimulators } from './sim-fixture.js';

const sims = useSimulators();

async function performance(
  s: Simulator,
): Promise<{ engine: { fps: number }; memory: { static_memory_usage: number } }> {
  const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
  return JSON.parse(res.body) as { engine: { fps: number }; memory: { static_memory_usage: number } };
}

async function switchTo(s: Simulator, name: string, params?: Record<string, number>): Promise<void> {
  s.setScenario(name, params);
  await s.whenSettled();
}

function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code));
  });
}

describe('scenarios seen from outside', () => {
  it('down stops listening (connection refused); healthy listens again on the same port', async () => {
    const s = await sims.start();
    const port = s.port;
    await switchTo(s, 'down');
    expect(await connectError(port)).toBe('ECONNREFUSED');
    await switchTo(s, 'healthy');
    expect(s.port).toBe(port);
    expect((await get(port, '/status')).status).toBe(200);
  });

  it('hang accepts and never answers; stop() releases the parked socket', async () => {
    const s = await sims.start({ scenario: 'hang' });
    const timedOut = await get(s.port, '/status', [], { timeoutMs: 300 });
    expect(timedOut.ended).toBe('timeout');
    expect(timedOut.raw).toBe('');
    let connected!: () => void;
    const parked = new Promise<void>((resolve) => (connected = resolve));
    const pending = get(s.port, '/status', [], { timeoutMs: 10_000, onConnect: () => connected() });
    await parked; // connected and the request sent: stop() must release it, not refuse it
    await s.stop();
    const res = await pending;
    expect(res.ended).not.toBe('timeout');
    expect(res.raw).toBe('');
  });

  it('slow delays every answer by delay_ms (request time in the access log)', async () => {
    const s = await sims.start({ scenario: 'slow', scenarioParams: { delay_ms: 300 } });
    expect((await get(s.port, '/status')).status).toBe(200);
    const line = (await sims.log('http_api_access.log')).trim().split('\n').pop() ?? '';
    expect(Number(line.split(' ').pop())).toBeGreaterThanOrEqual(0.29);
  });

  it('http-500 answers 500 everywhere and logs the script error', async () => {
    const s = await sims.start();
    await switchTo(s, 'http-500');
    expect((await get(s.port, '/status')).status).toBe(500);
    expect((await get(s.port, '/performance', [bearer(s.currentToken())])).status).toBe(500);
    expect(await sims.log('godot_console.log')).toMatch(/^SCRIPT ERROR: .*\n {3}at: /m);
  });

  it('garbage-body answers 200 with a body that is not JSON', async () => {
    const s = await sims.start({ scenario: 'garbage-body' });
    const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.body) as unknown).toThrow();
  });

  it('truncated-body announces more bytes than it sends, then closes', async () => {
    const s = await sims.start({ scenario: 'truncated-body' });
    const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
    const declared = Number(res.headers.find(([n]) => n === 'Content-Length')?.[1]);
    expect(Buffer.byteLength(res.body)).toBeLessThan(declared);
  });

  it('huge-body answers valid JSON larger than 1 MiB', async () => {
    const s = await sims.start({ scenario: 'huge-body' });
    const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
    expect(Buffer.byteLength(res.body)).toBeGreaterThan(1024 * 1024);
    expect((JSON.parse(res.body) as { engine: unknown }).engine).toBeDefined();
    expect(keysSorted(JSON.parse(res.body))).toBe(true);
  });

  it('token-expired serves and writes a token whose exp is past, refused with "Token expired"', async () => {
    const s = await sims.start();
    const valid = s.currentToken();
    await switchTo(s, 'token-expired');
    const claims = JSON.parse(Buffer.from(s.currentToken().split('.')[1] ?? '', 'base64url').toString()) as {
      exp: number;
    };
    expect(claims.exp).toBeLessThan(Date.now() / 1000);
    expect(await readFile(join(sims.dir(), 'jwt_token.txt'), 'utf8')).toBe(s.currentToken());
    expect((await get(s.port, '/performance', [bearer(valid)])).status).toBe(401);
    expect((await get(s.port, '/performance', [bearer(s.currentToken())])).status).toBe(401);
    expect(await sims.log('godot_console.log')).toContain('[Security] Auth failed: Token expired');
    expect(await sims.log('http_api_audit.log')).toMatch(/\[\/performance\] \[AUTH_FAILURE\] Token expired/);
    await switchTo(s, 'healthy');
    expect((await get(s.port, '/performance', [bearer(s.currentToken())])).status).toBe(200);
  });

  it('restart issues a new secret and token, rewrites the file, logs start lines, changes iat', async () => {
    const s = await sims.start();
    const old = s.currentToken();
    const iat = (t: string): number =>
      (JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString()) as { iat: number }).iat;
    await switchTo(s, 'restart');
    const fresh = s.currentToken();
    expect(fresh).not.toBe(old);
    expect(iat(fresh)).toBeGreaterThan(iat(old));
    expect(await readFile(join(sims.dir(), 'jwt_token.txt'), 'utf8')).toBe(fresh);
    expect((await get(s.port, '/performance', [bearer(old)])).status).toBe(401);
    expect((await get(s.port, '/performance', [bearer(fresh)])).status).toBe(200);
    const consoleLog = await sims.log('godot_console.log');
    expect(consoleLog.match(/HTTP Server listening on/g)).toHaveLength(2);
    expect(consoleLog).toContain('[Security] Auth failed: Invalid signature');
    expect(await sims.log('http_api_audit.log')).toMatch(/\[SHUTDOWN\][\s\S]*\[STARTUP\]/);
    expect(s.scenario().name).toBe('healthy');
  });

  it('auth-storm writes auth failures to audit and console logs and the documented counters', async () => {
    const s = await sims.start({
      shape: 'documented',
      scenario: 'auth-storm',
      scenarioParams: { rate_per_s: 100 },
    });
    await waitFor(
      async () => ((await sims.log('http_api_audit.log')).match(/AUTH_FAILURE/g)?.length ?? 0) >= 40,
    );
    expect(await sims.log('godot_console.log')).toMatch(
      /\[Security\] Auth failed: (Invalid signature|Token expired)/,
    );
    const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
    const security = (JSON.parse(res.body) as { security: { auth_failures: number; blocked_ips: string[] } })
      .security;
    expect(security.auth_failures).toBeGreaterThanOrEqual(40);
    expect(security.blocked_ips.length).toBeGreaterThan(0);
  });

  it('rate-limit-storm empties the scene buckets: callers get 429, audit and counters show it', async () => {
    const s = await sims.start({ shape: 'documented' });
    await switchTo(s, 'rate-limit-storm');
    expect((await get(s.port, '/scenes', [bearer(s.currentToken())])).status).toBe(429);
    await waitFor(async () =>
      /\[RATE_LIMIT\] Rate limit exceeded/.test(await sims.log('http_api_audit.log')),
    );
    const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
    expect(
      (JSON.parse(res.body) as { security: { rate_limit_violations: number } }).security
        .rate_limit_violations,
    ).toBeGreaterThan(0);
  });

  it('scene-failures logs timed-out loads with multi-line ERROR events', async () => {
    await sims.start({ scenario: 'scene-failures', scenarioParams: { interval_ms: 50 } });
    const log = await waitFor(async () => {
      const text = await sims.log('godot_console.log');
      return /Scene load timed out after 30\.0 seconds: res:\/\/scenes\//.test(text) ? text : undefined;
    });
    expect(log).toMatch(
      /^ERROR: Failed to load resource .*\n {3}at: _load \(core\/io\/resource_loader\.cpp:283\)/m,
    );
    expect(await sims.log('http_api_audit.log')).toMatch(/\[\/scene\] \[FAILURE\] load timed out/);
  });

  it('scene-slow records loads slower than duration_ms in history and console', async () => {
    const s = await sims.start({
      scenario: 'scene-slow',
      scenarioParams: { duration_ms: 4000, interval_ms: 60_000 },
    });
    const entry = await waitFor(async () => {
      const res = await get(s.port, '/scene/history', [bearer(s.currentToken())]);
      const h = (JSON.parse(res.body) as { history: { load_duration_ms: number }[] }).history[0];
      return h && h.load_duration_ms >= 3800 ? h : undefined;
    });
    expect(entry.load_duration_ms).toBeGreaterThanOrEqual(3800);
    expect(await sims.log('godot_console.log')).toMatch(
      /\[SceneLoadMonitor\] Scene loaded: \w+ in (3[89]\d\d|4\d{3})ms/,
    );
  });

  it('headset-disconnect clears the VR flags and logs the HMD and tracker lines', async () => {
    const s = await sims.start();
    await switchTo(s, 'headset-disconnect');
    expect(JSON.parse((await get(s.port, '/status')).body)).toMatchObject({
      vr_initialized: false,
      vr_mode: 2,
    });
    const log = await sims.log('godot_console.log');
    expect(log).toContain('[WARN] [VRManager] HMD disconnected - consider enabling desktop fallback');
    expect(log).toContain('[VRManager] Tracker removed: head (type: 1)');
    await switchTo(s, 'healthy');
    expect(JSON.parse((await get(s.port, '/status')).body)).toMatchObject({
      vr_initialized: true,
      vr_mode: 1,
    });
  });

  it('low-fps drives fps below 45 and logs dropped frames', async () => {
    const s = await sims.start({ scenario: 'low-fps', scenarioParams: { fps: 30 } });
    await waitFor(async () => (await performance(s)).engine.fps < 45);
    await waitFor(async () =>
      (await sims.log('godot_console.log')).includes('[VRPerformanceMonitor] Frame dropped!'),
    );
  });

  it('frozen-clock keeps answering while the game timestamp stops, and moves on when healed', async () => {
    const s = await sims.start();
    await switchTo(s, 'frozen-clock');
    const stamp = async (): Promise<number> =>
      (
        JSON.parse((await get(s.port, '/performance', [bearer(s.currentToken())])).body) as {
          timestamp: number;
        }
      ).timestamp;
    const first = await stamp();
    // Bounded: wait until the wall clock has clearly moved past the frozen instant.
    await waitFor(() => Date.now() / 1000 > first + 0.05);
    expect(await stamp()).toBe(first);
    await switchTo(s, 'healthy');
    await waitFor(async () => (await stamp()) > first);
  });

  it('fps-dip dips fps to the given value', async () => {
    const s = await sims.start();
    await switchTo(s, 'fps-dip', { fps: 50, duration_ms: 60_000, interval_ms: 60_000 });
    await waitFor(async () => (await performance(s)).engine.fps <= 50);
  });

  it('memory-leak grows static memory', async () => {
    const s = await sims.start();
    const before = (await performance(s)).memory.static_memory_usage;
    await switchTo(s, 'memory-leak', { bytes_per_second: 100_000_000 });
    await waitFor(async () => (await performance(s)).memory.static_memory_usage > before + 10_000_000);
  });

  it('memory-high reports the given static memory', async () => {
    const s = await sims.start({ scenario: 'memory-high', scenarioParams: { bytes: 11_000_000_000 } });
    const mem = (await performance(s)).memory.static_memory_usage;
    expect(mem).toBeGreaterThan(10_900_000_000);
  });

  it('high-traffic writes more than 250 requests per second into the access log', async () => {
    await sims.start({ scenario: 'high-traffic', scenarioParams: { rate_per_s: 600 } });
    const lines = await waitFor(async () => {
      const l = (await sims.log('http_api_access.log')).trim().split('\n');
      return l.length >= 1300 ? l : undefined;
    }, 8000);
    const perSecond = new Map<string, number>();
    for (const line of lines) {
      const second = /\[([^\]]+)\]/.exec(line)?.[1] ?? '';
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeGreaterThan(250);
    expect(lines[0]).toMatch(
      /^\d+\.\d+\.\d+\.\d+ - - \[.+\] "(GET|POST) \/\S* HTTP\/1\.1" \d{3} \d+ "-" "[^"]+" \d+\.\d{3}$/,
    );
  });

  it('error-burst makes more than 5 % of served and logged requests 5xx while /performance answers', async () => {
    const s = await sims.start({ scenario: 'error-burst', scenarioParams: { ratio: 0.2, rate_per_s: 200 } });
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await get(s.port, '/status')).status ?? 0);
    expect(codes.filter((c) => c >= 500).length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 5; i++)
      expect((await get(s.port, '/performance', [bearer(s.currentToken())])).status).toBe(200);
    const lines = await waitFor(async () => {
      const l = (await sims.log('http_api_access.log')).trim().split('\n');
      return l.length >= 200 ? l : undefined;
    });
    const errors = lines.filter((l) => /" 5\d\d /.test(l)).length;
    expect(errors / lines.length).toBeGreaterThan(0.05);
  });

  it('cpu-burn shows up in /proc as CPU time of the simulator process', async () => {
    // utime + stime of this process (the simulator runs in it), in clock ticks of 1/100 s.
    const cpuTicks = async (): Promise<number> => {
      const fields = (await readFile('/proc/self/stat', 'utf8')).replace(/^.*\) /, '').split(' ');
      return Number(fields[11]) + Number(fields[12]);
    };
    const s = await sims.start();
    const before = await cpuTicks();
    await switchTo(s, 'cpu-burn', { load: 0.9 });
    // Half a CPU second burnt while this test only sleeps; bounded, not timed (2 shared cores).
    await waitFor(async () => (await cpuTicks()) - before >= 50, 8000);
    await switchTo(s, 'healthy');
  });

  it('cert-expiring serves https with a certificate expiring in the given days', async () => {
    const s = await sims.start();
    const port = s.port;
    await switchTo(s, 'cert-expiring', { days: 3 });
    expect(s.url).toBe(`https://127.0.0.1:${port}`);
    const { connect } = await import('node:tls');
    const cert = await new Promise<{ valid_to: string }>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: s.caPem, servername: 'localhost' }, () => {
        resolve(socket.getPeerCertificate());
        socket.destroy();
      });
      socket.once('error', reject);
    });
    const days = (Date.parse(cert.valid_to) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    const res = await get(port, '/status', [], { tls: { ca: s.caPem ?? '' } });
    expect(res.status).toBe(200);
    await switchTo(s, 'healthy');
    expect(s.url).toBe(`http://127.0.0.1:${port}`);
    expect((await get(port, '/status')).status).toBe(200);
  });

  it('rejects unknown scenarios and parameters', async () => {
    const s = await sims.start();
    expect(() => s.setScenario('meltdown')).toThrow(/unknown scenario "meltdown"/);
    expect(() => s.setScenario('slow', { delay: 5 })).toThrow(/no parameter "delay".*delay_ms/);
    expect(() => s.setScenario('slow', { delay_ms: 'soon' })).toThrow(
      /delay_ms must be a non-negative number/,
    );
  });
});
