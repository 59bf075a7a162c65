import { describe, expect, it } from 'vitest';
import { SingleFlight, withDeadline } from '../../src/target/single-flight.js';

describe('SingleFlight', () => {
  it('a rejected run does not block later callers', async () => {
    let calls = 0;
    const flight = new SingleFlight(async () => {
      calls++;
      if (calls === 1) throw new Error('bug');
      return { at: Date.now(), value: calls };
    });
    await expect(flight.get(1000)).rejects.toThrow('bug');
    await expect(flight.get(1000)).resolves.toMatchObject({ value: 2 });
    expect(flight.latest()).toMatchObject({ value: 2 });
  });

  it('withDeadline answers at the deadline and without one just waits', async () => {
    const never = new Promise<string>(() => {});
    await expect(withDeadline(never, 10, () => 'late')).resolves.toBe('late');
    await expect(withDeadline(Promise.resolve('now'), undefined, () => 'late')).resolves.toBe('now');
    await expect(withDeadline(Promise.resolve('now'), 0, () => 'late')).resolves.toBe('now');
  });
});
