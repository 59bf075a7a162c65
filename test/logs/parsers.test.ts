import { describe, expect, it } from 'vitest';
import { parseOnce } from './support.js';

const CONSOLE = 'test/fixtures/contract/console.sample.log';
const AUDIT = 'test/fixtures/contract/audit.sample.log';
const READ_AT = '2026-01-01T00:00:00.000Z';
// A JWT's JSON header encodes to eyJ…; any other three long base64url segments look like one too.
const JWT_SHAPED =
  /eyJ[A-Za-z0-9_-]+=?\.[A-Za-z0-9_-]+|[A-Za-z0-9_-]{10,}=?\.[A-Za-z0-9_-]{10,}=?\.[A-Za-z0-9_-]{10,}/;

describe('console fixture of the contract', () => {
  it('parses every line shape to the expected events, the ERROR with its backtrace as one', async () => {
    const { events } = await parseOnce([{ source: 'console', path: CONSOLE }]);
    const summary = events.map((e) => [
      e['event.dataset'],
      e['event.action'],
      e['log.level'],
      e['@timestamp'],
    ]);
    expect(summary).toEqual([
      ['spacetime.console', 'server-started', 'info', '2025-12-04T23:38:40.000Z'],
      ['spacetime.console', 'api-token-issued', 'info', READ_AT],
      ['spacetime.vr', 'vr-initializing', 'info', '2025-12-04T23:38:41.000Z'],
      ['spacetime.vr', 'tracker-added', 'info', '2025-12-04T23:38:41.000Z'],
      ['spacetime.vr', 'vr-initialized', 'info', '2025-12-04T23:38:41.000Z'],
      ['spacetime.console', 'http-request-received', 'info', '2025-12-04T23:38:45.000Z'],
      ['spacetime.console', 'auth-failure', 'warn', READ_AT],
      ['spacetime.scene', 'scene-load-requested', 'info', READ_AT],
      ['spacetime.scene', 'scene-loaded', 'info', READ_AT],
      ['spacetime.scene', 'scene-load-timeout', 'warn', READ_AT],
      ['spacetime.vr', 'frame-dropped', 'warn', READ_AT],
      ['spacetime.errors', 'engine-error', 'error', READ_AT],
      ['spacetime.vr', 'headset-disconnected', 'warn', '2025-12-04T23:40:02.000Z'],
      ['spacetime.vr', 'tracker-removed', 'info', '2025-12-04T23:40:02.000Z'],
    ]);
    const byAction = Object.fromEntries(events.map((e) => [e['event.action'], e]));
    expect(byAction['tracker-added']).toMatchObject({
      'log.logger': 'VRManager',
      labels: { tracker: 'head', tracker_type: '1' },
      'event.category': ['host'],
    });
    expect(byAction['http-request-received']).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/performance',
    });
    expect(byAction['auth-failure']).toMatchObject({
      'event.outcome': 'failure',
      labels: { reason: 'Token expired' },
    });
    expect(byAction['scene-load-requested']).toMatchObject({ 'file.path': 'res://scenes/moon_base.tscn' });
    expect(byAction['scene-loaded']).toMatchObject({
      'event.duration': 1_840_000_000,
      'event.outcome': 'success',
      labels: { scene: 'moon_base', scene_result: 'loaded' },
    });
    expect(byAction['scene-load-timeout']).toMatchObject({
      'event.duration': 30_000_000_000,
      'event.outcome': 'failure',
      'file.path': 'res://scenes/mars.tscn',
    });
    expect(byAction['frame-dropped']).toMatchObject({ 'event.duration': 24_800_000 });
    expect(byAction['engine-error']).toMatchObject({
      message: "ERROR: Failed to load resource 'res://assets/rock.glb'.",
      'error.message': "Failed to load resource 'res://assets/rock.glb'.",
      'error.stack_trace':
        'at: _load (core/io/resource_loader.cpp:283)\nGDScript backtrace (most recent call first):\n[0] _ready (res://scripts/planet.gd:42)',
    });
    for (const e of events) {
      expect(e).toMatchObject({
        'service.name': 'spacetime',
        'log.file.path': CONSOLE,
        'event.kind': 'event',
        'event.created': READ_AT,
      });
    }
  });

  it('leaves no token in any event', async () => {
    const { events } = await parseOnce([{ source: 'console', path: CONSOLE }]);
    const text = JSON.stringify(events);
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9');
    expect(text).not.toMatch(JWT_SHAPED);
    expect(text).toContain('Bearer [REDACTED]');
  });

  it('counts scene loads, headset state, auth failures and dropped frames', async () => {
    const { stats } = await parseOnce([{ source: 'console', path: CONSOLE }]);
    expect(stats.sceneLoads).toEqual({ requested: 1, loaded: 1, timeout: 1, failed: 0 });
    expect(stats.sceneLoadDurationCount).toBe(2);
    expect(stats.sceneLoadDurationSecondsSum).toBeCloseTo(31.84);
    expect(stats.headsetConnected).toBe(false);
    expect(stats.headsetDisconnects).toBe(1);
    expect(stats.authFailures).toBe(1);
    expect(stats.framesDropped).toBe(1);
    expect(stats.events).toEqual(
      expect.arrayContaining([
        { source: 'vr', level: 'info', count: 4 },
        { source: 'errors', level: 'error', count: 1 },
      ]),
    );
  });

  it('reads the game zone: a fixed offset and an IANA name with daylight saving', async () => {
    const fixed = await parseOnce([{ source: 'console', path: CONSOLE }], { timezone: '+01:00' });
    expect(fixed.events[0]?.['@timestamp']).toBe('2025-12-04T22:38:40.000Z');
    const berlin = await parseOnce([{ source: 'console', path: CONSOLE }], { timezone: 'Europe/Berlin' });
    expect(berlin.events[0]?.['@timestamp']).toBe('2025-12-04T22:38:40.000Z');
    const ny = await parseOnce([{ source: 'audit', path: AUDIT }], { timezone: 'America/New_York' });
    expect(ny.events[0]?.['@timestamp']).toBe('2025-12-05T04:38:40.000Z');
    await expect(
      parseOnce([{ source: 'console', path: CONSOLE }], { timezone: 'Mars/Olympus' }),
    ).rejects.toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});

