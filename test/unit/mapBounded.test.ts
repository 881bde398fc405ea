import { describe, expect, it } from '@jest/globals';
import { mapBounded } from '../../services/core/mapBounded.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

/** Work that records how many items run at once, and the most that ever did. */
function gauge() {
  const g = { inFlight: 0, peak: 0 };
  const around = async <R>(work: () => Promise<R>): Promise<R> => {
    g.inFlight++;
    g.peak = Math.max(g.peak, g.inFlight);
    try { return await work(); } finally { g.inFlight--; }
  };
  return { g, around };
}

describe('mapBounded', () => {
  it('keeps at most `limit` in flight and every outcome in the input order, failures included', async () => {
    const { g, around } = gauge();
    const outcomes = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, (n) => around(async () => {
      await tick();
      if (n === 4) throw new Error('four');
      return n * 10;
    }));
    expect(g.peak).toBe(3);
    expect(outcomes.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual([10, 20, 30, 'four', 50, 60, 70]);
  });

  it('turns a work function that throws before its first await into an outcome', async () => {
    const outcomes = await mapBounded(['a'], 2, () => { throw new Error('at once'); });
    expect(outcomes).toEqual([{ ok: false, error: new Error('at once') }]);
  });

  it('adaptive: halves the items in flight at each push-back, tries nothing again, and grows back after a run of answers', async () => {
    const { g, around } = gauge();
    const limits: number[] = [];
    const calls = new Map<number, number>();
    const items = [...Array(40).keys()];
    const outcomes = await mapBounded(items, { limit: 4, adaptive: true, onLimitChange: (l) => limits.push(l) }, (n, pushedBack) => around(async () => {
      calls.set(n, (calls.get(n) ?? 0) + 1);
      await tick();
      // Items 3 and 4: the service pushed back while serving them.
      if (n === 3 || n === 4) pushedBack();
      return n;
    }));
    expect(g.peak).toBeLessThanOrEqual(4);
    expect([...calls.values()].every((c) => c === 1)).toBe(true);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(limits.slice(0, 2)).toEqual([2, 1]);
    expect(limits.at(-1)).toBe(4);
  });

  it('failFast: rejects with the first failure at once and starts no item after it', async () => {
    const started: number[] = [];
    const map = mapBounded([1, 2, 3, 4, 5, 6], { limit: 2, failFast: true }, async (n) => {
      started.push(n);
      await new Promise((r) => setTimeout(r, n === 2 ? 1 : 30));
      if (n === 2) throw new Error('two');
      return n;
    });
    await expect(map).rejects.toThrow('two');
    // 1 is still running when 2 fails: nothing else has started, and nothing starts later.
    expect(started).toEqual([1, 2]);
    await new Promise((r) => setTimeout(r, 60));
    expect(started).toEqual([1, 2]);
  });

  it('not adaptive: a push-back changes nothing', async () => {
    const limits: number[] = [];
    await mapBounded([1, 2, 3, 4], { limit: 2, onLimitChange: (l) => limits.push(l) }, async (_n, pushedBack) => { pushedBack(); await tick(); });
    expect(limits).toEqual([]);
  });
});
