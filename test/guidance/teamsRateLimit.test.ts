// The pacing limiters on a hand-moved clock: each documented window holds, and a call waits exactly until
// the window that binds it has room.
import { describe, expect, it } from '@jest/globals';
import {
  acquireAll, createTeamsLimits, CONVERSATION_WINDOWS, SlidingWindowLimiter, TENANT_WINDOWS, type RateWindow,
} from '../../services/guidance/teamsRateLimit.js';
import { ManualClock } from '../helpers/clock.js';

/** Takes `n` slots one after another for calls answered at once; the offset (ms from start) of each. */
async function takeTimes(limiter: SlidingWindowLimiter, n: number, key: (i: number) => string, clock = new ManualClock()): Promise<number[]> {
  const start = clock.now().getTime();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    (await limiter.acquire(key(i), clock))();
    times.push(clock.now().getTime() - start);
  }
  return times;
}

/** Every window of `windows` holds over `times` as the service counts ((t - w, t]). */
function respects(times: number[], windows: readonly RateWindow[]): boolean {
  return windows.every(({ limit, windowMs }) => times.every((t, i) => times.filter((u, j) => j <= i && u > t - windowMs).length <= limit));
}

describe('SlidingWindowLimiter', () => {
  it('lets 7 sends in one conversation through at once, and the 8th after the 1 s window frees', async () => {
    const times = await takeTimes(new SlidingWindowLimiter(CONVERSATION_WINDOWS), 9, () => 'send|a');
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(times[7]).toBe(1_000);
    // The 9th would fit 7/1 s but not 8/2 s: it waits until the first send leaves the 2 s window.
    expect(times[8]).toBe(2_000);
  });

  it('holds 60 per 30 s and 1800 per hour in one conversation', async () => {
    const times = await takeTimes(new SlidingWindowLimiter(CONVERSATION_WINDOWS), 1_801, () => 'send|a');
    expect(respects(times, CONVERSATION_WINDOWS)).toBe(true);
    expect(times[60]).toBeGreaterThanOrEqual(30_000);
    expect(times[1_800]).toBe(3_600_000);
    expect(times[1_799]).toBeLessThan(3_600_000);
  });

  it('holds 50 per second per tenant across conversations: the 51st call waits 1 s', async () => {
    const times = await takeTimes(new SlidingWindowLimiter(TENANT_WINDOWS), 101, () => 'tenant');
    expect(times.slice(0, 50).every(t => t === 0)).toBe(true);
    expect(times[50]).toBe(1_000);
    expect(times[100]).toBe(2_000);
  });

  it('keeps keys apart', async () => {
    const times = await takeTimes(new SlidingWindowLimiter(CONVERSATION_WINDOWS), 70, i => `send|${i % 10}`);
    expect(times.every(t => t === 0)).toBe(true);
  });

  it('widens every window by the margin', async () => {
    const times = await takeTimes(new SlidingWindowLimiter(TENANT_WINDOWS, 40), 51, () => 't');
    expect(times[50]).toBe(1_040);
  });
});

describe('acquireAll', () => {
  it('waits for the tightest guard and takes a slot in every one at the same instant', async () => {
    const clock = new ManualClock();
    const limits = createTeamsLimits(0);
    const start = clock.now().getTime();
    const at: number[] = [];
    for (let i = 0; i < 51; i++) {
      (await acquireAll([[limits.conversation, `send|c${i}`], [limits.tenant, 'tenant-1']], clock))();
      at.push(clock.now().getTime() - start);
    }
    expect(at[49]).toBe(0);
    expect(at[50]).toBe(1_000);
    // The 51st call took its conversation slot at 1 000 too, not when it first asked.
    expect(limits.conversation.waitMs('send|c50', start + 1_000)).toBe(0);
    for (let i = 0; i < 6; i++) (await acquireAll([[limits.conversation, 'send|c50'], [limits.tenant, 'tenant-1']], clock))();
    expect(limits.conversation.waitMs('send|c50', clock.now().getTime())).toBeGreaterThan(0);
  });

  it('dates a slot when its call is answered: a slow call keeps its slot until then, and a second after', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(TENANT_WINDOWS);
    const start = clock.now().getTime();
    const slow = await limiter.acquire('t', clock); // answered only 700 ms later
    for (let i = 0; i < 49; i++) (await limiter.acquire('t', clock))();
    clock.advance(700);
    slow();
    const next = limiter.acquire('t', clock);
    // The 49 quick calls leave the window at 1 000; the slow one only at 1 700, so the 51st fits at 1 000.
    expect(limiter.waitMs('t', start + 700)).toBe(300);
    (await next)();
    expect(clock.now().getTime() - start).toBe(1_000);
    // Now 50 in the window again (the slow one, still in it, and the 51st): the next waits for the slow one.
    for (let i = 0; i < 48; i++) (await limiter.acquire('t', clock))();
    expect(limiter.waitMs('t', clock.now().getTime())).toBe(700);
  });

  it('a call still in flight holds its slot: nothing past the limit goes out until it is answered', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter([{ limit: 2, windowMs: 1_000 }]);
    const releases = [await limiter.acquire('t', clock), await limiter.acquire('t', clock)];
    clock.advance(5_000);
    expect(limiter.waitMs('t', clock.now().getTime())).toBe(Number.POSITIVE_INFINITY);
    releases[0]!();
    expect(limiter.waitMs('t', clock.now().getTime())).toBe(1_000);
  });

  it('paces Graph installs at 25 per second', async () => {
    const times = await takeTimes(createTeamsLimits(0).installs, 26, () => 'tenant');
    expect(times[24]).toBe(0);
    expect(times[25]).toBe(1_000);
  });
});
