const MIB = 1024 * 1024;

/** Megabytes as the original tool printed them (1 MB = 1024 * 1024 bytes, one decimal). */
export function formatMb(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)}MB`;
}

export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(3)}s`;
}

/** A duration for humans: "45s", "12m", "2h 5m". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export const MB = MIB;
