// Reading many people's move states at once: everyone read once, one unreadable person never hides the
// others, fewer in flight only when the tenant pushed back, and nothing more started once told to stop.
// The tenant here records what it is asked and when; the pipeline's own retries are tested with it.
import { describe, expect, it } from '@jest/globals';
import { MAX_READS_IN_FLIGHT, readMoveStates } from '../../../services/knowledge/readMoveStates.js';
import { systemClock } from '../../../services/ports.js';
import type { MoveState } from '../../../services/tenants/types.js';

const upns = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@contoso.com`);

/** A tenant answering after `ms`, counting what is in flight; `throttleAt` reads see a 429 (as the pipeline counts them). */
function countingTenant(o: { ms?: number; unreadable?: string; throttleAt?: Set<number>; throttledBefore?: number } = {}) {
  let inFlight = 0;
  let reads = 0;
  let throttles = o.throttledBefore ?? 0;
  const peaks: number[] = [];
  return {
    peaks,
    get reads() { return reads; },
    throttleCount: () => throttles,
    async getMoveState(upn: string): Promise<MoveState | null> {
      const n = reads++;
      peaks.push(++inFlight);
      await new Promise((r) => setTimeout(r, o.ms ?? 5));
      inFlight--;
      if (o.throttleAt?.has(n)) throttles++;
      if (upn === o.unreadable) throw new Error('Graph answered 500 after every retry');
      return upn.startsWith('p1') ? null : { sourceUpn: upn, status: 'completed' } as MoveState;
    },
  };
}

describe('readMoveStates', () => {
  it('reads everyone once and keeps each outcome, an unreadable person included, telling as each read ends', async () => {
    const tenant = countingTenant({ unreadable: 'p3@contoso.com' });
    const ended: number[] = [];
    const told: string[] = [];
    const read = await readMoveStates(tenant, upns(5), { clock: systemClock, onRead: (n) => ended.push(n), onResult: (upn) => told.push(upn) });
    expect(tenant.reads).toBe(5);
    expect(read.get('p0@contoso.com')).toEqual({ ok: true, value: { sourceUpn: 'p0@contoso.com', status: 'completed' } });
    expect(read.get('p1@contoso.com')).toEqual({ ok: true, value: null });
    expect(read.get('p3@contoso.com')).toMatchObject({ ok: false, error: new Error('Graph answered 500 after every retry') });
    expect(ended).toEqual([1, 2, 3, 4, 5]);
    expect(told.sort()).toEqual(upns(5));
  });

  it('keeps at most the given number in flight, or MAX_READS_IN_FLIGHT', async () => {
    const few = countingTenant();
    await readMoveStates(few, upns(20), { clock: systemClock, max: 4 });
    expect(Math.max(...few.peaks)).toBe(4);
    const many = countingTenant();
    await readMoveStates(many, upns(MAX_READS_IN_FLIGHT * 2), { clock: systemClock });
    expect(Math.max(...many.peaks)).toBe(MAX_READS_IN_FLIGHT);
  });

  it('runs fewer at once after the tenant pushed back, and never for a push-back it already counted', async () => {
    const calm = countingTenant({ throttledBefore: 3 }); // pushed back before this read began: not this read's news
    await readMoveStates(calm, upns(40), { clock: systemClock, max: 8 });
    expect(calm.peaks.slice(-8).every((p) => p >= 7)).toBe(true);
    const pushed = countingTenant({ throttleAt: new Set([0]) });
    await readMoveStates(pushed, upns(40), { clock: systemClock, max: 8 });
    // One push-back: half as many in flight at once, then slowly more again (not halved at every later read).
    expect(Math.max(...pushed.peaks.slice(8, 13))).toBe(4);
    expect(Math.min(...pushed.peaks.slice(-3))).toBeGreaterThanOrEqual(6);
  });

  it('starts no read once told to stop', async () => {
    const tenant = countingTenant();
    const stop = new AbortController();
    await readMoveStates(tenant, upns(10), { clock: systemClock, max: 1, signal: stop.signal, onRead: (n) => { if (n === 2) stop.abort(); } });
    expect(tenant.reads).toBe(2);
  });
});
