import { readFile } from 'node:fs/promises';
import type { Agent } from 'undici';
import type { Logger } from 'pino';
import { createTargetDispatcher } from './dispatcher.js';
import type { FailureKind, PollFailure } from './failure.js';
import { exchange, type Exchange } from './http-exchange.js';
import { parseJsonBody } from './json-body.js';
import { parsePerformance } from './parse-performance.js';
import { parseStatus } from './parse-status.js';
import type { GameStatus } from './sample.js';
import { SingleFlight, withDeadline } from './single-flight.js';
import { cleanToken, createTokenProvider, type TokenRead } from './token-source.js';
import type { GameTarget, PollResult, StatusResult, TargetConfig } from './types.js';

interface StatusFlight {
  at: number;
  result: StatusResult;
  /** The status answer's jwt_token, kept here so that it never reaches a StatusResult. */
  token?: string;
}

const isAuthCode = (code: number) => code === 401 || code === 403;

/**
 * The client for one game. Every consumer of a target shares one instance, so that one poll of
 * the game's main thread feeds them all.
 */
export function createGameTarget(config: TargetConfig, options: { logger?: Logger } = {}): GameTarget {
  const log = options.logger?.child({ target: config.name });
  const base = new URL(config.url);
  const origin = base.origin;
  const basePath = base.pathname.replace(/\/+$/, '');
  const where = (path: string) => `target ${config.name} (${origin}${basePath}${path})`;

  let certExpiry: number | undefined;
  let dispatcher: Agent | undefined;
  let closed = false;

  if (config.tls?.insecure)
    log?.warn('TLS certificate verification is disabled for this target (insecure: true)');

  const getDispatcher = async (): Promise<Agent | { reason: string }> => {
    if (dispatcher) return dispatcher;
    let ca: string | undefined;
    if (config.tls?.caFile) {
      try {
        ca = await readFile(config.tls.caFile, 'utf8');
      } catch (err) {
        return {
          reason: `cannot read CA file ${config.tls.caFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
        };
      }
    }
    dispatcher ??= createTargetDispatcher({
      connectTimeoutMs: config.connectTimeoutMs,
      responseTimeoutMs: config.responseTimeoutMs,
      ca,
      insecure: config.tls?.insecure,
      onCertificateExpiry: (seconds) => (certExpiry = seconds),
    });
    return dispatcher;
  };

  const get = async (path: string, token?: string): Promise<Exchange> => {
    if (closed) return { ok: false, kind: 'network_error', reason: 'client closed', durationSeconds: 0 };
    const d = await getDispatcher();
    if ('reason' in d) return { ok: false, kind: 'tls_error', reason: d.reason, durationSeconds: 0 };
    // The game matches the header name case-sensitively; undici writes names as given.
    const headers: Record<string, string> = { 'User-Agent': 'spacetime-monitor' };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    return exchange(d, {
      origin,
      path: basePath + path,
      headers,
      connectTimeoutMs: config.connectTimeoutMs,
      responseTimeoutMs: config.responseTimeoutMs,
      maxBodyBytes: config.maxBodyBytes,
    });
  };

  const failed = (kind: FailureKind, message: string, durationSeconds: number, statusCode?: number) => {
    const failure: PollFailure = { kind, message, ...(statusCode !== undefined ? { statusCode } : {}) };
    return { ok: false as const, failure, at: Date.now(), durationSeconds, statusCode };
  };

  /** Turns a finished exchange into a failure, or the parsed JSON body of a 200 answer. */
  const readJson = (ex: Exchange, path: string): { failure: PollFailure } | { json: unknown } => {
    if (!ex.ok) return { failure: { kind: ex.kind, message: `${where(path)}: ${ex.reason}` } };
    if (ex.statusCode < 200 || ex.statusCode > 299) {
      return {
        failure: {
          kind: 'http_error',
          message: `${where(path)}: HTTP ${ex.statusCode}`,
          statusCode: ex.statusCode,
        },
      };
    }
    const parsed = parseJsonBody(ex.body.toString('utf8'));
    if (!parsed.ok) {
      return {
        failure: { kind: 'not_json', message: `${where(path)}: body is not JSON (${parsed.reason})` },
      };
    }
    return { json: parsed.value };
  };

  const statusFlight = new SingleFlight<StatusFlight>(async () => {
    const ex = await get(config.statusPath).catch((err: unknown): Exchange => ({
      ok: false,
      kind: 'network_error',
      reason: `internal error: ${(err as Error).message}`,
      durationSeconds: 0,
    }));
    const meta = { at: Date.now(), durationSeconds: ex.durationSeconds, statusCode: ex.statusCode };
    const read = readJson(ex, config.statusPath);
    if ('failure' in read) return { at: meta.at, result: { ...meta, ok: false, failure: read.failure } };
    const parsed = parseStatus(read.json);
    if (!parsed.ok) {
      const failure: PollFailure = {
        kind: 'bad_shape',
        message: `${where(config.statusPath)}: ${parsed.reason}`,
      };
      return { at: meta.at, result: { ...meta, ok: false, failure } };
    }
    const { jwtToken, ...status } = parsed.status;
    const publicStatus: GameStatus = status;
    return { at: meta.at, result: { ...meta, ok: true, status: publicStatus }, token: jwtToken };
  });

  const tokens = createTokenProvider(config.token, {
    fetchStatusToken: async (): Promise<TokenRead> => {
      const flight = await statusFlight.get(0);
      if (!flight.result.ok)
        return { ok: false, reason: `GET ${config.statusPath} failed: ${flight.result.failure.message}` };
      if (!flight.token)
        return { ok: false, reason: `GET ${config.statusPath} hands out no jwt_token (release build?)` };
      return cleanToken(flight.token, `jwt_token of GET ${config.statusPath}`);
    },
  });

  /** Says why /performance refused, distinguishing an expired token from the separate-token quirk. */
  const explainRefusal = async (code: number): Promise<string> => {
    const head = `${where(config.performancePath)}: refused the bearer token (HTTP ${code})`;
    if (config.token.kind === 'none') return `${head}; no token is configured for this target`;
    const info = tokens.info();
    const now = Date.now() / 1000;
    if (info?.expiresAt !== undefined && info.expiresAt <= now) {
      return `${head}: the token expired at ${new Date(info.expiresAt * 1000).toISOString()}; the game issues a new one only when it restarts`;
    }
    const status = (await statusFlight.get(config.minIntervalMs)).result;
    if (!status.ok) return `${head}; ${config.statusPath} fails too (${status.failure.kind})`;
    if (info?.expiresAt === undefined) {
      return `${head}, while ${config.statusPath} answers; the token is not a JWT with an exp claim (is the token source the game's jwt_token.txt?)`;
    }
    // The 401 body is the same for every cause, so the quirk cannot be proven from here; say what is known.
    return (
      `${head}, although ${config.statusPath} answers and the token is valid until ` +
      `${new Date(info.expiresAt * 1000).toISOString()} by its exp claim: this game build may check a separate ` +
      `token on ${config.performancePath} (contract quirk separate-performance-token), or it rejects this token ` +
      `for another reason (a restart whose new token the source does not show); the API itself is up`
    );
  };

  let lastUnknown = '';
  const pollOnce = async (): Promise<PollResult> => {
    const path = config.performancePath;
    let token = await tokens.current();
    if (!token.ok) return failed('token_unavailable', `${where(path)}: no token: ${token.reason}`, 0);
    let ex = await get(path, token.token);
    // After a game restart the old token is refused: read the source again and retry once.
    if (ex.ok && isAuthCode(ex.statusCode) && (await tokens.refresh())) {
      log?.info(
        { event: { reason: 'token_rotated' } },
        'token refused; re-read a new token from its source, retrying once',
      );
      token = await tokens.current();
      if (!token.ok)
        return failed('token_unavailable', `${where(path)}: no token: ${token.reason}`, ex.durationSeconds);
      ex = await get(path, token.token);
    }
    if (ex.ok && isAuthCode(ex.statusCode)) {
      return failed('auth_refused', await explainRefusal(ex.statusCode), ex.durationSeconds, ex.statusCode);
    }
    const read = readJson(ex, path);
    if ('failure' in read) {
      return {
        ok: false,
        failure: read.failure,
        at: Date.now(),
        durationSeconds: ex.durationSeconds,
        statusCode: ex.statusCode,
      };
    }
    const parsed = parsePerformance(read.json);
    if (!parsed.ok)
      return failed('bad_shape', `${where(path)}: ${parsed.reason}`, ex.durationSeconds, ex.statusCode);
    const unknown = Object.keys(parsed.sample.unknown).join(',');
    if (unknown !== lastUnknown) {
      if (unknown)
        log?.info({ unknown: parsed.sample.unknown }, 'the game sends no usable value for some fields');
      lastUnknown = unknown;
    }
    return {
      ok: true,
      sample: parsed.sample,
      at: Date.now(),
      durationSeconds: ex.durationSeconds,
      statusCode: ex.statusCode,
    };
  };

  let lastKind: FailureKind | 'ok' | undefined;
  const pollFlight = new SingleFlight<PollResult>(async () => {
    const result = await pollOnce().catch((err: unknown) =>
      failed(
        'network_error',
        `${where(config.performancePath)}: internal error: ${(err as Error).message}`,
        0,
      ),
    );
    const kind = result.ok ? 'ok' : result.failure.kind;
    if (kind !== lastKind) {
      if (result.ok) log?.info('polling works');
      else log?.warn({ error: { type: result.failure.kind } }, result.failure.message);
      lastKind = kind;
    }
    return result;
  });

  const deadlineFailure = (path: string, ms: number) =>
    failed(
      'response_timeout',
      `${where(path)}: no answer within the caller's ${ms} ms budget (the request goes on; its answer will be shared)`,
      ms / 1000,
    );

  return {
    config,
    poll(opts = {}) {
      const flight = pollFlight.get(opts.maxAgeMs ?? config.minIntervalMs);
      return withDeadline(flight, opts.deadlineMs, () =>
        deadlineFailure(config.performancePath, opts.deadlineMs ?? 0),
      );
    },
    async status(opts = {}) {
      const flight = statusFlight.get(opts.maxAgeMs ?? config.minIntervalMs).then((f) => f.result);
      return withDeadline(flight, opts.deadlineMs, (): StatusResult =>
        deadlineFailure(config.statusPath, opts.deadlineMs ?? 0),
      );
    },
    tokenInfo: () => tokens.info(),
    tlsCertificateExpiry: () => certExpiry,
    async close() {
      closed = true;
      await dispatcher?.destroy();
    },
  };
}
