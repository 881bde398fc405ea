// Cards the bot keeps editing can vanish under it: the admin deletes the message, the chat goes, the bot is
// removed. The simulated Bot Connector answers each as Teams does (404 "Message does not exist in the
// thread", 404 "Conversation not found", 403 bot removed). Through the whole bot over HTTP: the card is
// posted anew once where the chat is still there and edited there to the end; a conversation that is gone
// is not edited again, with one log line; and no error card ever goes into that chat.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import type { StartOverrides } from '../../bot/index.js';
import { message } from '../helpers/activities.js';
import { activityIdOf, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { memoryLogger } from '../helpers/logs.js';
import { waitFor } from '../helpers/waitFor.js';
import { GONE, type ConnectorCall, type ConnectorRefusal } from '../helpers/recordingConnector.js';
import { approveMoveBack, plainUser, waitForTracking } from '../regression/helpers.js';

const { admin, approver } = SANDBOX_PEOPLE;
const ERROR_CARD = 'Something went wrong on my side';
const POSTED_ANEW = 'card message gone: card posted anew';
const EDITS_STOP = 'conversation gone or bot removed from it: card edits there stop';
const FINISHED = /Done: all|Partly failed:|Failed: nothing/;

let a: ApprovalBot | undefined;
let logs: ReturnType<typeof memoryLogger>;
afterEach(async () => { await a?.close(); a = undefined; });

async function start(env: Record<string, string> = {}, overrides: StartOverrides = {}): Promise<ApprovalBot> {
  logs = memoryLogger('info');
  a = await startApprovalBot(env, { ...overrides, logger: logs.logger });
  return a;
}

const textOf = (c: ConnectorCall) => (c.activity.attachments?.[0]?.content ? cardText(cardIn(c)) : c.activity.text ?? '');
const inConversation = (conversationId: string) => (c: ConnectorCall) => c.path.includes(`/conversations/${encodeURIComponent(conversationId)}/`);
const editsOf = (bot: ApprovalBot, activityId: string) => bot.connector.calls.filter((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${activityId}`));
const errorCards = (bot: ApprovalBot) => bot.connector.calls.filter((c) => textOf(c).includes(ERROR_CARD));
const logged = (msg: string) => logs.lines().filter((l) => l.msg === msg);
/** New messages the bot posted by itself (not replies in a turn) whose card says `text`. */
const postsAnew = (bot: ApprovalBot, text: string) => bot.connector.calls.filter((c) => c.method === 'POST' && !c.activity.replyToId && textOf(c).includes(text));

const until = (what: string, done: () => boolean | Promise<boolean>, timeoutMs = 90_000) => waitFor(what, done, timeoutMs, 50);

/** Asks for a removal plan in its own conversation; returns its card's id and the Approve data. */
async function askRemoval(bot: ApprovalBot, conversationId: string) {
  const [reply] = await bot.say('remove redirects', admin, conversationId);
  const approve = executeActions(cardIn(reply)).find((b) => b.verb === 'approve');
  if (!approve) throw new Error(`no Approve button on: ${textOf(reply!)}`);
  return { activityId: activityIdOf(bot.connector, reply!), data: approve.data as { planId: string; hash: string } };
}

async function approveAndFinish(bot: ApprovalBot, plan: Awaited<ReturnType<typeof askRemoval>>, conversationId: string): Promise<void> {
  const answer = await bot.click('approve', plan.data, approver, plan.activityId, conversationId);
  expect(cardText(answer.value)).toContain('Approved by Parker Approver');
  await until('the job to finish', async () => (await bot.audit()).some((e) => e.event === 'plan.finished' && e.planId === plan.data.planId));
  // The last edit goes out after the record is written (edit interval 200 ms), awaited by each test where it
  // lands; this leaves room for any edit that should not happen.
  await new Promise((r) => setTimeout(r, 1_000));
}

describe('the plan card of a running removal job', () => {
  it('posts the card anew once when the admin deleted it, and edits the new message to the end', async () => {
    const bot = await start();
    const plan = await askRemoval(bot, 'a:1plan-card-deleted');
    bot.connector.refuse((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${plan.activityId}`), GONE.message);
    await approveAndFinish(bot, plan, 'a:1plan-card-deleted');
    const posted = () => postsAnew(bot, `Plan: ${plan.data.planId}`);
    await until('the result on the card posted anew', () => posted().length > 0 && FINISHED.test(textOf(editsOf(bot, activityIdOf(bot.connector, posted()[0]!)).at(-1) ?? posted()[0]!)));

    const anew = posted();
    expect(anew).toHaveLength(1);
    // The deleted message was tried once; every later edit, the result included, went to the new one.
    expect(editsOf(bot, plan.activityId)).toHaveLength(1);
    const later = editsOf(bot, activityIdOf(bot.connector, anew[0]!));
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((c) => c.status === 200)).toBe(true);
    // The job's progress reached the new message as items finished, then the result.
    expect(later.some((c) => /Running: [1-9][\d,]* of [\d,]+ finished/.test(textOf(c)))).toBe(true);
    expect(textOf(later.at(-1)!)).toMatch(FINISHED);
    expect(errorCards(bot)).toEqual([]);
    expect(logged(POSTED_ANEW)).toHaveLength(1);
  }, 120_000);

  it.each<[string, ConnectorRefusal]>([
    ['the conversation is gone', GONE.conversation],
    ['the bot was removed from it', GONE.botRemoved],
  ])('stops editing when %s: one try, one log line, no error card, nothing posted', async (_case, refusal) => {
    const bot = await start();
    const conversationId = `a:1plan-${refusal.code}`;
    const plan = await askRemoval(bot, conversationId);
    bot.connector.refuse(inConversation(conversationId), refusal);
    await approveAndFinish(bot, plan, conversationId);

    const tried = bot.connector.calls.filter(inConversation(conversationId)).filter((c) => c.status === refusal.status);
    expect(tried.map((c) => c.method)).toEqual(['PUT']);
    expect(errorCards(bot)).toEqual([]);
    expect(logged(EDITS_STOP)).toHaveLength(1);
    expect(logged(EDITS_STOP)[0]).toMatchObject({ conversationId });
  }, 120_000);
});

