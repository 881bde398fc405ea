import { describe, expect, it } from '@jest/globals';
import { PLAN_ID_PATTERN } from '../../bot/nlu/entities.js';
import { blockersOf, buildPlan, hashMatches, isExpired, newPlanId, planHash, planIntact, stableStringify, PlanBlockedError } from '../../services/approvals/plan.js';
import { ManualClock } from '../helpers/clock.js';
import { alice, redirectPlan } from './helpers.js';

describe('plan ids', () => {
  it('are p- and 8 Crockford base32 characters that the recogniser picks out of a sentence', () => {
    const ids = Array.from({ length: 500 }, newPlanId);
    for (const id of ids) {
      expect(id).toMatch(/^p-[0-9abcdefghjkmnpqrstvwxyz]{8}$/);
      expect(`cancel ${id} please`.match(PLAN_ID_PATTERN)?.[0]).toBe(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('plan hash', () => {
  it('does not depend on the order keys were written in', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('is a sha-256 over the content that any change to an item or finding breaks', () => {
    const clock = new ManualClock();
    const plan = redirectPlan(alice, clock, ['https://contoso-my.sharepoint.com/personal/a', 'https://contoso-my.sharepoint.com/personal/b']);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(planIntact(plan)).toBe(true);
    const swapped = { ...plan, items: [plan.items[0]!, { ...plan.items[1]!, label: 'https://contoso.sharepoint.com/sites/hr' }] };
    expect(planHash(swapped)).not.toBe(plan.hash);
    expect(planIntact(swapped)).toBe(false);
    expect(planHash({ ...plan, findings: [{ level: 'info', text: 'x' }] })).not.toBe(plan.hash);
    expect(planHash({ ...plan, id: 'p-00000000' })).not.toBe(plan.hash);
  });

  it('matches only the exact hash string', () => {
    const plan = redirectPlan(alice, new ManualClock());
    expect(hashMatches(plan, plan.hash)).toBe(true);
    expect(hashMatches(plan, plan.hash.toUpperCase())).toBe(false);
    expect(hashMatches(plan, plan.hash.slice(1))).toBe(false);
    expect(hashMatches(plan, undefined)).toBe(false);
    expect(hashMatches(plan, { hash: plan.hash })).toBe(false);
  });
});

describe('plan expiry', () => {
  it('defaults to 24 hours after the request and can be configured', () => {
    const clock = new ManualClock();
    const plan = redirectPlan(alice, clock);
    expect(Date.parse(plan.expiresAt) - Date.parse(plan.requestedAt)).toBe(24 * 3600_000);
    const short = redirectPlan(alice, clock, undefined, 60_000);
    expect(isExpired(short, clock.now())).toBe(false);
    clock.advance(60_000);
    expect(isExpired(short, clock.now())).toBe(true);
  });
});

describe('blocked plans', () => {
  it('say what blocks them and list the first people, counting the rest', () => {
    const users = Array.from({ length: 23 }, (_, i) => `u${i}@contoso.com`);
    const err = new PlanBlockedError([{ level: 'blocker', text: 'Moves not finished', subjects: users }]);
    expect(err.code).toBe('input');
    expect(err.userMessage).toContain('u0@contoso.com, u1@contoso.com');
    expect(err.userMessage).toContain('and 3 more');
    expect(err.blockers[0]!.subjects).toHaveLength(23);
  });

  it('are built from a draft like any other plan', () => {
    const blocker = { level: 'blocker' as const, text: 'Moves not finished', subjects: ['u0@contoso.com'] };
    const plan = buildPlan({ kind: 'remove-trust', title: 't', summary: 's', requestedBy: alice, items: [], findings: [{ level: 'info', text: 'note' }, blocker], options: {}, ordered: true }, new Date());
    expect(planIntact(plan)).toBe(true);
    expect(blockersOf(plan)).toEqual([blocker]);
    // The blocker is part of what the hash covers: dropping it is an edit.
    expect(planIntact({ ...plan, findings: plan.findings.filter((f) => f.level !== 'blocker') })).toBe(false);
  });
});
