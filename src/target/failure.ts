/**
 * Every way a poll of the game can fail, as a closed set callers can switch on, print, and use as
 * the `kind` label of `spacetime_probe_errors_total`. A hang (response_timeout: the game accepted
 * the connection but its main loop is stalled) is deliberately distinct from a refused connection.
 */
export const FAILURE_KINDS = [
  'connection_refused',
  'connect_timeout',
  'response_timeout',
  'connection_reset',
  'dns_error',
  'network_error',
  'tls_error',
  'http_error',
  'auth_refused',
  'token_unavailable',
  'not_json',
  'bad_shape',
  'body_too_large',
] as const;

export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface PollFailure {
  kind: FailureKind;
  /** One line for humans: names the target and what happened; never contains a token. */
  message: string;
  /** For http_error and auth_refused. */
  statusCode?: number;
}
