import net from 'node:net';
import tls from 'node:tls';

export { waitFor } from '../support/wait.js';

export interface RawResponse {
  /** Everything the server sent, as latin1 text. */
  raw: string;
  status?: number;
  /** Header names exactly as sent. */
  headers: [string, string][];
  body: string;
  /** How the connection ended: the server closed it, or it reset. */
  ended: 'close' | 'reset' | 'timeout';
}

/**
 * Sends bytes exactly as given (header case, spacing) over node:net and reads until the server
 * closes: the only way to test a server that cares about the exact `Authorization` spelling.
 */
export function rawRequest(
  port: number,
  request: string | Buffer,
  options: { timeoutMs?: number; tls?: { ca: string } } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = options.tls
      ? tls.connect({ host: '127.0.0.1', port, ca: options.tls.ca, servername: 'localhost' })
      : net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let ended: RawResponse['ended'] = 'close';
    const timer = setTimeout(() => {
      ended = 'timeout';
      socket.destroy();
    }, options.timeoutMs ?? 5000);
    socket.once(options.tls ? 'secureConnect' : 'connect', () => socket.write(request));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET') ended = 'reset';
      else {
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      const head = split < 0 ? raw : raw.slice(0, split);
      const lines = head.split('\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1];
      resolve({
        raw,
        status: status ? Number(status) : undefined,
        headers: lines.slice(1).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
        body: split < 0 ? '' : Buffer.from(raw.slice(split + 4), 'latin1').toString('utf8'),
        ended,
      });
    });
  });
}

/** A GET with the given extra header lines, written exactly as given. */
export function get(
  port: number,
  path: string,
  headerLines: string[] = [],
  options = {},
): Promise<RawResponse> {
  return rawRequest(
    port,
    [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headerLines, '', ''].join('\r\n'),
    options,
  );
}

export function send(
  port: number,
  method: string,
  path: string,
  headerLines: string[],
  body: string | Buffer,
): Promise<RawResponse> {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    ...headerLines,
    `Content-Length: ${data.length}`,
    '',
    '',
  ].join('\r\n');
  return rawRequest(port, Buffer.concat([Buffer.from(head), data]));
}

export const bearer = (token: string): string => `Authorization: Bearer ${token}`;

/** True when every object in the JSON text has its keys in sorted order. */
export function keysSorted(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysSorted);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.join('\u0000') === [...keys].sort().join('\u0000') && Object.values(value).every(keysSorted);
  }
  return true;
}