describe('a plan card with a copy in the approver\'s chat', () => {
  it('still edits the copy to the result when the requester\'s card cannot be edited or posted anew', async () => {
    const bot = await start();
    const plan = await askRemoval(bot, 'a:1requester-refuses');
    // The approver's `pending` posts the plan's card in their chat: the copy they approve on.
    const copies = await bot.say('pending', approver, 'a:1approver-copy');
    const copy = copies.find((c) => textOf(c).includes(`Plan: ${plan.data.planId}`));
    if (!copy) throw new Error('pending showed no card of the plan');
    const copyId = activityIdOf(bot.connector, copy);
    // Every call into the requester's chat is refused, and not as gone: Teams says the input is bad.
    bot.connector.refuse(inConversation('a:1requester-refuses'), { status: 400, code: 'BadArgument', message: 'Invalid input' });
    await approveAndFinish(bot, { activityId: copyId, data: plan.data }, 'a:1approver-copy');
    await until('the result on the copy', () => FINISHED.test(textOf(editsOf(bot, copyId).filter((c) => c.status === 200).at(-1) ?? copy)));

    const copyEdits = editsOf(bot, copyId).filter((c) => c.status === 200);
    expect(copyEdits.length).toBeGreaterThan(0);
    expect(textOf(copyEdits.at(-1)!)).toMatch(FINISHED);
    expect(editsOf(bot, plan.activityId).every((c) => c.status === 400)).toBe(true);
    expect(errorCards(bot)).toEqual([]);
  }, 120_000);
});

