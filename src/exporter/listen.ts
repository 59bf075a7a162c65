/** Parses `--listen`: `host:port`, `[v6]:port`, or `:port` (loopback). */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(listen.trim());
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65535) {
    throw new Error(`--listen: "${listen}" is not host:port (e.g. 127.0.0.1:9091)`);
  }
  // An empty host means loopback: listening on every interface must be asked for explicitly.
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}
