// Two bot processes on one shared store: a plan asked for on one instance is approved by 100 clicks at
// once, half on each instance. The decision is a compare-and-set on the stored plan, so exactly one click
// is accepted, every other one is told the plan was already decided, and the plan runs once: each planned
// site is removed (and purged) once on the simulated tenant, nothing else is touched, and the shared audit
// holds one approval.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import type { SandboxChange } from '../../services/sandbox/index.js';
import { startSharedStorageRig, type SharedStorageRig } from '../helpers/botProcess.js';
import { cardText } from '../helpers/cards.js';
import { countBy, norm, planUrls } from './expectations.js';

const CLICKS = 100;
let rig: SharedStorageRig;

beforeAll(async () => { rig = await startSharedStorageRig('approve-race', { users: 300, seed: 11 }); }, 120_000);
afterAll(async () => { await rig?.close(); }, 60_000);

describe('one plan, many approve clicks on two instances', () => {
  it(`${CLICKS} concurrent approve clicks split across both instances: one accepted, the others told it was decided, the plan runs once`, async () => {
    const [a, b] = rig.bots as [typeof rig.bots[0], typeof rig.bots[0]];
    const asked = await rig.askPlan(a, 'remove redirects all purge unlock');
    const { plan, data: { planId } } = asked;
    const planned = planUrls(plan);
    const scenario = rig.sandbox.scenario!;
    const held = norm(scenario.heldRedirectUrl!);
    const locked = new Set((scenario.lockedRedirects ?? []).map(norm).filter((u) => planned.has(u)));
    expect(planned.size).toBeGreaterThan(200);
    expect(planned.has(held)).toBe(true);
    expect(locked.size).toBeGreaterThan(0);
    expect(rig.sandbox.changes()).toEqual([]);

    const answers = await Promise.all(Array.from({ length: CLICKS }, (_, i) =>
      rig.client(i % 2 === 0 ? a : b).click('approve', asked.data, SANDBOX_PEOPLE.approver, asked.activityId)));
    expect(answers.map((x) => x.statusCode)).toEqual(Array(CLICKS).fill(200));
    const texts = answers.map((x) => cardText(x.value));
    const refused = texts.filter((t) => t.includes(`Plan ${planId} was already decided: it is `));
    expect(refused).toHaveLength(CLICKS - 1);
    for (const t of refused) expect(t).toMatch(/already decided: it is (approved|running|done|partly-failed) by Parker Approver\./);
    const accepted = texts.filter((t) => !t.includes('already decided'));
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toContain(`Plan: ${planId}`);

    const final = await rig.waitForPlan(planId, ['done', 'partly-failed', 'failed'], 120_000);
    // The site under a retention hold is refused by the tenant; every other one is removed and purged.
    expect(final.state).toBe('partly-failed');
    expect(final.progress).toEqual({ total: planned.size, done: planned.size - 1, failed: 1, skipped: 0 });
    const edit = await rig.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${asked.activityId}`)
      && cardText(c.activity.attachments?.[0]?.content).includes(`Partly failed: 1 of ${planned.size} failed`), 30_000);
    expect(cardText(edit.activity.attachments?.[0]?.content)).toContain('retention policy');

    const changes = rig.sandbox.changes();
    // Nothing outside the plan was touched, and nothing on the target tenant.
    expect(changes.filter((c) => c.tenant !== 'contoso' || !planned.has(norm(c.target)))).toEqual([]);
    const ok = (method: SandboxChange['method']) => countBy(changes.filter((c) => c.method === method && c.outcome === 'ok'), (c) => norm(c.target));
    const removed = ok('RemoveSite');
    const purged = ok('RemoveDeletedSite');
    const unlocked = ok('SetSite');
    for (const url of planned) {
      expect([url, removed.get(url) ?? 0]).toEqual([url, url === held ? 0 : 1]);
      expect([url, purged.get(url) ?? 0]).toEqual([url, url === held ? 0 : 1]);
      expect([url, unlocked.get(url) ?? 0]).toEqual([url, locked.has(url) ? 1 : 0]);
    }
    // Refused: the held site, and each locked ReadOnly site once (tried as it is, access denied, then unlocked).
    const refusedLocked = changes.filter((c) => c.outcome === 'error' && norm(c.target) !== held);
    expect(changes.filter((c) => c.outcome === 'error' && norm(c.target) === held).map((c) => c.method)).toEqual(['RemoveSite']);
    for (const c of refusedLocked) expect([c.method, locked.has(norm(c.target)), c.message]).toEqual(['RemoveSite', true, expect.stringMatching(/^Access denied/)]);
    expect(new Set(refusedLocked.map((c) => norm(c.target))).size).toBe(refusedLocked.length);

    const audit = (await rig.audit.latest(5_000)).filter((e) => e.planId === planId);
    const events = countBy(audit, (e) => e.event);
    expect(audit.filter((e) => e.event === 'plan.approved').map((e) => e.actor?.id)).toEqual([SANDBOX_PEOPLE.approver.aadObjectId]);
    expect(events.get('refused.already-decided')).toBe(CLICKS - 1);
    expect(events.get('plan.started')).toBe(1);
    expect(events.get('plan.finished')).toBe(1);
    expect(events.get('item.done')).toBe(planned.size - 1);
    expect(events.get('item.failed')).toBe(1);
  }, 180_000);
});
