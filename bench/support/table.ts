/** A plain-text table with right-aligned columns after the first, for the benchmark's output. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '-');
export const rate = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '-');
/** Two decimals, or two significant digits for ratios below 0.1 (single-flight gets there). */
export const ratio = (v: number): string =>
  Number.isFinite(v) ? `${v < 0.1 ? v.toPrecision(2) : v.toFixed(2)}x` : '-';
