/**
 * The game's HTTP parsing, byte for byte where it matters: only `HTTP/1.1` request lines, header
 * lines only as `Name: value` (colon and one space; anything else is not a header), names kept
 * exactly as sent, a body only by Content-Length.
 */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface RawRequest {
  method: string;
  /** Request target as sent, with the query. */
  target: string;
  path: string;
  query: URLSearchParams;
  version: string;
  /** Header names exactly as sent. */
  headers: [string, string][];
  contentLength: number;
  body: Buffer;
}

/** `exact`: the name must match byte for byte, as `/performance` reads `Authorization`. */
export function header(req: RawRequest, name: string, exact = false): string | undefined {
  const lower = name.toLowerCase();
  const found = req.headers.find(([n]) => (exact ? n === name : n.toLowerCase() === lower));
  return found?.[1];
}

export type HeadParse =
  { kind: 'incomplete' } | { kind: 'invalid' } | { kind: 'head'; request: RawRequest; bodyStart: number };

export function parseHead(buffer: Buffer): HeadParse {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return buffer.length > MAX_HEAD_BYTES ? { kind: 'invalid' } : { kind: 'incomplete' };
  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const match = /^([A-Z]+) (\S+) (HTTP\/\d(?:\.\d)?)$/.exec(lines[0] ?? '');
  if (!match) return { kind: 'invalid' };
  const [, method, target, version] = match as unknown as [string, string, string, string];
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(': ');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 2)]);
  }
  const q = target.indexOf('?');
  const request: RawRequest = {
    method,
    target,
    path: q < 0 ? target : target.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)),
    version,
    headers,
    contentLength: 0,
    body: Buffer.alloc(0),
  };
  const length = Number(header(request, 'Content-Length') ?? '0');
  request.contentLength = Number.isSafeInteger(length) && length > 0 ? length : 0;
  return { kind: 'head', request, bodyStart: end + 4 };
}
