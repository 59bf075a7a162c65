/**
 * The game writes local wall-clock time without a zone ("2025-12-04 23:38:41"). This turns such a
 * time into an instant, given the zone the game machine runs in: an IANA name (resolved through
 * Intl, so daylight saving is handled) or a fixed offset like "+01:00". Default: UTC.
 */

export type ZoneResolver = (wall: WallTime) => Date;

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

const OFFSET_RE = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** Throws with a clear message for an unknown zone name or a malformed offset. */
export function zoneResolver(zone = 'UTC'): ZoneResolver {
  const trimmed = zone.trim();
  if (/^(utc|gmt|z)$/i.test(trimmed)) return (w) => new Date(wallUtcMs(w));
  const fixed = OFFSET_RE.exec(trimmed);
  if (fixed) {
    const sign = fixed[1] === '-' ? -1 : 1;
    const hours = Number(fixed[2]);
    const minutes = Number(fixed[3] ?? 0);
    if (hours > 14 || minutes > 59) throw new Error(`invalid UTC offset "${zone}"`);
    const offsetMs = sign * (hours * 60 + minutes) * 60_000;
    return (w) => new Date(wallUtcMs(w) - offsetMs);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: trimmed,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new Error(
      `unknown time zone "${zone}" (use an IANA name like Europe/Berlin, or an offset like +01:00)`,
    );
  }
  const offsetAt = (utcMs: number): number => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(utcMs))) parts[p.type] = Number(p.value);
    const asWall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    return asWall - Math.floor(utcMs / 1000) * 1000;
  };
  const resolve = (wallMs: number): number => {
    // Two rounds converge for every real zone; in a DST gap or overlap this picks one of the
    // candidate instants, which is as good as the game's own ambiguous clock.
    const guess = wallMs - offsetAt(wallMs);
    return wallMs - offsetAt(guess);
  };
  // Intl is slow (microseconds a call) and a log has many lines per hour: remember each wall-clock
  // hour's offset, unless the offset changes within that hour (a DST switch), then resolve exactly.
  const hourOffsets = new Map<number, number | null>();
  return (w) => {
    const wallMs = wallUtcMs(w);
    const hour = Math.floor(wallMs / 3_600_000) * 3_600_000;
    let offset = hourOffsets.get(hour);
    if (offset === undefined) {
      const atStart = hour - resolve(hour);
      const atEnd = hour + 3_599_999 - resolve(hour + 3_599_999);
      offset = atStart === atEnd ? atStart : null;
      if (hourOffsets.size > 10_000) hourOffsets.clear();
      hourOffsets.set(hour, offset);
    }
    return new Date(offset === null ? resolve(wallMs) : wallMs - offset);
  };
}

function wallUtcMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond ?? 0);
}

/** Parses "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS[.fff]" (no zone) into its parts. */
export function parseWallTime(text: string): WallTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text);
  if (!m) return undefined;
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond: m[7] ? Number(m[7].padEnd(3, '0')) : 0,
  };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23) return undefined;
  if (wall.minute > 59 || wall.second > 60) return undefined;
  return wall;
}
