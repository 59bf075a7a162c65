import { z } from 'zod';

// Note for zod 4: `.default()` on a transformed field is the *output* value (milliseconds here).

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses Prometheus-style durations ("250ms", "30s", "5m", "1h30m") or a plain number of seconds. */
export function parseDurationMs(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new Error(`invalid duration ${input}`);
    return input * 1000;
  }
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new Error(`invalid duration "${input}" (use e.g. 500ms, 30s, 5m, 1h)`);
  }
  return total;
}

/** A zod field that accepts a duration string or seconds and yields milliseconds. */
export const durationMs = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseDurationMs(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});
