import type { ScenarioParams } from './options.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Every scenario with its parameters and their defaults (all numbers). */
export const SCENARIOS = {
  healthy: {},
  'low-fps': { fps: 40 },
  'fps-dip': { fps: 60, interval_ms: 10_000, duration_ms: 2_000 },
  'memory-leak': { bytes_per_second: 200_000 },
  'memory-high': { bytes: 11 * GiB },
  down: {},
  hang: {},
  slow: { delay_ms: 1_000 },
  'http-500': {},
  'garbage-body': {},
  'truncated-body': {},
  'huge-body': { bytes: 2 * MiB },
  'token-expired': {},
  restart: {},
  'auth-storm': { rate_per_s: 5 },
  'rate-limit-storm': { rate_per_s: 5 },
  'scene-failures': { interval_ms: 5_000 },
  'scene-slow': { duration_ms: 4_500, interval_ms: 10_000 },
  'headset-disconnect': {},
  'telemetry-flap': { interval_ms: 5_000 },
  'high-traffic': { rate_per_s: 300 },
  'error-burst': { ratio: 0.2, rate_per_s: 50 },
  'cpu-burn': { load: 0.9 },
  'cert-expiring': { days: 5 },
  // The API keeps answering but the game's own clock in /performance stops: a frozen engine
  // behind a live HTTP thread, or a proxy serving a cached body.
  'frozen-clock': {},
} satisfies Record<string, Record<string, number>>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export interface ActiveScenario {
  name: ScenarioName;
  params: Record<string, number>;
}

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** Validates a scenario name and its parameters, filling in defaults. */
export function resolveScenario(name: string, params: ScenarioParams = {}): ActiveScenario {
  if (!(name in SCENARIOS)) {
    throw new ScenarioError(`unknown scenario "${name}" (known: ${SCENARIO_NAMES.join(', ')})`);
  }
  const defaults: Record<string, number> = SCENARIOS[name as ScenarioName];
  const resolved = { ...defaults };
  for (const [key, raw] of Object.entries(params)) {
    if (!(key in defaults)) {
      const known = Object.keys(defaults);
      throw new ScenarioError(
        `scenario "${name}" has no parameter "${key}"${known.length ? ` (known: ${known.join(', ')})` : ''}`,
      );
    }
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      throw new ScenarioError(
        `scenario "${name}": parameter ${key} must be a non-negative number, got "${raw}"`,
      );
    }
    resolved[key] = value;
  }
  if (name === 'error-burst' && (resolved.ratio === 0 || (resolved.ratio ?? 0) > 1)) {
    throw new ScenarioError('scenario "error-burst": ratio must be in (0, 1]');
  }
  return { name: name as ScenarioName, params: resolved };
}

/** `slow?delay_ms=500` (the control port's syntax) into a name and its parameters. */
export function parseScenarioSpec(spec: string): { name: string; params: ScenarioParams } {
  const q = spec.indexOf('?');
  if (q < 0) return { name: spec, params: {} };
  return { name: spec.slice(0, q), params: Object.fromEntries(new URLSearchParams(spec.slice(q + 1))) };
}
