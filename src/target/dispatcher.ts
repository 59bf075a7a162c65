import { TLSSocket, type DetailedPeerCertificate } from 'node:tls';
import { Agent, buildConnector, errors } from 'undici';

export interface DispatcherOptions {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  /** PEM text of the CA(s) to trust instead of the system store. */
  ca?: string;
  insecure?: boolean;
  /** Called after every TLS handshake with the earliest notAfter (Unix seconds) of the peer's chain. */
  onCertificateExpiry?: (notAfterSeconds: number) => void;
}

/** The earliest expiry in the chain: an intermediate may expire before the leaf does. */
export function earliestExpiry(leaf: DetailedPeerCertificate): number | undefined {
  let earliest: number | undefined;
  const seen = new Set<string>();
  for (
    let cert: DetailedPeerCertificate | undefined = leaf;
    cert && cert.valid_to;
    cert = cert.issuerCertificate
  ) {
    // A self-signed root is its own issuer: stop at the first certificate seen twice.
    const id = cert.fingerprint256 ?? cert.valid_to;
    if (seen.has(id)) break;
    seen.add(id);
    const notAfter = Date.parse(cert.valid_to) / 1000;
    if (Number.isFinite(notAfter) && (earliest === undefined || notAfter < earliest)) earliest = notAfter;
  }
  return earliest;
}

/**
 * One undici Agent per target: its own connect timeout and TLS trust, HTTP/1.1 only (the game
 * answers nothing else). pipelining 0 means a fresh connection per request, announced with
 * `Connection: close`: the game closes every connection anyway, and behind a keep-alive proxy a
 * reused socket the proxy already dropped would otherwise be misread as a connection reset.
 */
export function createTargetDispatcher(options: DispatcherOptions): Agent {
  const base = buildConnector({
    // undici's connect timer ticks at about half-second resolution; ours below is exact, this one a backstop.
    timeout: options.connectTimeoutMs + 1_000,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    rejectUnauthorized: options.insecure !== true,
  });
  const connect: buildConnector.connector = (opts, callback) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      callback(new errors.ConnectTimeoutError(`no connection within ${options.connectTimeoutMs} ms`), null);
    }, options.connectTimeoutMs);
    base(opts, (...args) => {
      clearTimeout(timer);
      const socket = args[1];
      if (done) {
        socket?.destroy();
        return;
      }
      done = true;
      if (socket instanceof TLSSocket && options.onCertificateExpiry) {
        const expiry = earliestExpiry(socket.getPeerCertificate(true));
        if (expiry !== undefined) options.onCertificateExpiry(expiry);
      }
      callback(...args);
    });
  };
  // undici's own header/body timeouts are a backstop only; the exact whole-response budget is
  // enforced per request by the exchange, which knows when the connection was made.
  const backstop = options.responseTimeoutMs + 1_000;
  return new Agent({ connect, headersTimeout: backstop, bodyTimeout: backstop, pipelining: 0 });
}