describe('more console shapes', () => {
  const EXTRA = 'test/fixtures/logs/console.extra.log';

  it('parses warnings, script errors, scene failures, telemetry and rate-limit lines', async () => {
    const { events, stats } = await parseOnce([{ source: 'console', path: EXTRA }]);
    const actions = events.map((e) => `${e['event.dataset']} ${e['event.action']}`);
    expect(actions).toEqual([
      'spacetime.console log',
      'spacetime.console api-token-issued',
      'spacetime.console api-token-issued',
      'spacetime.console engine-warning',
      'spacetime.errors script-error',
      'spacetime.scene scene-load-failed',
      'spacetime.scene scene-load-failed',
      'spacetime.errors logged-error',
      'spacetime.console telemetry-client-disconnected',
      'spacetime.console rate-limit',
      'spacetime.vr vr-log',
      'spacetime.vr headset-connected',
      'spacetime.console http-request-received',
      'spacetime.console log',
      'spacetime.console log',
    ]);
    const scriptError = events[4];
    expect(scriptError?.['error.stack_trace']?.split('\n')).toHaveLength(4);
    expect(events[3]).toMatchObject({
      'log.level': 'warn',
      'error.stack_trace': 'at: get_texture (scene/main/viewport.cpp:1032)',
    });
    expect(events[5]).toMatchObject({ 'log.level': 'error', 'event.outcome': 'failure' });
    expect(events[10]?.['log.level']).toBe('debug');
    expect(events[13]?.message).toBe('just some raw engine output\nan indented line right after a plain one');
    expect(stats.sceneLoads.failed).toBe(2);
    expect(stats.telemetryDisconnects).toBe(1);
    expect(stats.rateLimitHits).toBe(1);
    expect(stats.headsetConnected).toBe(true);

    const text = JSON.stringify(events);
    expect(text).not.toContain('0f1e2d3c4b5a6978');
    expect(text).not.toMatch(JWT_SHAPED);
    expect(text).toContain('API token generated: [REDACTED]');
    expect(text).toContain('bearer [REDACTED]');
  });
});

