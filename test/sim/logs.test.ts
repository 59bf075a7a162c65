import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearer, get, send } from './raw-http.js';
import { useSimulators } from './sim-fixture.js';

const sims = useSimulators();

describe('log files', () => {
  it('console: start lines, engine logger lines and the HTTP Request lines that leak the bearer token', async () => {
    const s = await sims.start();
    await get(s.port, '/performance', [bearer(s.currentToken()), 'User-Agent: probe/1']);
    const log = await sims.log('godot_console.log');
    expect(log).toMatch(
      /^\[SERVER\] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d >> HTTP Server listening on http:\/\/127\.0\.0\.1:\d+$/m,
    );
    expect(log).toMatch(
      /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\] \[INFO\] \[VRManager\] Initializing VR Manager\.\.\.$/m,
    );
    expect(log).toMatch(
      /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\] \[INFO\] \[VRManager\] Tracker added: head \(type: 1\)$/m,
    );
    expect(log).toContain('[SceneLoadMonitor] Scene loaded: main in ');
    const request = log.split('\n').find((l) => l.includes('HTTP Request:')) ?? '';
    expect(request).toMatch(/^\[SERVER\] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d >> HTTP Request: \{"headers":\{/);
    expect(JSON.parse(request.slice(request.indexOf('{')))).toEqual({
      headers: {
        Authorization: `Bearer ${s.currentToken()}`,
        Host: `127.0.0.1:${s.port}`,
        'User-Agent': 'probe/1',
      },
      method: 'GET',
      path: '/performance',
    });
  });

  it('audit: the game audit format for startup, auth failures, rate limits, scene actions', async () => {
    const s = await sims.start();
    await get(s.port, '/performance', ['Authorization: Bearer nope']);
    await send(
      s.port,
      'POST',
      '/scene',
      [bearer(s.currentToken())],
      '{"scene_path":"res://scenes/mars.tscn"}',
    );
    await send(s.port, 'POST', '/scene', [bearer(s.currentToken())], '{"scene_path":"user://evil.tscn"}');
    const lines = (await sims.log('http_api_audit.log')).trim().split('\n');
    for (const line of lines) {
      expect(line).toMatch(
        /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] \[(INFO|WARN|ERROR)\] \[[^\]]+\] \[[^\]]+\] \[(AUTH_SUCCESS|AUTH_FAILURE|RATE_LIMIT|WHITELIST_VIOLATION|SIZE_VIOLATION|SUCCESS|FAILURE|STARTUP|SHUTDOWN)\] .+$/,
      );
    }
    expect(lines[0]).toMatch(/\[INFO\] \[SYSTEM\] \[\/\] \[STARTUP\] HttpApiServer started$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/\[WARN\] \[127\.0\.0\.1\] \[\/performance\] \[AUTH_FAILURE\] Malformed token$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/\[\/scene\] \[SUCCESS\] load: res:\/\/scenes\/mars\.tscn$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/\[\/scene\] \[WHITELIST_VIOLATION\] /));
    await s.stop();
    expect(await sims.log('http_api_audit.log')).toMatch(/\[SHUTDOWN\] HttpApiServer stopped\n$/);
  });

  it('access: nginx combined with the request time appended, one line per served request', async () => {
    const s = await sims.start();
    await get(s.port, '/status?x=1', ['User-Agent: curl/8', 'Referer: http://example.test/']);
    await get(s.port, '/nope');
    const lines = (await sims.log('http_api_access.log')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^127\.0\.0\.1 - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET \/status\?x=1 HTTP\/1\.1" 200 \d+ "http:\/\/example\.test\/" "curl\/8" \d+\.\d{3}$/,
    );
    expect(lines[1]).toMatch(/"GET \/nope HTTP\/1\.1" 404 9 "-" "-" \d+\.\d{3}$/);
  });

  it('keeps writing to renamed files until reopenLogs(), then starts fresh ones', async () => {
    const s = await sims.start();
    const dir = join(sims.dir(), 'logs');
    await rename(join(dir, 'http_api_access.log'), join(dir, 'http_api_access.log.1'));
    await get(s.port, '/status');
    s.reopenLogs();
    await get(s.port, '/scene');
    expect(await readFile(join(dir, 'http_api_access.log.1'), 'utf8')).toContain('GET /status');
    const fresh = await sims.log('http_api_access.log');
    expect(fresh).toContain('GET /scene');
    expect(fresh).not.toContain('GET /status');
  });
});
