// A guidance campaign to ~275 people (2,000 in the bench) whose instance is SIGKILLed mid-way; the other instance takes the
// job over and finishes it. Nobody gets the card twice and everybody reachable gets it, except the few the
// killed instance was posting to at that instant: their record says 'posting' (the card may or may not
// have left), and the campaign is at-most-once, so the survivor records each of them as failed
// 'interrupted' and does not send again (services/guidance/recipientStore.ts). The test takes that set from
// the store right after the kill and checks it is exactly the set of people recorded interrupted at the end.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { GUIDANCE_CAMPAIGN } from '../../services/guidance/campaign.js';
import { RecipientStore, type RecipientRecord } from '../../services/guidance/recipientStore.js';
import { DEFAULT_CONCURRENCY } from '../../services/jobs/jobRunner.js';
import { startSharedStorageRig, type SharedStorageRig } from '../helpers/botProcess.js';
import { cardText } from '../helpers/cards.js';

// Teams admits 50 connector requests per second per tenant and each person costs two (open the chat, send).
// The simulated Teams answers after CONNECTOR_LATENCY_MS (Graph and SharePoint at once): each card is then
// in its 'posting' phase for that long, so a kill while cards go out always finds some (with answers at
// once, a kill just after one card left could find none posting, and the check below failed in CI). 300 people (~275 messaged) keep this short on a busy machine; the full 2,200 runs
// in `npm run bench` (campaignTakeover), which runs this test with CAMPAIGN_TAKEOVER_USERS=2200 and a
// longer CAMPAIGN_TAKEOVER_TIMEOUT_MS.
const USERS = Number(process.env.CAMPAIGN_TAKEOVER_USERS ?? 300);
const TIMEOUT_MS = Number(process.env.CAMPAIGN_TAKEOVER_TIMEOUT_MS ?? 240_000);
/** Kill once this many cards went out (a sixth of the people: well in, most still to send), while cards are going out. */
const KILL_AFTER = Math.round(USERS / 6);
let rig: SharedStorageRig;

const CONNECTOR_LATENCY_MS = 250;

beforeAll(async () => {
  rig = await startSharedStorageRig('campaign-takeover', {
    users: USERS, seed: 3, faults: { latencyMs: CONNECTOR_LATENCY_MS, graphLatencyMs: 0, sharePointLatencyMs: 0 },
  });
}, 120_000);
afterAll(async () => { await rig?.close(); }, 60_000);

const lower = (s: string) => s.toLowerCase();