describe('the reading card of a slow command', () => {
  /** `status` on a cold start reads everyone's move state: well past an answer budget of 1 ms. */
  const slow = (): Promise<ApprovalBot> => start({}, { answerWithinMs: 1, sandboxOptions: { faults: { graphLatencyMs: 20 } } });

  /** Says `status` with a known activity id; returns its reading card reply. */
  async function readingCard(bot: ApprovalBot, conversationId: string, id: string): Promise<ConnectorCall> {
    const activity: Partial<Activity> = { ...message('status', admin, { ...bot.options, conversationId }), id };
    expect((await bot.post(activity)).status).toBe(200);
    const reply = bot.connector.calls.find((c) => c.activity.replyToId === id);
    expect(textOf(reply!)).toContain('status: reading the tenants');
    return reply!;
  }

  it('posts the card anew once when the admin deleted it, and the answer lands there', async () => {
    const bot = await slow();
    const conversationId = 'a:1reading-card-deleted';
    let readingId = '';
    bot.connector.refuse((c) => c.method === 'PUT' && readingId !== '' && c.path.endsWith(`/activities/${readingId}`), GONE.message);
    readingId = activityIdOf(bot.connector, await readingCard(bot, conversationId, 'status-deleted'));
    await until('the answer', () => bot.connector.calls.some((c) => inConversation(conversationId)(c) && c.status === 200 && textOf(c).includes('Post-migration status')));
    await new Promise((r) => setTimeout(r, 500)); // room for any edit or post that should not happen

    const anew = bot.connector.calls.filter(inConversation(conversationId)).filter((c) => c.method === 'POST' && !c.activity.replyToId);
    expect(anew).toHaveLength(1);
    expect(editsOf(bot, readingId)).toHaveLength(1);
    // The answer is the new message itself (the first edit was the answer) or its last edit.
    const newId = activityIdOf(bot.connector, anew[0]!);
    const last = [anew[0]!, ...editsOf(bot, newId)].at(-1)!;
    expect(last.status).toBe(200);
    expect(textOf(last)).toContain('Post-migration status');
    expect(errorCards(bot)).toEqual([]);
    expect(logged(POSTED_ANEW)).toHaveLength(1);
  }, 120_000);

  it('stops when the conversation is gone: one try, one log line, no error card', async () => {
    const bot = await slow();
    const conversationId = 'a:1reading-chat-gone';
    // Everything after the turn's own reply fails: the chat went while the answer was being read.
    bot.connector.refuse((c) => inConversation(conversationId)(c) && c.activity.replyToId !== 'status-gone', GONE.conversation);
    await readingCard(bot, conversationId, 'status-gone');
    // The same read answers status in a chat that is still there: once it has, the first answer is done too.
    await readingCard(bot, 'a:1reading-chat-here', 'status-here');
    await until('the answer elsewhere', () => bot.connector.calls.some((c) => inConversation('a:1reading-chat-here')(c) && textOf(c).includes('Post-migration status')));
    await new Promise((r) => setTimeout(r, 500));

    const tried = bot.connector.calls.filter(inConversation(conversationId)).filter((c) => c.status === 404);
    expect(tried.map((c) => c.method)).toEqual(['PUT']);
    expect(errorCards(bot)).toEqual([]);
    expect(logged(EDITS_STOP)).toHaveLength(1);
  }, 120_000);
});

