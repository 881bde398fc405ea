// The sliding windows behind the Teams limits, on explicit times: every documented window enforced
// (7/1 s, 8/2 s, 60/30 s, 1800/3600 s), Retry-After until the breaking window has room, only admitted
// requests counted, several guards admitted together or not at all.
import { describe, expect, it } from '@jest/globals';
import { SlidingWindows, admit } from '../../services/sandbox/rateWindows.js';
import { CONVERSATION_WINDOWS } from '../../services/sandbox/teams.js';

/** Sends at `times` (ms) through one conversation; the Retry-After of each refusal, 0 when admitted. */
function run(times: number[], limiter = new SlidingWindows(CONVERSATION_WINDOWS)): number[] {
  return times.map((t) => {
    const v = admit([[limiter, 'c']], t);
    return v.admitted ? 0 : v.retryAfterSeconds;
  });
}

describe('conversation windows', () => {
  it('7 per second', () => {
    expect(run([0, 10, 20, 30, 40, 50, 60, 70])).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('8 per 2 seconds, Retry-After until the oldest leaves', () => {
    const times = [0, 1, 2, 3, 4, 5, 6, 1_100, 1_200];
    expect(run(times)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // At 2,000 ms the first send has left the 2 s window.
    const limiter = new SlidingWindows(CONVERSATION_WINDOWS);
    run(times, limiter);
    expect(admit([[limiter, 'c']], 2_000).admitted).toBe(true);
  });

  it('60 per 30 seconds', () => {
    // 4 sends every 2,001 ms never break the 1 s and 2 s windows: 60 sends by 28,017 ms.
    const sixty = Array.from({ length: 60 }, (_, i) => Math.floor(i / 4) * 2_001 + (i % 4));
    expect(run([...sixty, 29_000])).toEqual([...sixty.map(() => 0), 1]);
    // At 30,000 ms the first send (at 0) has left the 30 s window.
    expect(run([...sixty, 30_000]).at(-1)).toBe(0);
  });

  it('1800 per hour', () => {
    // 60 sends every 30.001 s stay under 60/30 s; 1,800 fill the hour, the 1,801st is refused.
    const times = Array.from({ length: 1_801 }, (_, i) => Math.floor(i / 60) * 30_001 + (i % 60) * 300);
    const verdicts = run(times);
    expect(verdicts.slice(0, 1_800).every((v) => v === 0)).toBe(true);
    // Until the first send (at 0) leaves the hour: 3,600,000 - 900,030 ms, rounded up.
    expect(verdicts[1_800]).toBe(2_700);
  });

  it('counts only admitted requests', () => {
    const limiter = new SlidingWindows([{ limit: 1, windowMs: 1_000 }]);
    expect(run([0, 500, 999, 1_000], limiter)).toEqual([0, 1, 1, 0]);
  });
});

describe('several guards', () => {
  it('admits only when every guard has room, and then counts in all of them', () => {
    const tenant = new SlidingWindows([{ limit: 2, windowMs: 1_000 }]);
    const conversation = new SlidingWindows([{ limit: 1, windowMs: 1_000 }]);
    expect(admit([[tenant, 't'], [conversation, 'a']], 0).admitted).toBe(true);
    expect(admit([[tenant, 't'], [conversation, 'a']], 10).admitted).toBe(false);
    expect(admit([[tenant, 't'], [conversation, 'b']], 20).admitted).toBe(true);
    expect(admit([[tenant, 't'], [conversation, 'c']], 30).admitted).toBe(false);
    expect(tenant.waitMs('t', 30)).toBe(970);
  });
});