describe('the instance running a campaign is killed', () => {
  it('the other instance finishes it: one card per reachable person, none twice; those cut off while posting are recorded interrupted', async () => {
    const started = Date.now();
    const asked = await rig.askPlan(rig.bots[0]!, 'notify users all');
    const { planId } = asked.data;
    const people = asked.plan.items.map((i) => {
      if (i.step.type !== 'send-guidance') throw new Error(`not a guidance item: ${i.key}`);
      return i.step.targetUpn;
    });
    const scenario = rig.sandbox.scenario!;
    const completed = scenario.users.filter((u) => u.status === 'completed').map((u) => lower(u.targetUpn));
    expect(new Set(people.map(lower))).toEqual(new Set(completed));
    expect(people.length).toBeGreaterThan(USERS * 0.85);
    const blocked = new Set((scenario.blockedUpns ?? []).map(lower));
    const cardsOf = (upn: string) => rig.sandbox.inbox(upn).filter((e) => JSON.stringify(e.activity).includes('guidanceDone')).length;
    const sent = () => rig.sandbox.stats().connector!.sent;
    const plannedMs = Date.now() - started;

    const approved = await rig.client(rig.bots[0]!).click('approve', asked.data, SANDBOX_PEOPLE.approver, asked.activityId);
    expect(cardText(approved.value)).not.toContain('already decided');
    // Killed while its workers are posting: the connector's count of sent cards moved since the last look (5 ms).
    let lastSent = 0;
    const posting = () => { const now = sent(); const moved = now > lastSent; lastSent = now; return moved; };
    const { killed, survivor, killedAt } = await rig.killJobRunner(planId, () => posting() && sent() >= KILL_AFTER, 90_000);
    const sentAtKill = sent();
    const killedMs = Date.now() - started;
    expect(sentAtKill).toBeLessThan(people.length / 2);

    // Who the killed instance was posting to: claimed by it (dated before the kill; the survivor's claims
    // come after) and past 'posting', or already closed as interrupted by the survivor if it got there first.
    const recipients = new RecipientStore(rig.store);
    await new Promise((r) => setTimeout(r, 200));
    const cutOff = (r: RecipientRecord) => Date.parse(r.claimedAt ?? r.updatedAt) <= killedAt
      && ((r.state === 'sending' && r.phase === 'posting') || (r.state === 'failed' && r.reason === 'interrupted'));
    const inFlight = new Set([...(await recipients.getMany(GUIDANCE_CAMPAIGN, people)).values()].filter(cutOff).map((r) => lower(r.targetUpn)));
    expect(inFlight.size).toBeGreaterThan(0);
    expect(inFlight.size).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);

    // All the time the test has left (but 30 s for the checks): a busy machine only makes this slower.
    const final = await rig.waitForPlan(planId, ['done', 'partly-failed', 'failed'], TIMEOUT_MS - (Date.now() - started) - 30_000);
    const finishedMs = Date.now() - started;
    expect(await rig.leaseHolder(planId)).toBe(survivor);
    const records = await recipients.getMany(GUIDANCE_CAMPAIGN, people);
    let delivered = 0;
    let interruptedDelivered = 0;
    for (const upn of people.map(lower)) {
      const r = records.get(upn)!;
      const cards = cardsOf(upn);
      if (inFlight.has(upn)) {
        // Cut off mid-send: recorded so, never sent again; the card arrived if the post got out before the kill.
        expect([upn, r.state, r.reason]).toEqual([upn, 'failed', 'interrupted']);
        expect(cards).toBeLessThanOrEqual(1);
        if (blocked.has(upn)) expect(cards).toBe(0);
        interruptedDelivered += cards;
      } else if (blocked.has(upn)) {
        expect([upn, r.state, r.reason, cards]).toEqual([upn, 'failed', 'blocked', 0]);
      } else {
        expect([upn, r.state, cards]).toEqual([upn, 'sent', 1]);
        delivered++;
      }
    }
    for (const u of scenario.users.filter((x) => x.status !== 'completed')) expect([u.targetUpn, cardsOf(u.targetUpn)]).toEqual([u.targetUpn, 0]);

    // The plan: everyone sent is done (sent now, or found sent already when its result was lost in the kill).
    const failed = new Set([...blocked, ...inFlight]).size;
    expect(final.state).toBe('partly-failed');
    expect(final.progress).toEqual({ total: people.length, done: people.length - failed, failed, skipped: 0 });
    const edit = await rig.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${asked.activityId}`)
      && cardText(c.activity.attachments?.[0]?.content).includes(`sent to ${people.length} people`), 30_000);
    const outcome = cardText(edit.activity.attachments?.[0]?.content);
    expect(outcome).toContain(`Partly failed: ${failed} of ${people.length} failed`);
    expect(outcome).toContain(`; ${failed} failed.`);
    const sentNow = Number(/(\d+) guidance card\(s\) sent to/.exec(outcome)?.[1]);
    const earlier = Number(/(\d+) had it already/.exec(outcome)?.[1] ?? 0);
    expect(sentNow + earlier).toBe(delivered);

    const audit = (await rig.audit.latest(20_000)).filter((e) => e.planId === planId);
    expect(audit.filter((e) => e.event === 'plan.approved')).toHaveLength(1);
    expect(audit.filter((e) => e.event === 'plan.finished')).toHaveLength(1);
    if (process.env.MULTI_INSTANCE_FIGURES) {
      process.stdout.write(`campaign takeover: ${JSON.stringify({
        people: people.length, blocked: blocked.size, killed: killed.name, sentAtKill, inFlight: inFlight.size, interruptedDelivered, delivered,
        plannedMs, killedMs, finishedMs,
      })}\n`);
    }
  }, TIMEOUT_MS);
});
