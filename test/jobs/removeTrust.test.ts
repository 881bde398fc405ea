import { afterEach, describe, expect, it } from '@jest/globals';
import { MoveRecordStore } from '../../services/approvals/moveRecordStore.js';
import { PlanBlockedError, planIntact } from '../../services/approvals/plan.js';
import { renderPlanCard } from '../../cards/plan.js';
import { cardText } from '../helpers/cards.js';
import { ManualClock } from '../helpers/clock.js';
import { TrustReminder } from '../../services/approvals/reminder.js';
import { createLogger } from '../../services/log.js';
import { startFaultProxy } from '../helpers/faultProxy.js';
import { chatAddress, jobRig, people, type JobRig } from './rig.js';

let rig: JobRig | undefined;
afterEach(async () => { await rig?.close(); rig = undefined; });
const { alice, bob } = people;

describe('remove trust', () => {
  it('is blocked, listing the users, while moves are not finished', async () => {
    rig = await jobRig({ users: 40 });
    const unfinished = rig.sandbox.scenario!.users.filter((u) => u.status === 'notStarted' || u.status === 'inProgress');
    expect(unfinished.length).toBeGreaterThan(0);
    const err = await rig.planners.removeTrust({ side: 'both' }, alice).catch((e) => e);
    expect(err).toBeInstanceOf(PlanBlockedError);
    const subjects = (err as PlanBlockedError).blockers.flatMap((b) => b.subjects ?? []);
    expect(subjects.map((s) => s.split(' ')[0]).sort()).toEqual(unfinished.map((u) => u.sourceUpn).sort());
    expect(err.userMessage).toContain(unfinished[0]!.sourceUpn);
    // What the admin can do next: wait, or take the whole list as a file.
    expect(err.userMessage).toContain('ask again once they have; "export moves" lists every one');
    expect(rig.sandbox.changes()).toEqual([]);
  });

  it('records every move state, removes trust on both sides with the partner roles, and verifies NotEstablished', async () => {
    // Under 10 users the scenario completes every move.
    rig = await jobRig({ users: 8, licenceDaysLeft: 10 });
    const plan = await rig.planners.removeTrust({ side: 'both' }, alice);
    expect(plan.ordered).toBe(true);
    expect(plan.items.map((i) => i.key)).toEqual(['record-move-states', 'remove-trust:source', 'remove-trust:target', 'verify-trust-removed:source', 'verify-trust-removed:target']);
    expect(plan.items[1]!.step).toMatchObject({ partnerRole: 'Target', partnerHostUrl: rig.sandbox.target.myHostUrl });
    expect(plan.items[2]!.step).toMatchObject({ partnerRole: 'Source', partnerHostUrl: rig.sandbox.source.myHostUrl });
    expect(plan.findings).toContainEqual({ level: 'warning', text: `The source licences end on ${rig.sandbox.licenceExpiry}.`, deadline: rig.sandbox.licenceExpiry });
    // The days left are counted when the card is drawn: a day later they are one fewer, on the same plan.
    const clock = new ManualClock(new Date());
    const drawn = () => cardText(renderPlanCard({ plan, state: 'pending', progress: { total: 5, done: 0, failed: 0, skipped: 0 } }, { role: 'approver', approvers: [], userIds: [] }, { sandbox: false, now: () => clock.now() }));
    expect(drawn()).toContain(`The source licences end on ${rig.sandbox.licenceExpiry}. 10 days left.`);
    clock.advance(24 * 60 * 60 * 1000);
    expect(drawn()).toContain(`The source licences end on ${rig.sandbox.licenceExpiry}. 9 days left.`);
    expect(planIntact(plan)).toBe(true);

    await rig.approvals.request(plan, chatAddress);
    await rig.approvals.approve(plan.id, plan.hash, bob);
    await rig.runner.idle();
    const record = (await rig.approvals.get(plan.id))!;
    expect(record.state).toBe('done');
    expect(record.outcome).toBe('Trust removed on both tenants; verified NotEstablished.');
    const removals = rig.sandbox.changes().filter((c) => c.method === 'RemoveSPOTenantOrgRelation');
    expect(removals.map((c) => [c.tenant, c.outcome])).toEqual([['contoso', 'ok'], ['fabrikam', 'ok']]);
    const moves = new MoveRecordStore(rig.store);
    for (const user of rig.sandbox.scenario!.users) expect((await moves.get(user.sourceUpn))?.status).toBe('completed');
    expect(await rig.tenants.source.getTrust('Target', rig.sandbox.target.myHostUrl)).toMatchObject({ verification: 'NotEstablished' });
  });

  it('stops at the first failed step and marks the rest not run', async () => {
    rig = await jobRig({ users: 8, licenceDaysLeft: 0 });
    const plan = await rig.planners.removeTrust({ side: 'source' }, alice);
    expect(plan.findings[0]).toMatchObject({ level: 'warning', text: expect.stringContaining('licences ended') });
    await rig.approvals.request(plan, chatAddress);
    await rig.approvals.approve(plan.id, plan.hash, bob);
    await rig.runner.idle();
    const results = await rig.approvals.results(plan.id);
    expect(results.map((r) => r.state)).toEqual(['done', 'failed', 'skipped']);
    expect(results[1]!.reason).toMatch(/licences/);
    expect(results[2]!.reason).toBe('Not run: an earlier step failed.');
    expect((await rig.approvals.get(plan.id))!.state).toBe('partly-failed');
    const retry = await rig.approvals.retryFailed(plan.id, alice);
    expect(retry.plan.items.map((i) => i.key)).toEqual(['remove-trust:source', 'verify-trust-removed:source']);
  });

  it('reminds the approvals chat once a day while trust remains and the licences end within 30 days', async () => {
    rig = await jobRig({ users: 8, licenceDaysLeft: 21 });
    const reminder = () => new TrustReminder({
      store: rig!.store, tenants: rig!.tenants, messenger: rig!.messenger, logger: createLogger({ level: 'silent' }),
      address: chatAddress, licenceExpiry: rig!.sandbox.licenceExpiry,
    });
    const today = new Date();
    const first = reminder();
    expect(await Promise.all([first.tick(today), first.tick(today)])).toEqual(['sent', 'already-sent-today']);
    expect(await reminder().tick(today)).toBe('already-sent-today');
    expect(rig.messenger.notices).toHaveLength(1);
    expect(rig.messenger.notices[0]!.text).toMatch(/still in place on contoso \(source\) and fabrikam \(target\).*21 day/);
    expect(await reminder().tick(new Date(today.getTime() - 20 * 86_400_000))).toBe('not-due');
    const tomorrow = new Date(today.getTime() + 86_400_000);
    expect(await reminder().tick(tomorrow)).toBe('sent');
    const plan = await rig.planners.removeTrust({ side: 'both' }, alice);
    await rig.approvals.request(plan, chatAddress);
    await rig.approvals.approve(plan.id, plan.hash, bob);
    await rig.runner.idle();
    expect(await reminder().tick(new Date(today.getTime() + 2 * 86_400_000))).toBe('trust-removed');
    expect(rig.messenger.notices).toHaveLength(2);
  });
});

