// A 2,000-site redirect removal whose instance is SIGKILLed mid-way: no shutdown code runs, its lease is
// never given up and calls in flight are cut off. The other instance, on the same shared store, finds the
// job in its look for open jobs (a lease whose owner's pid is gone on this host is free at once) and
// finishes it from the stored item states. Every planned site is removed exactly once: an item whose
// result the killed instance had not stored yet is re-checked and found already gone, never removed again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { DEFAULT_CONCURRENCY } from '../../services/jobs/jobRunner.js';
import { startSharedStorageRig, type SharedStorageRig } from '../helpers/botProcess.js';
import { cardText } from '../helpers/cards.js';
import { countBy, norm, planUrls } from './expectations.js';

/** Kill once this many sites are removed: a few hundred done, most still to do. */
const KILL_AFTER = 500;
let rig: SharedStorageRig;

// 2,200 people give ~2,000 completed moves, each leaving a redirect site; 20 ms per answer keeps the job
// running for tens of seconds at 16 items in flight.
beforeAll(async () => { rig = await startSharedStorageRig('job-takeover', { users: 2_200, seed: 3, faults: { latencyMs: 20 } }); }, 120_000);
afterAll(async () => { await rig?.close(); }, 60_000);

describe('the instance running a job is killed', () => {
  it('the other instance takes the job over and finishes it; every planned site is removed exactly once', async () => {
    const started = Date.now();
    const a = rig.bots[0]!;
    const asked = await rig.askPlan(a, 'remove redirects all unlock');
    const planId = asked.data.planId;
    const planned = planUrls(asked.plan);
    const held = norm(rig.sandbox.scenario!.heldRedirectUrl!);
    expect(planned.size).toBeGreaterThanOrEqual(2_000);
    const removedOk = () => rig.sandbox.changes().filter((c) => c.method === 'RemoveSite' && c.outcome === 'ok');

    const plannedMs = Date.now() - started;
    const approved = await rig.client(a).click('approve', asked.data, SANDBOX_PEOPLE.approver, asked.activityId);
    expect(cardText(approved.value)).not.toContain('already decided');
    const { killed, survivor } = await rig.killJobRunner(planId, () => removedOk().length >= KILL_AFTER, 120_000);
    const atKill = removedOk().length;
    const killedMs = Date.now() - started;
    expect((await killed.exited).signal).toBe('SIGKILL');
    // Mid-way: hundreds done, most of the job left for the survivor.
    expect(atKill).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(atKill).toBeLessThan(planned.size / 2);
    expect((await rig.plans.read(planId))!.record.state).toBe('running');

    const final = await rig.waitForPlan(planId, ['done', 'partly-failed', 'failed'], 120_000);
    const finishedMs = Date.now() - started;
    expect(await rig.leaseHolder(planId)).toBe(survivor);
    expect(removedOk().length).toBeGreaterThan(atKill);
    // The one site under a retention hold is refused by the tenant; every other planned site is removed.
    expect(final.state).toBe('partly-failed');
    expect(final.progress).toEqual({ total: planned.size, done: planned.size - 1, failed: 1, skipped: 0 });
    const edit = await rig.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${asked.activityId}`)
      && cardText(c.activity.attachments?.[0]?.content).includes(`Partly failed: 1 of ${planned.size} failed`), 30_000);
    expect(cardText(edit.activity.attachments?.[0]?.content)).toContain(`${planned.size - 1} of ${planned.size} redirect site(s) removed; 1 failed.`);

    const changes = rig.sandbox.changes();
    expect(changes.filter((c) => c.tenant !== 'contoso' || !planned.has(norm(c.target)))).toEqual([]);
    const removed = countBy(removedOk(), (c) => norm(c.target));
    for (const url of planned) expect([url, removed.get(url) ?? 0]).toEqual([url, url === held ? 0 : 1]);
    // Refusals: the held site (tried again if its result was lost in the kill), each locked ReadOnly site
    // tried as it is before unlocking ("Access denied"), and at most one per item in flight at the kill whose
    // cut-off call reached the tenant after the survivor's own (the site already in the recycle bin).
    const refused = changes.filter((c) => c.method === 'RemoveSite' && c.outcome === 'error');
    const heldRefusals = refused.filter((c) => norm(c.target) === held).length;
    expect(heldRefusals).toBeGreaterThanOrEqual(1);
    expect(heldRefusals).toBeLessThanOrEqual(2);
    const locked = new Set((rig.sandbox.scenario!.lockedRedirects ?? []).map(norm));
    const others = refused.filter((c) => norm(c.target) !== held && !(locked.has(norm(c.target)) && /^Access denied/.test(c.message ?? '')));
    expect(others.length).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
    for (const c of others) expect(c.message).toMatch(/^Cannot get site |already in the recycle bin/);

    // The shared audit: one approval, one start (the survivor continues the running plan), one finish; an item
    // done again by the survivor is one whose result was lost in the kill, and it found the site already gone.
    const audit = (await rig.audit.latest(20_000)).filter((e) => e.planId === planId);
    const events = countBy(audit, (e) => e.event);
    expect([events.get('plan.approved'), events.get('plan.started'), events.get('plan.finished')]).toEqual([1, 1, 1]);
    const doneBy = new Map<string, string[]>();
    for (const e of audit.filter((x) => x.event === 'item.done')) {
      const key = String(e.detail?.key);
      doneBy.set(key, [...(doneBy.get(key) ?? []), String(e.detail?.reason)]);
    }
    expect(doneBy.size).toBe(planned.size - 1);
    const again = [...doneBy.values()].filter((reasons) => reasons.length > 1);
    for (const reasons of again) expect(reasons.slice(1)).toEqual(Array(reasons.length - 1).fill('Already removed.'));
    if (process.env.MULTI_INSTANCE_FIGURES) {
      process.stdout.write(`job takeover: ${JSON.stringify({ items: planned.size, killed: killed.name, atKill, plannedMs, killedMs, finishedMs, doneAgain: again.length, otherRefusals: others.length, heldRefusals })}\n`);
    }
  }, 240_000);
});
