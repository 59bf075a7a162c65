import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { exporterOptionsFromConfig } from '../../src/exporter/options-from-config.js';
import { targetFromFlags } from '../../src/target/from-flags.js';

const flagTarget = () =>
  targetFromFlags({
    apiUrl: 'http://127.0.0.1:8080',
    healthEndpoint: '/performance',
    jwtToken: 'jwt_token.txt',
  });

const yaml = (...lines: string[]) => parseConfig(lines.join('\n'), 'test.yaml', {});

describe('exporter config section', () => {
  it('maps every key, with defaults', () => {
    const opts = exporterOptionsFromConfig(
      yaml(
        'targets:',
        '  - { name: a, url: "http://127.0.0.1:8080" }',
        '  - { name: b, url: "http://127.0.0.1:8081" }',
        'exporter:',
        '  metrics_target: b',
        '  scrape_timeout_offset: 250ms',
        '  web:',
        '    tls_server_config: { cert_file: c.pem, key_file: k.pem }',
        '    basic_auth_users: { prom: pw.txt }',
        '    bearer_token_file: tok.txt',
        '  log_sources:',
        '    b: { console: /logs/godot_console.log, audit: /logs/http_api_audit.log }',
        '  log_timezone: Europe/Berlin',
      ),
      flagTarget,
    );
    expect(opts.listen).toBe('127.0.0.1:9091');
    expect(opts.targets?.map((t) => t.name)).toEqual(['a', 'b']);
    expect(opts.metricsTarget).toBe('b');
    expect(opts.scrapeTimeoutOffsetMs).toBe(250);
    expect(opts.web).toEqual({
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
      basicAuthUsers: { prom: 'pw.txt' },
      bearerTokenFile: 'tok.txt',
    });
    expect(opts.logSources).toEqual({
      b: [
        { source: 'console', path: '/logs/godot_console.log' },
        { source: 'audit', path: '/logs/http_api_audit.log' },
      ],
    });
    expect(opts.logTimezone).toBe('Europe/Berlin');
  });

  it("uses the logs: section's files for the metrics target when the exporter names none", () => {
    const opts = exporterOptionsFromConfig(
      yaml(
        'logs:',
        '  timezone: "+01:00"',
        '  sources:',
        '    - { source: console, path: /logs/godot_console.log }',
      ),
      flagTarget,
    );
    expect(opts.targets?.[0]?.name).toBe('127.0.0.1:8080');
    expect(opts.logSources).toEqual({
      '127.0.0.1:8080': [{ source: 'console', path: '/logs/godot_console.log' }],
    });
    expect(opts.logTimezone).toBe('+01:00');
  });

  it('names the key and line of a mistake', () => {
    expect(() => yaml('exporter:', '  listen: nowhere')).toThrow(ConfigError);
    expect(() => yaml('exporter:', '  listen: nowhere')).toThrow(/exporter\.listen \(line 2\): host:port/);
    expect(() => yaml('exporter:', '  log_sources:', '    game: { consol: x }')).toThrow(/line 3/);
  });
});
