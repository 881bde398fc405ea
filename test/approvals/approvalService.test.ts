import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConflictError, ExpiredError, InputError, NotAllowedError } from '../../services/errors.js';
import { buildPlan, PlanBlockedError } from '../../services/approvals/plan.js';
import { alice, approvalRig, bob, carol, chat, mallory, redirectPlan, type ApprovalRig } from './helpers.js';

let rig: ApprovalRig;
beforeEach(async () => { rig = await approvalRig(); });
afterEach(async () => { await rig.close(); });

const events = async () => (await rig.audit.latest(1000)).map((e) => e.event);
const requested = async (by = alice) => rig.service.request(redirectPlan(by, rig.clock), chat);

describe('request', () => {
  it('stores a pending plan with its card address and audits the request', async () => {
    const record = await requested();
    expect(record.state).toBe('pending');
    expect(await rig.service.get(record.plan.id)).toEqual(record);
    const [entry] = await rig.audit.latest(1);
    expect(entry).toMatchObject({ event: 'plan.requested', planId: record.plan.id, actor: alice, detail: { kind: 'remove-redirects', items: 1 } });
  });

  it('refuses a plan whose content no longer matches its hash, and a plan with blockers', async () => {
    const plan = redirectPlan(alice, rig.clock);
    await expect(rig.service.request({ ...plan, summary: 'something else' }, chat)).rejects.toBeInstanceOf(InputError);
    const blocked = buildPlan({ ...plan, findings: [{ level: 'blocker', text: 'Moves not finished', subjects: ['x@contoso.com'] }] }, rig.clock.now());
    await expect(rig.service.request(blocked, chat)).rejects.toBeInstanceOf(PlanBlockedError);
    expect(await rig.service.get(blocked.id)).toBeNull();
  });
});

describe('approve', () => {
  it('approves by compare-and-set, audits it, updates the card and schedules the run without waiting for it', async () => {
    const { plan } = await requested();
    const record = await rig.service.approve(plan.id, plan.hash, bob);
    expect(record).toMatchObject({ state: 'approved', decision: { by: bob } });
    expect(rig.jobs.scheduled).toEqual([plan.id]);
    expect(await events()).toEqual(['plan.requested', 'plan.approved']);
    expect(rig.messenger.changes.map((r) => r.state)).toEqual(['approved']);
  });

  it('refuses self-approval and records it in the audit log', async () => {
    const { plan } = await requested(alice);
    const err = await rig.service.approve(plan.id, plan.hash, alice).catch((e) => e);
    expect(err).toBeInstanceOf(NotAllowedError);
    expect(err.userMessage).toMatch(/another approver/);
    expect(await events()).toEqual(['plan.requested', 'refused.self-approval']);
    expect((await rig.service.get(plan.id))!.state).toBe('pending');
    await expect(rig.service.reject(plan.id, plan.hash, alice, 'changed my mind')).rejects.toBeInstanceOf(NotAllowedError);
    expect(rig.jobs.scheduled).toEqual([]);
  });

  it('refuses someone who is not an approver and records it', async () => {
    const { plan } = await requested();
    await expect(rig.service.approve(plan.id, plan.hash, mallory)).rejects.toBeInstanceOf(NotAllowedError);
    const [entry] = await rig.audit.latest(1);
    expect(entry).toMatchObject({ event: 'refused.not-approver', actor: mallory, planId: plan.id });
    expect(rig.jobs.scheduled).toEqual([]);
  });

  it('refuses a card whose hash does not match the stored plan (tampered card data)', async () => {
    const { plan } = await requested();
    const other = await requested();
    for (const hash of ['0'.repeat(64), other.plan.hash, '']) {
      await expect(rig.service.approve(plan.id, hash, bob)).rejects.toBeInstanceOf(NotAllowedError);
    }
    expect((await events()).filter((e) => e === 'refused.tampered')).toHaveLength(3);
    expect((await rig.service.get(plan.id))!.state).toBe('pending');
  });

  it('refuses an expired plan, marks it expired and audits both', async () => {
    const { plan } = await requested();
    rig.clock.advance(24 * 3600_000);
    await expect(rig.service.approve(plan.id, plan.hash, bob)).rejects.toBeInstanceOf(ExpiredError);
    expect((await rig.service.get(plan.id))!.state).toBe('expired');
    expect(await events()).toEqual(['plan.requested', 'plan.expired', 'refused.expired']);
    expect(rig.jobs.scheduled).toEqual([]);
  });

  it('refuses to approve a cancelled or a rejected plan', async () => {
    const cancelled = (await requested()).plan;
    await rig.service.cancel(cancelled.id, alice);
    await expect(rig.service.approve(cancelled.id, cancelled.hash, bob)).rejects.toBeInstanceOf(ConflictError);
    const rejected = (await requested()).plan;
    await rig.service.reject(rejected.id, rejected.hash, carol, 'wrong tenant');
    const err = await rig.service.approve(rejected.id, rejected.hash, bob).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.userMessage).toContain('rejected by Carol Approver');
    expect((await events()).filter((e) => e === 'refused.already-decided')).toHaveLength(2);
    expect(rig.jobs.scheduled).toEqual([]);
  });

  it('approves exactly once when 100 approvals arrive at the same time', async () => {
    const { plan } = await requested();
    const clicks = Array.from({ length: 100 }, (_, i) => rig.service.approve(plan.id, plan.hash, i % 2 ? bob : carol));
    const outcomes = await Promise.allSettled(clicks);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((o) => o.reason instanceof ConflictError)).toBe(true);
    expect(rig.jobs.scheduled).toEqual([plan.id]);
    const log = await events();
    expect(log.filter((e) => e === 'plan.approved')).toHaveLength(1);
    expect(log.filter((e) => e === 'refused.already-decided')).toHaveLength(99);
  });

  it('says there is no such plan for an unknown id', async () => {
    await expect(rig.service.approve('p-zzzzzzzz', 'x', bob)).rejects.toBeInstanceOf(InputError);
  });
});

