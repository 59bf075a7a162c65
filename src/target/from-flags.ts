import { DEFAULT_TARGET } from './config.js';
import type { TargetConfig, TokenSource } from './types.js';

export interface TargetFlags {
  /** e.g. http://localhost:8080 */
  apiUrl: string;
  /** e.g. /performance */
  healthEndpoint: string;
  /** A token file path, or `env:NAME` for an environment variable. */
  jwtToken: string;
  name?: string;
}

/** `--jwt-token`: a path, or `env:NAME`. */
export function tokenSourceFromFlag(value: string): TokenSource {
  const trimmed = value.trim();
  if (trimmed.startsWith('env:')) {
    const name = trimmed.slice(4);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`--jwt-token: "${trimmed}" is not env:NAME with a valid environment variable name`);
    }
    return { kind: 'env', name };
  }
  if (trimmed === '') throw new Error('--jwt-token: empty; give a token file path or env:NAME');
  return { kind: 'file', path: trimmed };
}

/** The target of the health monitor's and exporter's simple flags (the config file is not needed). */
export function targetFromFlags(flags: TargetFlags): TargetConfig {
  let url: URL;
  try {
    url = new URL(flags.apiUrl);
  } catch {
    throw new Error(`--api-url: "${flags.apiUrl}" is not a URL (e.g. http://localhost:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--api-url: "${flags.apiUrl}" must start with http:// or https://`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('--api-url: give only scheme, host, port and an optional path prefix');
  }
  const endpoint = flags.healthEndpoint.trim();
  if (endpoint === '') throw new Error('--health-endpoint: empty (e.g. /performance)');
  const name = flags.name ?? url.host;
  if (!/^[A-Za-z0-9_.:-]+$/.test(name)) {
    throw new Error(`target name "${name}": letters, digits, _ . : - only`);
  }
  return {
    name,
    url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
    performancePath: endpoint.startsWith('/') ? endpoint : `/${endpoint}`,
    statusPath: DEFAULT_TARGET.statusPath,
    token: tokenSourceFromFlag(flags.jwtToken),
    connectTimeoutMs: DEFAULT_TARGET.connectTimeoutMs,
    responseTimeoutMs: DEFAULT_TARGET.responseTimeoutMs,
    maxBodyBytes: DEFAULT_TARGET.maxBodyBytes,
    minIntervalMs: DEFAULT_TARGET.minIntervalMs,
    labels: {},
  };
}
