import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { scalePromDuration } from './prom-duration.js';

export interface AlertmanagerRunConfig {
  /** Where the `secrets/…` files the shipped config names are read from. */
  secretsDir: string;
  /** Divides group_wait, group_interval and repeat_interval (tests compress time). */
  timeFactor?: number;
  /**
   * Floor for the divided timings. Keep group_wait above Prometheus' evaluation interval: rules
   * of one concern sit in different groups that evaluate at different moments, and the inhibiting
   * alert must reach Alertmanager before the inhibited one is flushed (30s vs 15s when shipped).
   */
  timeFloorMs?: number;
  /** Replaces PagerDuty's events URL (tests point it at a loopback receiver). */
  pagerdutyUrl?: string;
}

type Node = Record<string, unknown>;
const ROUTE_TIMINGS = ['group_wait', 'group_interval', 'repeat_interval'] as const;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The shipped file names its secrets relative to its own directory (secrets/x); a run reads them
// from `secretsDir` instead, and every other relative path from the shipped directory.
function rewriteFilePaths(value: unknown, shippedDir: string, secretsDir: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteFilePaths(v, shippedDir, secretsDir));
  if (!isNode(value)) return value;
  const out: Node = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith('_file') && typeof v === 'string' && !isAbsolute(v)) {
      out[key] = v.startsWith('secrets/')
        ? join(secretsDir, v.slice('secrets/'.length))
        : resolve(shippedDir, v);
    } else {
      out[key] = rewriteFilePaths(v, shippedDir, secretsDir);
    }
  }
  return out;
}

function scaleRoute(route: Node, factor: number, floorMs: number): Node {
  const out: Node = { ...route };
  for (const key of ROUTE_TIMINGS) {
    const v = out[key];
    if (typeof v === 'string') out[key] = scalePromDuration(v, factor, floorMs);
  }
  if (Array.isArray(out.routes))
    out.routes = out.routes.map((r: unknown) => (isNode(r) ? scaleRoute(r, factor, floorMs) : r));
  return out;
}

/** The shipped alertmanager.yml with this run's secrets, paths and (for tests) timings put in. */
export async function alertmanagerConfigFor(
  shippedPath: string,
  shippedDir: string,
  run: AlertmanagerRunConfig,
): Promise<string> {
  let config = rewriteFilePaths(
    parse(await readFile(shippedPath, 'utf8')),
    shippedDir,
    run.secretsDir,
  ) as Node;
  config.templates = ((config.templates as string[] | undefined) ?? []).map((t) => resolve(shippedDir, t));
  if (run.pagerdutyUrl)
    config.global = { ...(config.global as Node | undefined), pagerduty_url: run.pagerdutyUrl };
  if (run.timeFactor && run.timeFactor !== 1 && isNode(config.route)) {
    config = { ...config, route: scaleRoute(config.route, run.timeFactor, run.timeFloorMs ?? 0) };
  }
  return stringify(config, { aliasDuplicateObjects: false });
}
