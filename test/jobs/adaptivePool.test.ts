import { describe, expect, it } from '@jest/globals';
import { AdaptivePool } from '../../services/jobs/adaptivePool.js';
import { ManualClock } from '../helpers/clock.js';

describe('adaptive pool', () => {
  it('halves concurrency when throttled, retries the throttled items, and grows back after successes', async () => {
    const clock = new ManualClock();
    const limits: number[] = [];
    const pool = new AdaptivePool({ max: 4, clock, backoffMs: 100, onLimitChange: (l) => limits.push(l) });
    let inFlight = 0;
    let peak = 0;
    const tries = new Map<number, number>();
    const items = [...Array(40).keys()];
    await pool.run(items, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      tries.set(n, (tries.get(n) ?? 0) + 1);
      // Items 3 and 4 are throttled on their first try.
      return (n === 3 || n === 4) && tries.get(n) === 1 ? 'throttled' : 'ok';
    });
    expect(peak).toBeLessThanOrEqual(4);
    expect([...tries.values()].reduce((a, b) => a + b)).toBe(42);
    expect(limits.slice(0, 2)).toEqual([2, 1]);
    expect(limits.at(-1)).toBe(4);
    expect(pool.currentLimit).toBe(4);
  });

  it('stops and reports when an attempt throws', async () => {
    const pool = new AdaptivePool({ max: 2, clock: new ManualClock() });
    await expect(pool.run([1, 2, 3], async (n) => { if (n === 2) throw new Error('boom'); return 'ok'; })).rejects.toThrow('boom');
  });
});