describe('reject', () => {
  it('needs a reason and records it', async () => {
    const { plan } = await requested();
    await expect(rig.service.reject(plan.id, plan.hash, bob, '  ')).rejects.toBeInstanceOf(InputError);
    const record = await rig.service.reject(plan.id, plan.hash, bob, 'Wait for the last moves');
    expect(record).toMatchObject({ state: 'rejected', decision: { by: bob, reason: 'Wait for the last moves' } });
    expect((await rig.audit.latest(1))[0]).toMatchObject({ event: 'plan.rejected', detail: { reason: 'Wait for the last moves' } });
  });
});

describe('cancel', () => {
  it('lets only the requester cancel a pending plan', async () => {
    const { plan } = await requested(alice);
    await expect(rig.service.cancel(plan.id, bob)).rejects.toBeInstanceOf(NotAllowedError);
    expect((await rig.audit.latest(1))[0]).toMatchObject({ event: 'refused.not-requester', actor: bob });
    expect((await rig.service.cancel(plan.id, alice)).state).toBe('cancelled');
    await expect(rig.service.cancel(plan.id, alice)).rejects.toBeInstanceOf(ConflictError);
  });

  it('cannot cancel a plan that was approved', async () => {
    const { plan } = await requested(alice);
    await rig.service.approve(plan.id, plan.hash, bob);
    await expect(rig.service.cancel(plan.id, alice)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('pendingFor', () => {
  it('lists the plans an approver may decide: not their own, not expired, not decided', async () => {
    const mine = await requested(bob);
    const theirs = await requested(alice);
    const decided = await requested(alice);
    await rig.service.reject(decided.plan.id, decided.plan.hash, carol, 'no');
    expect((await rig.service.pendingFor(bob)).map((r) => r.plan.id)).toEqual([theirs.plan.id]);
    expect((await rig.service.pendingFor(carol)).map((r) => r.plan.id)).toEqual([mine.plan.id, theirs.plan.id]);
    expect(await rig.service.pendingFor(mallory)).toEqual([]);
    rig.clock.advance(25 * 3600_000);
    expect(await rig.service.pendingFor(carol)).toEqual([]);
    expect((await rig.service.get(mine.plan.id))!.state).toBe('expired');
  });

  it('the sweep expires every pending plan past its time', async () => {
    await requested();
    await requested();
    rig.clock.advance(24 * 3600_000 + 1);
    expect(await rig.service.sweepExpired()).toBe(2);
    expect((await events()).filter((e) => e === 'plan.expired')).toHaveLength(2);
  });

  it('keeps every plan in the index when many are requested at once', async () => {
    const records = await Promise.all(Array.from({ length: 40 }, () => requested(alice)));
    const ids = (await rig.service.pendingFor(bob)).map((r) => r.plan.id).sort();
    expect(ids).toEqual(records.map((r) => r.plan.id).sort());
  });
});

describe('attachCard and retryFailed', () => {
  it('attaching the card does not stop a decision racing with it', async () => {
    const { plan } = await requested();
    const [, approved] = await Promise.all([
      rig.service.attachCard(plan.id, { ...chat, activityId: 'act-1' }),
      rig.service.approve(plan.id, plan.hash, bob),
    ]);
    expect(approved.state).toBe('approved');
    expect((await rig.service.get(plan.id))!.card?.activityId).toBe('act-1');
  });

  it('makes a new pending plan of the failed and skipped items only, pointing back at the original', async () => {
    const urls = ['https://contoso-my.sharepoint.com/personal/a', 'https://contoso-my.sharepoint.com/personal/b', 'https://contoso-my.sharepoint.com/personal/c'];
    const original = await rig.service.request(redirectPlan(alice, rig.clock, urls), chat);
    await expect(rig.service.retryFailed(original.plan.id, bob)).rejects.toBeInstanceOf(InputError);
    await rig.store.write({ [`plan/${original.plan.id}`]: { record: { ...original, state: 'partly-failed' } } });
    const at = rig.clock.now().toISOString();
    rig.jobs.results_.set(original.plan.id, [
      { key: original.plan.items[0]!.key, state: 'done', attempts: 1, updatedAt: at },
      { key: original.plan.items[1]!.key, state: 'failed', reason: 'hold', attempts: 1, updatedAt: at },
      { key: original.plan.items[2]!.key, state: 'skipped', attempts: 0, updatedAt: at },
    ]);
    const retry = await rig.service.retryFailed(original.plan.id, bob);
    expect(retry.state).toBe('pending');
    expect(retry.plan).toMatchObject({ retryOf: original.plan.id, requestedBy: bob, kind: 'remove-redirects' });
    expect(retry.plan.id).not.toBe(original.plan.id);
    expect(retry.plan.items.map((i) => i.label)).toEqual(urls.slice(1));
    await expect(rig.service.approve(retry.plan.id, retry.plan.hash, bob)).rejects.toBeInstanceOf(NotAllowedError);
    expect((await rig.service.approve(retry.plan.id, retry.plan.hash, alice)).state).toBe('approved');
  });
});