describe('access log', () => {
  it('parses nginx combined with and without request time, and counts bounded routes', async () => {
    const { events, stats } = await parseOnce([{ source: 'access', path: 'test/fixtures/logs/access.log' }]);
    expect(events).toHaveLength(9);
    expect(events[0]).toMatchObject({
      '@timestamp': '2025-12-02T10:15:30.000Z',
      'event.dataset': 'spacetime.access',
      'event.action': 'http-request',
      'event.outcome': 'success',
      'event.duration': 3_000_000,
      'source.ip': '127.0.0.1',
      'http.request.method': 'GET',
      'http.version': '1.1',
      'http.response.status_code': 200,
      'http.response.body.bytes': 1234,
      'url.path': '/status',
      'user_agent.original': 'curl/8.0',
      labels: { route: '/status' },
    });
    expect(events[2]).toMatchObject({
      '@timestamp': '2025-12-02T10:15:32.000Z',
      'url.path': '/scene',
      'url.query': 'name=moon',
      'log.level': 'warn',
    });
    expect(events[3]).toMatchObject({
      'event.dataset': 'spacetime.errors',
      'log.level': 'error',
      'http.response.status_code': 500,
      'event.duration': 1_250_000_000,
    });
    expect(events[4]).toMatchObject({ 'http.request.referrer': 'http://ref/', labels: { route: 'other' } });
    expect(events[4]?.['event.duration']).toBeUndefined();
    expect(events[6]?.['http.request.method']).toBeUndefined();
    expect(events[7]).toMatchObject({
      'event.dataset': 'spacetime.errors',
      'http.response.status_code': 503,
    });
    expect(events[8]).toMatchObject({ 'event.action': 'unparsed', tags: ['spacetime_parse_failure'] });

    const req = (method: string, route: string, code: string) =>
      stats.httpRequests.find((r) => r.method === method && r.route === route && r.code === code);
    expect(req('GET', '/status', '200')).toMatchObject({
      count: 1,
      durationCount: 1,
      durationSecondsSum: 0.003,
    });
    expect(req('POST', '/scene', '429')?.count).toBe(1);
    expect(req('GET', '/scene/history', '500')?.count).toBe(1);
    expect(req('GET', 'other', '404')?.count).toBe(2);
    expect(req('other', 'other', '400')?.count).toBe(1);
    expect(req('GET', '/status', '503')).toMatchObject({ count: 1, durationCount: 0 });
    expect(stats.httpRequests.reduce((n, r) => n + r.count, 0)).toBe(8);
    expect(stats.parseFailures.access).toBe(1);
  });
});

describe('audit log fixture of the contract', () => {
  it('parses every result, and counts auth failures and rate limits from it', async () => {
    const { events, stats } = await parseOnce([
      { source: 'audit', path: AUDIT },
      { source: 'console', path: CONSOLE },
    ]);
    const audit = events.filter((e) => e['event.dataset'] === 'spacetime.audit');
    expect(audit.map((e) => [e['event.action'], e['event.outcome'], e['log.level']])).toEqual([
      ['startup', 'success', 'info'],
      ['auth-failure', 'failure', 'warn'],
      ['rate-limit', 'failure', 'warn'],
      ['success', 'success', 'info'],
      ['shutdown', 'success', 'info'],
    ]);
    expect(audit[1]).toMatchObject({
      '@timestamp': '2025-12-04T23:39:10.000Z',
      'source.ip': '127.0.0.1',
      'url.path': '/performance',
      'event.category': ['authentication'],
      labels: { audit_result: 'AUTH_FAILURE', route: '/performance' },
      message: 'AUTH_FAILURE /performance Token expired',
    });
    expect(audit[0]).toMatchObject({ labels: { client: 'SYSTEM' } });
    // The console's own "Auth failed" line is the same failure: counted once, from the audit log.
    expect(stats.authFailures).toBe(1);
    expect(stats.rateLimitHits).toBe(1);
  });
});

describe('health monitor log', () => {
  it('reads our JSON lines (dotted, nested or pino-style) and plain text lines', async () => {
    const { events } = await parseOnce([{ source: 'health', path: 'test/fixtures/logs/health.log' }]);
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({
      '@timestamp': '2025-12-05T08:00:00.000Z',
      'log.level': 'info',
      'event.dataset': 'spacetime.health',
      'event.action': 'health-check',
      'event.outcome': 'success',
      labels: { target: 'local', check: '1' },
    });
    expect(events[1]).toMatchObject({
      '@timestamp': '2025-12-05T08:00:05.000Z',
      'log.level': 'error',
      message: '[Check #2] DOWN: connection refused',
      'event.outcome': 'failure',
    });
    expect(JSON.stringify(events[1])).not.toContain('SECRET');
    expect(events[2]).toMatchObject({
      'log.level': 'info',
      message: '[INFO] SpaceTime VR Health Monitor Started',
    });
    // The health monitor's own pino record (src/health/log-file.ts): nested fields become labels.
    expect(events[3]).toMatchObject({
      '@timestamp': '2025-12-05T08:01:00.000Z',
      'log.level': 'warn',
      'event.action': 'health-check',
      'event.outcome': 'failure',
      message: '[Check #3] DEGRADED | FPS 42.5 < 60',
      labels: {
        target: 'local',
        verdict: 'degraded',
        spacetime_fps: '42.5',
        spacetime_checks_fps_status: 'fail',
        service_name: 'spacetime-monitor',
      },
    });
  });
});
