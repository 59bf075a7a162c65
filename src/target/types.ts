import type { PollFailure } from './failure.js';
import type { GameStatus, Sample } from './sample.js';

/** Where the bearer token comes from. The value itself never leaves src/target/. */
export type TokenSource =
  | { kind: 'file'; path: string }
  | { kind: 'env'; name: string }
  /** Development builds only: read `jwt_token` from the public GET /status. Opt-in. */
  | { kind: 'status' }
  | { kind: 'none' };

/** One game instance, as the client needs it. Built from the config file or from CLI flags. */
export interface TargetConfig {
  name: string;
  /** Base URL, e.g. http://127.0.0.1:8080 (paths are configurable: older builds differ). */
  url: string;
  performancePath: string;
  statusPath: string;
  token: TokenSource;
  connectTimeoutMs: number;
  /** Whole-response budget after connect; a stalled main loop shows up as response_timeout. */
  responseTimeoutMs: number;
  maxBodyBytes: number;
  /** Samples younger than this are shared instead of polling the game again. */
  minIntervalMs: number;
  tls?: { caFile?: string; insecure?: boolean };
  /** The game's OS process, for resident memory / CPU / start time from /proc. */
  process?: { pid?: number; pidFile?: string; name?: string };
  /** Telemetry WebSocket, e.g. ws://127.0.0.1:8081. */
  telemetryUrl?: string;
  labels: Record<string, string>;
}

interface PollMeta {
  /** Unix ms when the answer (or failure) arrived. */
  at: number;
  durationSeconds: number;
  statusCode?: number;
}

export type PollResult =
  (PollMeta & { ok: true; sample: Sample }) | (PollMeta & { ok: false; failure: PollFailure });

export type StatusResult =
  (PollMeta & { ok: true; status: GameStatus }) | (PollMeta & { ok: false; failure: PollFailure });

/** What is known about the current token, never the token itself. */
export interface TokenInfo {
  /** JWT `iat`, Unix seconds: the game's start time when no pid is known. */
  issuedAt?: number;
  /** JWT `exp`, Unix seconds. */
  expiresAt?: number;
  source: TokenSource['kind'];
}

/**
 * The one client every consumer (health monitor, exporter, status page) shares for a game.
 * `poll` is single-flight: concurrent callers share one request, and a sample younger than
 * `maxAgeMs` (default: the target's minIntervalMs) is returned without asking the game again.
 */
export interface GameTarget {
  readonly config: TargetConfig;
  /**
   * `maxAgeMs`: oldest shared result the caller accepts (0: join a running request or start one).
   * `deadlineMs`: how long, in ms from now, this caller waits; past it the caller gets a
   * response_timeout failure while the request goes on for the others (an exporter's scrape budget).
   */
  poll(options?: { maxAgeMs?: number; deadlineMs?: number }): Promise<PollResult>;
  /** GET /status, shared the same way. The status's jwt_token is never part of the result. */
  status(options?: { maxAgeMs?: number; deadlineMs?: number }): Promise<StatusResult>;
  tokenInfo(): TokenInfo | undefined;
  /** Earliest notAfter (Unix seconds) in the certificate chain of an https target, once seen. */
  tlsCertificateExpiry(): number | undefined;
  close(): Promise<void>;
}