describe('the tracking card of a move back', () => {
  const isTracking = (c: ConnectorCall, upn: string) => textOf(c).includes(`Moving ${upn} back`);

  it('posts the card anew once when the admin deleted it, and keeps it in step to the completed move', async () => {
    const bot = await start({ SANDBOX_USERS: '12' }, { pollIntervalMs: 100, editIntervalMs: 50, sandboxOptions: { moveDurationMs: 900 } });
    const u = plainUser(bot);
    // The first tracking card is deleted as soon as it is posted.
    const firstCard = () => bot.connector.calls.find((c) => c.method === 'POST' && isTracking(c, u.targetUpn));
    bot.connector.refuse((c) => c.method === 'PUT' && firstCard() !== undefined && c.path.endsWith(`/activities/${activityIdOf(bot.connector, firstCard()!)}`), GONE.message);
    await approveMoveBack(bot, u);
    await until('the completed move on a card that arrived', () => bot.connector.calls.some((c) => c.status === 200 && isTracking(c, u.targetUpn) && textOf(c).includes('Move completed')));
    // The completion notice may reach the connector after the edit; then room for anything more.
    await until('the completion notice', () => bot.connector.calls.filter((c) => c.method === 'POST' && isTracking(c, u.targetUpn)).length >= 3, 15_000);
    await new Promise((r) => setTimeout(r, 1_000));

    const posts = bot.connector.calls.filter((c) => c.method === 'POST' && isTracking(c, u.targetUpn));
    // The first card, the one posted anew, and the completion notice (a new message by design).
    expect(posts).toHaveLength(3);
    expect(editsOf(bot, activityIdOf(bot.connector, posts[0]!))).toHaveLength(1);
    expect(errorCards(bot)).toEqual([]);
    expect(logged(POSTED_ANEW)).toHaveLength(1);
  }, 120_000);

  it('Check access still confirms when the cleanup plan\'s card cannot be posted: the plan waits in pending', async () => {
    const bot = await start({ SANDBOX_USERS: '12' }, { pollIntervalMs: 100, editIntervalMs: 50, sandboxOptions: { moveDurationMs: 900 } });
    const u = plainUser(bot);
    await approveMoveBack(bot, u);
    const completed = await waitForTracking(bot, u, /^Move completed/);
    const check = executeActions(cardIn(completed)).find((b) => b.verb === 'checkAccess')!;
    // Any plan card posted into the admin's chat from now on is refused (not as gone: Teams says the input is bad).
    bot.connector.refuse((c) => c.method === 'POST' && !inConversation('a:1approver-pending')(c) && textOf(c).includes('Plan: '), { status: 400, code: 'BadArgument', message: 'Invalid input' });
    const clicked = await bot.click('checkAccess', check.data, admin, activityIdOf(bot.connector, completed));
    const after = cardText(clicked.value);
    expect(after).toContain('Access confirmed');
    const cleanupId = /Plan (p-\w+) to remove/.exec(after)?.[1];
    expect(cleanupId).toBeDefined();
    expect(bot.connector.calls.some((c) => c.status === 400 && textOf(c).includes(`Plan: ${cleanupId}`))).toBe(true);
    const pending = await bot.say('pending', approver, 'a:1approver-pending');
    expect(pending.some((c) => textOf(c).includes(`Plan: ${cleanupId}`))).toBe(true);
    expect(errorCards(bot)).toEqual([]);
  }, 120_000);

  it('stops editing when the bot was removed from the chat: one log line, no error card', async () => {
    const bot = await start({ SANDBOX_USERS: '12' }, { pollIntervalMs: 100, editIntervalMs: 50, sandboxOptions: { moveDurationMs: 900 } });
    const u = plainUser(bot);
    const conversationId = 'a:1tracking-bot-removed';
    const firstCard = () => bot.connector.calls.find((c) => c.method === 'POST' && isTracking(c, u.targetUpn));
    // Removed once the first tracking card is there: every later call to the chat is refused.
    bot.connector.refuse((c) => inConversation(conversationId)(c) && firstCard() !== undefined && c !== firstCard(), GONE.botRemoved);
    const asked = await bot.say(`migrate back ${u.targetUpn} to ${u.sourceUpn}`, admin, conversationId);
    const approve = executeActions(cardIn(asked[0])).find((b) => b.verb === 'approve')!;
    await bot.click('approve', approve.data, approver, activityIdOf(bot.connector, asked[0]!), conversationId);
    await until('the tracking card to be refused', () => bot.connector.calls.some((c) => c.status === 403));
    // Asked elsewhere, the move back shows completed once the tracking record is: every change of the card came before.
    await until('the move back to complete', async () => textOf((await bot.say('moved back', admin, 'a:1tracking-elsewhere'))[0]!).includes('completed'));
    await until('the completion notice to be tried', () => bot.connector.calls.some((c) => inConversation(conversationId)(c) && c.method === 'POST' && c.status === 403));
    await new Promise((r) => setTimeout(r, 1_000)); // room for any call that should not happen

    const refused = bot.connector.calls.filter(inConversation(conversationId)).filter((c) => c.status === 403);
    // One edit tried per card, then none: the tracking card's, and the plan card's in the same chat when its
    // edit was already on its way (CI saw both). The completion notice is a new message (a post tells whether
    // the bot is back), sent once.
    const refusedEdits = refused.filter((c) => c.method === 'PUT').map((c) => c.path);
    expect(refusedEdits.length).toBeGreaterThan(0);
    expect(new Set(refusedEdits).size).toBe(refusedEdits.length);
    expect(refused.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(errorCards(bot)).toEqual([]);
    expect(logged(EDITS_STOP)).toHaveLength(1);
  }, 120_000);
});