describe('remove trust: the guard against a wrong guess of the role integers', () => {
  it.each(['both', 'none'] as const)('simulated tenants decoding Source and Target the other way round (reverse trust %s): the plan stops on the source, nothing is removed, the message says what to run', async (reverseTrust) => {
    rig = await jobRig({ users: 8, trustEnums: 'swapped', reverseTrust });
    const plan = await rig.planners.removeTrust({ side: 'both' }, alice);
    await rig.approvals.request(plan, chatAddress);
    await rig.approvals.approve(plan.id, plan.hash, bob);
    await rig.runner.idle();
    const results = await rig.approvals.results(plan.id);
    expect(results.map((r) => r.state)).toEqual(['done', 'failed', 'skipped', 'skipped', 'skipped']);
    const reason = results[1]!.reason!;
    expect(reason).toMatch(/^Stopped before removing: asked for partner role Target \(sent as 2\)/);
    expect(reason).toContain('Nothing else was removed.');
    expect(reason).toContain(`Remove-SPOCrossTenantRelationship -Scenario MnA -PartnerRole Target -PartnerCrossTenantHostUrl ${rig.sandbox.target.myHostUrl}`);
    expect(reason).toContain('Connect-SPOService -Url https://contoso-admin.sharepoint.com');
    // No removal reached either tenant, accepted or refused.
    expect(rig.sandbox.changes().filter((c) => c.method === 'RemoveSPOTenantOrgRelation')).toEqual([]);
    expect((await rig.approvals.get(plan.id))!.state).toBe('partly-failed');
  });

  it('a target-only plan on swapped integers stops on the target side just the same', async () => {
    rig = await jobRig({ users: 8, trustEnums: 'swapped' });
    const plan = await rig.planners.removeTrust({ side: 'target' }, alice);
    await rig.approvals.request(plan, chatAddress);
    await rig.approvals.approve(plan.id, plan.hash, bob);
    await rig.runner.idle();
    const results = await rig.approvals.results(plan.id);
    expect(results.map((r) => r.state)).toEqual(['done', 'failed', 'skipped']);
    expect(results[1]!.reason).toContain(`Remove-SPOCrossTenantRelationship -Scenario MnA -PartnerRole Source -PartnerCrossTenantHostUrl ${rig.sandbox.source.myHostUrl}`);
    expect(rig.sandbox.changes()).toEqual([]);
  });
});

describe('remove trust: a removal whose answer was lost', () => {
  it('is repeated, refused, and read back: the relation is gone, so the side counts as removed', async () => {
    let processQueries = 0;
    // On the source side: ByScenario and ByPartner read back, then the removal, whose answer is lost after it landed.
    const proxy = await startFaultProxy({ target: 'http://127.0.0.1:1', kinds: ['lost-answer'], rate: 1, applies: (req) => /ProcessQuery/.test(req.url ?? '') && ++processQueries === 3 });
    try {
      rig = await jobRig({ users: 8 }, { tenantUrl: (s) => { proxy.retarget(s.url); return proxy.url; } });
      const plan = await rig.planners.removeTrust({ side: 'source' }, alice);
      processQueries = 0;
      await rig.approvals.request(plan, chatAddress);
      await rig.approvals.approve(plan.id, plan.hash, bob);
      await rig.runner.idle();
      expect(proxy.counts['lost-answer']).toBe(1);
      const results = await rig.approvals.results(plan.id);
      expect(results.map((r) => r.state)).toEqual(['done', 'done', 'done']);
      expect(results[1]!.reason).toMatch(/read back: gone/);
      const removals = rig.sandbox.changes().filter((c) => c.method === 'RemoveSPOTenantOrgRelation');
      // The landed removal, then the repeat and its other-form try, both refused: nothing else removed.
      expect(removals.map((c) => c.outcome)).toEqual(['ok', 'error', 'error']);
      expect(removals.every((c) => c.tenant === 'contoso' && c.detail === 'PartnerRole Target')).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});
