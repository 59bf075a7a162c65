// Prometheus duration strings ("1h30m", "5m", "500ms"), as Prometheus 2.42 and Alertmanager 0.25
// parse them: units y w d h m s ms, largest first, each at most once.
const UNITS: [unit: string, ms: number][] = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const UNIT_MS = new Map(UNITS);

export function parsePromDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const parts = [...trimmed.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new Error(`not a Prometheus duration: "${text}"`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS.get(p[2] ?? '') ?? 0), 0);
}

/** The shortest exact Prometheus spelling of a whole number of milliseconds. */
export function formatPromDuration(ms: number): string {
  let rest = Math.round(ms);
  if (rest <= 0) return '0s';
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Divides a duration by `factor`, never below `minMs` (a zero duration stays zero). */
export function scalePromDuration(text: string, factor: number, minMs = 0): string {
  const ms = parsePromDuration(text);
  if (ms === 0) return text;
  return formatPromDuration(Math.max(ms / factor, minMs));
}
