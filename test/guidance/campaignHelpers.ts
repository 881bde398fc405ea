// Driving a campaign through the bot over HTTP: ask for a plan as the admin, approve it as the approver,
// wait for the card edit that carries the run's outcome line.
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { activityIdOf, answerTo, cardIn, type ApprovalBot } from '../helpers/approvalBot.js';
import { waitForCallOn, type ConnectorCall } from '../helpers/recordingConnector.js';
import { cardText, executeActions } from '../helpers/cards.js';

export interface AskedPlan { card: Record<string, unknown>; activityId: string; data: { planId: string; hash: string }; rest: Record<string, unknown>[] }

/**
 * Through a bot in this process or a bot process (test/helpers/botProcess.ts): only its chat and connector
 * are used. A plan whose reads outlast the turn comes as the edit of a reading card, its `extraCards` (the
 * campaign's preview) as new messages after it; otherwise all are replies.
 */
export async function askPlan(a: Pick<ApprovalBot, 'say' | 'connector'>, text: string, extraCards = 0): Promise<AskedPlan> {
  const replies = await a.say(text);
  const answer = await answerTo(a.connector, replies[0]!);
  const card = cardIn(answer);
  const approve = executeActions(card).find((b) => b.verb === 'approve');
  if (!approve) throw new Error(`no Approve button on: ${cardText(card)}`);
  const rest = answer === replies[0] ? replies.slice(1) : await postedAfter(a.connector, answer, extraCards);
  return { card, activityId: activityIdOf(a.connector, replies[0]!), data: approve.data as AskedPlan['data'], rest: rest.map(cardIn) };
}

/** The first `count` new messages posted to the conversation of `call` after it. */
async function postedAfter(connector: ApprovalBot['connector'], call: ConnectorCall, count: number): Promise<ConnectorCall[]> {
  const conversation = call.path.replace(/\/activities\/[^/]+$/, '/activities');
  const posts = () => connector.calls.slice(connector.calls.indexOf(call) + 1).filter((c) => c.method === 'POST' && c.path === conversation);
  if (count > 0) await waitForCallOn(connector, (c) => posts().length >= count && c === posts()[count - 1]);
  return posts().slice(0, count);
}

export async function approveAndFinish(a: ApprovalBot, plan: AskedPlan, outcome: RegExp, timeoutMs = 60_000): Promise<string> {
  const answer = await a.click('approve', plan.data, SANDBOX_PEOPLE.approver, plan.activityId);
  // Plain throws, not jest's expect: the bench drives campaigns with these helpers too.
  if (answer.statusCode !== 200) throw new Error(`approve answered ${answer.statusCode}`);
  const edit = await a.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(plan.activityId) && outcome.test(cardText(c.activity.attachments?.[0]?.content)), timeoutMs);
  return cardText(edit.activity.attachments?.[0]?.content);
}

/** The guidance cards (first notice and reminders) one simulated person holds. */
export function guidanceCards(a: ApprovalBot, upn: string) {
  return a.bot.sandbox!.inbox(upn).filter((e) => JSON.stringify(e.activity).includes('guidanceDone'));
}

/** How many people a campaign plan's card says it will message. */
export function peopleIn(plan: AskedPlan): number {
  return Number(/to (\d+) people/.exec(JSON.stringify(plan.card))?.[1]);
}

/** Counts of guidance cards held by each person whose move completed (one each after a campaign). */
export function cardsPerCompletedPerson(a: ApprovalBot): number[] {
  return a.bot.sandbox!.scenario!.users.filter((u) => u.status === 'completed').map((u) => guidanceCards(a, u.targetUpn).length);
}
