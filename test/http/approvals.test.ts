// The approval path over HTTP: a change command posts a plan card, an approver decides it by clicking,
// and the card is edited in place (PUT to the connector) through running to the result.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { activityIdOf, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';

const { admin, approver, user } = SANDBOX_PEOPLE;
/** The buttons a person would press (refresh is Teams' own, page only browses). */
const decisions = (card: unknown) => executeActions(card).filter((b) => b.verb !== 'page' && b.verb !== 'refresh').map((b) => b.title);
let a: ApprovalBot;
beforeAll(async () => { a = await startApprovalBot(); }, 60_000);
afterAll(() => a.close());

/** Asks for a plan; returns its card, its activity id and the id + hash its buttons carry. */
async function askPlan(text = 'remove redirects') {
  const [reply] = await a.say(text);
  const card = cardIn(reply);
  const approve = executeActions(card).find((b) => b.verb === 'approve');
  if (!approve) throw new Error(`no Approve button on: ${cardText(card)}`);
  return { card, activityId: activityIdOf(a.connector, reply!), data: approve.data as { planId: string; hash: string } };
}

describe('remove redirects through approval', () => {
  it('posts a plan card with the counts, the first items and every decision button (base view)', async () => {
    const { card, data } = await askPlan();
    const text = cardText(card);
    const total = Number(/What it will do \((\d+) in all\)/.exec(text)?.[1]);
    expect(total).toBeGreaterThan(0);
    expect(text).toContain('Waiting for approval');
    expect(text).toContain(`Plan: ${data.planId}`);
    expect(text).toContain('Approvers: Parker Approver');
    expect(text.split('\n').filter((l) => l.startsWith('Remove ') || l.startsWith('https://')).length).toBeGreaterThan(0);
    expect(executeActions(card).map((b) => b.title)).toEqual(expect.arrayContaining(['Approve', 'Reject', 'Cancel']));
    expect(Object.keys(data).sort()).toEqual(['hash', 'planId']);
    const refresh = (card as { refresh?: { userIds: string[]; action: { verb: string } } }).refresh;
    expect(refresh?.action.verb).toBe('refresh');
    expect(refresh?.userIds).toEqual(expect.arrayContaining([approver.teamsId, admin.teamsId]));
  });

  it('pages through every item of the plan from the stored plan, and goes back to the plan', async () => {
    const { card, activityId, data } = await askPlan();
    const showAll = executeActions(card).find((b) => b.title === 'Show all items')!;
    expect(showAll.data).toEqual({ planId: data.planId, page: 0 });
    const page2 = await a.click('page', { planId: data.planId, page: 1 }, approver, activityId);
    expect(cardText(page2.value)).toMatch(/Page 2 of \d+, \d+ in all/);
    const back = executeActions(page2.value).find((b) => b.title === 'Back to the plan')!;
    expect(back.data).toEqual(data);
    const plan = await a.click(back.verb, back.data, approver, activityId);
    expect(decisions(plan.value)).toEqual(['Approve', 'Reject']);
    expect(cardText(plan.value)).toContain(`Plan: ${data.planId}`);
    const stranger = await a.click('page', { planId: data.planId, page: 1 }, user, activityId);
    expect(cardText(stranger.value)).toContain('Sorry, this is for migration admins');
  });

  it('refuses a person who is not an approver, keeps the plan pending, and audits it', async () => {
    const { activityId, data } = await askPlan();
    const answer = await a.click('approve', data, user, activityId);
    expect(answer.statusCode).toBe(200);
    expect(cardText(answer.value)).toContain('Only approvers (APPROVER_IDS or APPROVER_GROUP_IDS) can approve or reject plans.');
    expect(cardText(answer.value)).toContain('Waiting for approval');
    expect(executeActions(answer.value).map((b) => b.verb)).not.toContain('approve');
    expect((await a.audit()).some((e) => e.event === 'refused.not-approver' && e.planId === data.planId)).toBe(true);
  });

  it('refuses a card whose hash does not match the stored plan', async () => {
    const { activityId, data } = await askPlan();
    const answer = await a.click('approve', { ...data, hash: 'f'.repeat(64) }, approver, activityId);
    expect(cardText(answer.value)).toContain(`This card does not match stored plan ${data.planId}`);
    expect((await a.audit()).some((e) => e.event === 'refused.tampered' && e.planId === data.planId)).toBe(true);
  });

  it('answers forged card data with an error and audits it; extra fields on good data are ignored', async () => {
    const { activityId, data } = await askPlan();
    const forged = await a.click('approve', { planId: '../etc', hash: data.hash }, approver, activityId);
    expect(forged).toEqual({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'This card carries data I cannot use. Type the command again.' } });
    expect((await a.audit()).some((e) => e.event === 'refused.tampered' && (e.detail as { verb?: string }).verb === 'approve')).toBe(true);
    const rejected = await a.click('reject', { ...data, reason: 'Not during business hours', items: ['https://evil.example/'], state: 'approved' }, approver, activityId);
    expect(cardText(rejected.value)).toContain('Rejected by Parker Approver');
    expect(cardText(rejected.value)).toContain('Reason: Not during business hours');
  });

  it('asks for a reason before rejecting, and records the one given', async () => {
    const { activityId, data } = await askPlan();
    const blank = await a.click('reject', { ...data, reason: '  ' }, approver, activityId);
    expect(cardText(blank.value)).toContain('To reject, say why in the box below, then press Reject.');
    expect(cardText(blank.value)).toContain('Waiting for approval');
    await a.click('reject', { ...data, reason: 'Wait for the last moves' }, approver, activityId);
    const edit = await a.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${activityId}`) && cardText(cardIn(c)).includes('Rejected'));
    expect(cardText(cardIn(edit))).toContain('Reason: Wait for the last moves');
    expect((await a.audit()).find((e) => e.event === 'plan.rejected' && e.planId === data.planId)?.detail).toEqual({ reason: 'Wait for the last moves' });
  });

  it('lets the requester cancel, and not the approver', async () => {
    const { activityId, data } = await askPlan();
    const byApprover = await a.click('cancel', data, approver, activityId);
    expect(cardText(byApprover.value)).toContain('can cancel it');
    const byRequester = await a.click('cancel', data, admin, activityId);
    expect(cardText(byRequester.value)).toContain('Cancelled by Avery Admin');
    expect(decisions(byRequester.value)).toEqual([]);
  });

  it('cancels by command with the plan id', async () => {
    const { data } = await askPlan();
    const [reply] = await a.say(`cancel ${data.planId}`);
    expect(cardText(cardIn(reply))).toContain('Cancelled by Avery Admin');
  });

  it('pending shows the approver each waiting plan as its card, with their buttons', async () => {
    const asked = [await askPlan(), await askPlan()];
    const replies = await a.say('pending', approver);
    const cards = replies.map(cardIn);
    for (const { data } of asked) {
      const theirs = cards.filter((c) => cardText(c).includes(`Plan: ${data.planId}`));
      expect([data.planId, theirs.length]).toEqual([data.planId, 1]);
      expect(decisions(theirs[0])).toEqual(['Approve', 'Reject']);
    }
  });

  it('audit lists the requests, decisions and refusals, newest first', async () => {
    const older = (await askPlan()).data.planId;
    const newer = (await askPlan()).data.planId;
    const [reply] = await a.say('audit 50');
    const text = cardText(cardIn(reply));
    expect(text).toContain('Audit log: the latest');
    // The later request is listed above the earlier one.
    expect(text.indexOf(newer)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(older)).toBeGreaterThan(text.indexOf(newer));
    for (const event of ['plan requested', 'plan rejected', 'plan cancelled', 'refused: not approver', 'refused: tampered']) expect(text).toContain(event);
    expect(text).toContain('Parker Approver');
  });

  it('approved once by an approver: the card is edited through running to the result, a second click runs nothing, failed items can be retried', async () => {
    // With unlock, the locked sites are unlocked first, so every item can succeed.
    const { activityId, data, card } = await askPlan('remove redirects source all unlock');
    const total = Number(/What it will do \((\d+) in all\)/.exec(cardText(card))?.[1]);
    const [first, second] = await Promise.all([
      a.click('approve', data, approver, activityId),
      a.click('approve', data, approver, activityId),
    ]);
    const texts = [cardText(first.value), cardText(second.value)];
    expect(texts.filter((t) => t.includes('already decided'))).toHaveLength(1);
    const final = await a.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${activityId}`) && /Done: all|Partly failed:|Failed: nothing/.test(cardText(cardIn(c))), 120_000);
    const text = cardText(cardIn(final));
    const failed = Number(/Failed: (\d+)/.exec(text)?.[1]);
    expect(Number(/Done: (\d+)/.exec(text.replace('Done: all', ''))?.[1]) + failed).toBe(total);
    // The scenario holds a site under a retention policy: it fails with the tenant's words, the rest is done.
    expect(failed).toBeGreaterThan(0);
    expect(text).toContain(`Partly failed: ${failed} of ${total} failed`);
    expect(text).toContain('What failed');
    const retry = executeActions(cardIn(final)).find((b) => b.verb === 'retryFailed');
    expect(retry?.data).toEqual({ planId: data.planId, hash: data.hash });
    const retried = await a.click('retryFailed', retry!.data, admin, activityId);
    const retryId = /A new plan for the failed items was posted for approval: (p-\w+)/.exec(cardText(retried.value))?.[1];
    expect(retryId).toBeDefined();
    const posted = await a.waitForCall((c) => c.method === 'POST' && cardText(c.activity.attachments?.[0]?.content ?? {}).includes(`Plan: ${retryId}`));
    expect(cardText(cardIn(posted))).toContain(`Retries: the failed items of ${data.planId}`);
    // Edited through running: a "Running" edit came before the final one.
    const edits = a.connector.calls.filter((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${activityId}`));
    const finalAt = edits.indexOf(final);
    expect(finalAt).toBeGreaterThan(0);
    expect(edits.slice(0, finalAt).some((c) => /Running: \d+ of \d+ finished/.test(cardText(cardIn(c))))).toBe(true);
    const audit = await a.audit();
    expect(audit.filter((e) => e.event === 'plan.approved' && e.planId === data.planId)).toHaveLength(1);
    expect(audit.filter((e) => e.event === 'plan.finished' && e.planId === data.planId)).toHaveLength(1);
    // A site the plan removed is no longer listed.
    const removedSite = cardText(card).split('\n').find((l) => l.startsWith('https://') && !text.includes(l));
    expect(removedSite).toBeDefined();
    const [after] = await a.say('list redirects source');
    expect(cardText(cardIn(after))).not.toContain(removedSite!);
  }, 150_000);

  it('a vaguely phrased change never plans: it asks for the exact command', async () => {
    const before = (await a.audit()).filter((e) => e.event === 'plan.requested').length;
    const [reply] = await a.say('maybe get rid of those redirect things');
    expect(executeActions(cardIn(reply)).every((b) => b.verb === 'run')).toBe(true);
    expect((await a.audit()).filter((e) => e.event === 'plan.requested')).toHaveLength(before);
  });

  it('audits commands from someone who is not an admin', async () => {
    await a.say('remove redirects', user);
    expect((await a.audit()).some((e) => e.event === 'refused.not-admin' && e.actor?.id === user.aadObjectId)).toBe(true);
  });

  it('a plan whose sites another unfinished plan holds says so, naming that plan; nothing is left out', async () => {
    const first = await askPlan('remove redirects source all');
    const total = Number(/What it will do \((\d+) in all\)/.exec(cardText(first.card))?.[1]);
    const second = await askPlan('remove redirects source all');
    const text = cardText(second.card);
    expect(text).toContain(`${total} of these site(s) are also in plan ${first.data.planId} (waiting for approval): whichever plan runs second finds them gone and skips them.`);
    expect(text).toContain(`What it will do (${total} in all)`);
    // Once the first is cancelled, a third plan overlaps only the second.
    await a.say(`cancel ${first.data.planId}`);
    const third = cardText((await askPlan('remove redirects source all')).card);
    expect(third).not.toContain(first.data.planId);
    expect(third).toContain(`also in plan ${second.data.planId} (waiting for approval)`);
  });
});
