import { describe, expect, it } from '@jest/globals';
import { ResourceBudget } from '../../services/sandbox/budget.js';
import { sandboxOptionsFromEnv } from '../../services/sandbox/envOptions.js';

/** 200 units per 2 s, 2 per request: 100 requests fit a window. */
function budget(config = { unitsPerWindow: 200, windowMs: 2000 }): ResourceBudget {
  const b = new ResourceBudget();
  b.configure(config);
  return b;
}

const fill = (b: ResourceBudget, key = 'contoso|app', from = 0) =>
  Array.from({ length: 100 }, (_, i) => b.charge(key, from + i)!);

describe('resource-unit budget (sliding window, fake clock)', () => {
  it('admits exactly the budget, with RateLimit headers from 80% used on', () => {
    const verdicts = fill(budget());
    expect(verdicts.every((v) => v.admitted)).toBe(true);
    expect(verdicts.slice(0, 79).every((v) => Object.keys(v.headers).length === 0)).toBe(true);
    // The 80th request brings usage to 160 units = 80%.
    expect(verdicts[79].headers).toEqual({ 'ratelimit-limit': '200', 'ratelimit-remaining': '40', 'ratelimit-reset': '2' });
    expect(verdicts[99].headers).toEqual({ 'ratelimit-limit': '200', 'ratelimit-remaining': '0', 'ratelimit-reset': '2' });
  });

  it('answers Retry-After = whole seconds until enough units leave the window, the throttled request included', () => {
    const b = budget();
    fill(b);
    // 202 units in the window: two of the oldest requests (t=0, t=1) must leave, at t=2001.
    expect(b.charge('contoso|app', 500)).toEqual({ admitted: false, retryAfterSeconds: 2, headers: { 'ratelimit-limit': '200', 'ratelimit-remaining': '0', 'ratelimit-reset': '2' } });
    // 204 units: t=0..2 must leave, by t=2002: 402 ms away, rounded up to 1 s.
    expect(b.charge('contoso|app', 1600)).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
    expect(b.charge('contoso|app', 2002)).toMatchObject({ admitted: true });
  });

  it('counts throttled requests, so hammering keeps a client throttled after its admitted units have left', () => {
    const b = budget();
    fill(b);
    let last;
    for (let i = 0; i < 100; i++) last = b.charge('contoso|app', 500);
    expect(last).toMatchObject({ admitted: false, retryAfterSeconds: 2 });
    // Every admitted request (t<=99) has left by t=2100, but the 100 throttled ones (200 units) have not.
    expect(b.charge('contoso|app', 2100)).toMatchObject({ admitted: false });
    expect(b.charge('contoso|app', 2500)).toMatchObject({ admitted: true });
    expect(b.stats()).toEqual({ admitted: 101, throttled: 101, units: 404 });
  });

  it('gives every key (tenant and app) its own budget', () => {
    const b = budget();
    fill(b, 'contoso|source-app');
    expect(b.charge('contoso|source-app', 150)).toMatchObject({ admitted: false });
    expect(b.charge('fabrikam|target-app', 150)).toEqual({ admitted: true, headers: {} });
  });

  it('takes a cost per request, and keeps usage when set again unchanged but starts afresh when changed or removed', () => {
    const b = budget({ unitsPerWindow: 10, windowMs: 1000, costPerRequest: 5 } as never);
    expect(b.charge('k', 0)?.admitted).toBe(true);
    expect(b.charge('k', 1)).toMatchObject({ admitted: true, headers: { 'ratelimit-remaining': '0' } });
    expect(b.charge('k', 2)?.admitted).toBe(false);
    b.configure({ unitsPerWindow: 10, windowMs: 1000, costPerRequest: 5 });
    expect(b.charge('k', 3)?.admitted).toBe(false);
    b.configure({ unitsPerWindow: 10, windowMs: 1000 });
    expect(b.charge('k', 4)).toEqual({ admitted: true, headers: {} });
    b.configure(undefined);
    expect(b.charge('k', 5)).toBeNull();
    expect(() => b.configure({ unitsPerWindow: 0, windowMs: 1000 })).toThrow(/unitsPerWindow/);
  });
});

describe('SANDBOX_RU_PER_MINUTE', () => {
  it('sets a per-minute budget; 0 or unset means none; anything else is a problem', () => {
    expect(sandboxOptionsFromEnv({ SANDBOX_RU_PER_MINUTE: '1250' }).options.faults?.budget).toEqual({ unitsPerWindow: 1250, windowMs: 60_000 });
    expect(sandboxOptionsFromEnv({ SANDBOX_RU_PER_MINUTE: '0' }).options.faults?.budget).toBeUndefined();
    expect(sandboxOptionsFromEnv({}).options.faults?.budget).toBeUndefined();
    const bad = sandboxOptionsFromEnv({ SANDBOX_RU_PER_MINUTE: 'lots' });
    expect(bad.problems).toEqual([expect.stringMatching(/^SANDBOX_RU_PER_MINUTE: must be a number .*resource units per minute.*got 'lots'$/)]);
    expect(bad.options.faults?.budget).toBeUndefined();
  });
});
