// Rules that need their own configuration: an approver asking for a plan, expiry, the approvals
// conversation, activities from another tenant.
import { afterEach, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { ManualClock } from '../helpers/clock.js';
import { message } from '../helpers/activities.js';
import { activityIdOf, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';

const { admin, approver } = SANDBOX_PEOPLE;
let a: ApprovalBot | undefined;
afterEach(async () => { await a?.close(); a = undefined; });

async function askPlan(bot: ApprovalBot) {
  const [reply] = await bot.say('remove redirects');
  const card = cardIn(reply);
  return { card, activityId: activityIdOf(bot.connector, reply!), data: executeActions(card).find((b) => b.verb === 'approve')!.data };
}

describe('approval rules', () => {
  it('refuses self-approval even when the requester is an approver, and audits it', async () => {
    a = await startApprovalBot({ APPROVER_IDS: `${admin.aadObjectId},${approver.aadObjectId}` });
    const { activityId, data } = await askPlan(a);
    const answer = await a.click('approve', data, admin, activityId);
    expect(cardText(answer.value)).toContain('You asked for this plan, so another approver must decide it.');
    expect(cardText(answer.value)).toContain('Waiting for approval');
    expect((await a.audit()).some((e) => e.event === 'refused.self-approval' && e.actor?.id === admin.aadObjectId)).toBe(true);
    expect((await a.audit()).some((e) => e.event === 'plan.approved')).toBe(false);
  }, 60_000);

  it('refuses a decision on an expired plan, and the card says it expired', async () => {
    const clock = new ManualClock(new Date());
    a = await startApprovalBot({}, { clock });
    const { activityId, data } = await askPlan(a);
    clock.advance(24 * 60 * 60 * 1000 + 1);
    const answer = await a.click('approve', data, approver, activityId);
    expect(cardText(answer.value)).toContain('expired');
    expect(cardText(answer.value)).toContain('Expired without a decision: nothing was changed.');
    expect(executeActions(answer.value).filter((b) => ['approve', 'reject', 'cancel'].includes(b.verb))).toEqual([]);
    const audit = await a.audit();
    expect(audit.some((e) => e.event === 'plan.expired')).toBe(true);
    expect(audit.some((e) => e.event === 'plan.approved')).toBe(false);
  }, 60_000);

  it('posts the card to APPROVALS_CONVERSATION_ID and tells the requester where it went', async () => {
    a = await startApprovalBot({ APPROVALS_CONVERSATION_ID: '19:approvals@thread.tacv2' });
    const [reply] = await a.say('remove redirects');
    expect(cardText(cardIn(reply))).toContain('Sent for approval to the approvals conversation');
    const posted = a.connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations/19%3Aapprovals%40thread.tacv2/activities');
    expect(posted).toBeDefined();
    const card = cardIn(posted);
    expect(executeActions(card).map((b) => b.title)).toEqual(expect.arrayContaining(['Approve', 'Reject', 'Cancel']));
    // Deciding it there edits that message.
    const data = executeActions(card).find((b) => b.verb === 'reject')!.data;
    const postedId = activityIdOf(a.connector, posted!);
    await a.click('reject', { ...data, reason: 'Next week' }, approver, postedId, '19:approvals@thread.tacv2');
    const edit = await a.waitForCall((c) => c.method === 'PUT' && c.path === `/v3/conversations/19%3Aapprovals%40thread.tacv2/activities/${postedId}`);
    expect(cardText(cardIn(edit))).toContain('Rejected by Parker Approver');
  }, 60_000);

  it('ignores an activity from another tenant and audits the refusal', async () => {
    a = await startApprovalBot();
    const res = await fetch(`${a.bot.url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...message('remove redirects', admin, { tenantId: '11111111-2222-4333-8444-555555555555', serviceUrl: a.connector.serviceUrl }), id: 'stranger-1' }),
    });
    expect(res.status).toBe(200);
    expect(a.connector.calls).toEqual([]);
    expect((await a.audit()).map((e) => e.event)).toEqual(['refused.wrong-tenant']);
  }, 60_000);
});
