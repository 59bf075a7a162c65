import { describe, expect, it } from 'vitest';
import { createPool } from '../../src/health/pool.js';

describe('pool', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const pool = createPool(3);
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      pool.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return i;
      }),
    );
    for (let n = 0; n < 50 && (gates.length > 0 || pool.active > 0); n++) {
      await new Promise((r) => setImmediate(r));
      gates.splice(0).forEach((g) => g());
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it('a failing task frees its slot', async () => {
    const pool = createPool(1);
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.run(() => Promise.resolve(7))).toBe(7);
  });
});
