import { describe, expect, it } from 'vitest';
import { parseWallTime, zoneResolver } from '../../src/logs/timezone.js';

const at = (zone: string, wall: string): string => zoneResolver(zone)(parseWallTime(wall)!).toISOString();

describe('zoneResolver', () => {
  it('defaults to UTC and takes fixed offsets', () => {
    expect(zoneResolver()(parseWallTime('2025-12-04 23:38:41')!).toISOString()).toBe(
      '2025-12-04T23:38:41.000Z',
    );
    expect(at('+05:30', '2025-12-04T23:38:41')).toBe('2025-12-04T18:08:41.000Z');
    expect(at('-0800', '2025-12-04 23:38:41')).toBe('2025-12-05T07:38:41.000Z');
    expect(at('UTC+2', '2025-12-04 23:38:41')).toBe('2025-12-04T21:38:41.000Z');
  });

  it('follows daylight saving of IANA zones, also around the switch hour', () => {
    expect(at('Europe/Berlin', '2025-07-01 12:00:00')).toBe('2025-07-01T10:00:00.000Z');
    expect(at('Europe/Berlin', '2025-12-01 12:00:00')).toBe('2025-12-01T11:00:00.000Z');
    // 2025-03-30: 02:00 CET jumps to 03:00 CEST.
    expect(at('Europe/Berlin', '2025-03-30 01:59:59')).toBe('2025-03-30T00:59:59.000Z');
    expect(at('Europe/Berlin', '2025-03-30 03:00:00')).toBe('2025-03-30T01:00:00.000Z');
    // 2025-10-26: 03:00 CEST falls back to 02:00 CET.
    expect(at('Europe/Berlin', '2025-10-26 01:30:00')).toBe('2025-10-25T23:30:00.000Z');
    expect(at('Europe/Berlin', '2025-10-26 03:30:00')).toBe('2025-10-26T02:30:00.000Z');
    const resolve = zoneResolver('America/New_York');
    // The same resolver, called many times in one hour (cached), stays right.
    for (let m = 0; m < 60; m += 7) {
      const wall = parseWallTime(`2025-11-02 00:${String(m).padStart(2, '0')}:00`)!;
      expect(resolve(wall).toISOString()).toBe(`2025-11-02T04:${String(m).padStart(2, '0')}:00.000Z`);
    }
  });

  it('names a bad zone', () => {
    expect(() => zoneResolver('Nowhere/City')).toThrow('unknown time zone "Nowhere/City"');
    expect(() => zoneResolver('+25:00')).toThrow('invalid UTC offset');
  });

  it('rejects impossible wall times', () => {
    expect(parseWallTime('2025-13-01 00:00:00')).toBeUndefined();
    expect(parseWallTime('yesterday')).toBeUndefined();
    expect(parseWallTime('2025-12-04T23:38:41.5')).toMatchObject({ millisecond: 500 });
  });
});
