// The guidance campaign through the whole bot over HTTP: an admin plans it, an approver approves, the job
// sends each migrated person one card through botbuilder and the simulated Teams connector (app install
// and 1:1 chat included), people answer Done or I need help, and remind reaches only the unanswered.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { cardText } from '../helpers/cards.js';
import { approveAndFinish as finish, askPlan, guidanceCards as cardsOf, type AskedPlan } from './campaignHelpers.js';
import type { Person } from '../helpers/activities.js';
import { clientFor } from '../tenants/helpers/sandboxClient.js';


let a: ApprovalBot;
let completed: string[];
let blocked: Set<string>;
/** Reachable people whose Graph preferredLanguage is English: their cards read in English. */
let english: string[];
const lower = (s: string) => s.toLowerCase();

beforeAll(async () => {
  a = await startApprovalBot({}, { sandboxOptions: { users: 40, blockedUsers: 2 } });
  const scenario = a.bot.sandbox!.scenario!;
  completed = scenario.users.filter((u) => u.status === 'completed').map((u) => u.targetUpn);
  blocked = new Set((scenario.blockedUpns ?? []).map(lower));
  const target = clientFor(a.bot.sandbox!, 'target').client;
  const languages = await Promise.all(completed.map(async (u) => (await target.getUser(u))?.preferredLanguage ?? ''));
  english = completed.filter((u, i) => !blocked.has(lower(u)) && languages[i]!.startsWith('en'));
  expect(english.length).toBeGreaterThanOrEqual(5);
  expect(languages.some((l) => l.startsWith('fr'))).toBe(true);
}, 60_000);
/** The sign-in line of a guidance card, in either shipped language. */
const signInLine = (upn: string) => new RegExp(`(Your new sign-in name|Votre nouvel identifiant de connexion): ${upn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
afterAll(() => a.close());

const guidanceCards = (upn: string) => cardsOf(a, upn);
const ask = (text: string) => askPlan(a, text);
const approveAndFinish = (plan: AskedPlan, outcome: RegExp) => finish(a, plan, outcome);

/** A migrated person as Teams sends them: their Entra id on the target tenant. */
async function personFor(upn: string): Promise<Person> {
  const user = (await clientFor(a.bot.sandbox!, 'target').client.getUser(upn))!;
  return { aadObjectId: user.id, teamsId: `29:${user.id}`, name: user.displayName ?? upn };
}

describe('notify users through approval', () => {
  it('plans for everyone whose move completed, with a preview card, and sends each one card once approved', async () => {
    const plan = await askPlan(a, 'notify users all', 1);
    const text = cardText(plan.card);
    const reachable = completed.length;
    expect(text).toContain(`Send sign-in and resync guidance to ${reachable} people`);
    expect(text).toMatch(/left out: their move has not completed/);
    // Each one left out with their move's state in words, not the service's code.
    expect(text).toMatch(/@fabrikam\.com \((in progress|not started|failed)\)/);
    expect(text).not.toMatch(/\((inProgress|notStarted)\)/);
    // The preview: one person's own card, with their new sign-in name and OneDrive.
    expect(plan.rest).toHaveLength(1);
    const preview = cardText(plan.rest[0]);
    expect(preview).toMatch(/Your OneDrive has moved to your new account|Votre OneDrive a été transféré/);
    expect(preview).toMatch(/(Your new sign-in name|Votre nouvel identifiant de connexion): \S+@/);
    expect(a.bot.sandbox!.inbox(completed[0]!)).toHaveLength(0); // nothing sent before approval

    const outcome = await approveAndFinish(plan, /guidance card\(s\) sent/);
    expect(outcome).toContain(`${reachable - blocked.size} guidance card(s) sent to ${reachable} people`);
    expect(outcome).toContain(`${blocked.size} failed`);
    for (const upn of completed) {
      expect(guidanceCards(upn)).toHaveLength(blocked.has(lower(upn)) ? 0 : 1);
    }
    // Without GUIDANCE_MAIL_FROM nobody is e-mailed: the blocked people stay failed (below).
    for (const upn of blocked) expect(a.bot.sandbox!.mail(upn)).toEqual([]);
    const stats = a.bot.sandbox!.stats();
    expect(stats.connector).toMatchObject({ throttled: 0, blocked: blocked.size });
    expect(stats.mail).toEqual({ sent: 0, refused: 0 });
    expect(stats.teamsInstalls?.throttled).toBe(0);

    // Each card is that person's: their sign-in name and their OneDrive on the target tenant.
    const someone = english[0]!;
    const card = guidanceCards(someone)[0]!.activity.attachments as { content: unknown }[];
    const body = JSON.stringify(card[0]!.content);
    expect(cardText(card[0]!.content)).toContain(`Your new sign-in name: ${someone}`);
    expect(body).toContain('https://fabrikam-my.sharepoint.com/personal/');
    expect(body).toContain('odopen://sync?userEmail=');

    const status = cardText(cardIn((await a.say('notify status'))[0]));
    expect(status).toContain(`Not yet acknowledged: ${reachable - blocked.size}`);
    expect(status).toContain(`Blocked the bot: ${blocked.size}`);
    expect(status).toContain('Done: 0');
  }, 120_000);

  it('asking again sends nobody a second card: only the people who could not be reached are tried again', async () => {
    const plan = await ask('notify users all');
    const text = cardText(plan.card);
    expect(text).toContain(`Send sign-in and resync guidance to ${blocked.size} people`);
    expect(text).toContain(`${completed.length - blocked.size} of 40 already got it and are left out.`);
    const outcome = await approveAndFinish(plan, /guidance card\(s\) sent/);
    expect(outcome).toContain(`0 guidance card(s) sent to ${blocked.size} people`);
    for (const upn of completed) expect(guidanceCards(upn)).toHaveLength(blocked.has(lower(upn)) ? 0 : 1);
  }, 60_000);
});

describe('what migrated people do with their card', () => {
  it('Done is recorded for the person who clicks it, and their card thanks them', async () => {
    const upn = english[1]!;
    const person = await personFor(upn);
    const answer = await a.click('guidanceDone', { campaignId: 'guidance' }, person, 'card-1', `a:1chat-${person.aadObjectId}`);
    expect(answer.statusCode).toBe(200);
    expect(cardText(answer.value)).toContain('Thank you: you marked this done.');
    expect(cardText(answer.value)).toContain(`Your new sign-in name: ${upn}`);
    expect((await a.audit()).some((e) => e.event === 'guidance.done' && (e.detail as { upn?: string }).upn === upn)).toBe(true);
    expect(cardText(cardIn((await a.say('notify status'))[0]))).toContain('Done: 1');
  });

  it('I need help posts what they wrote, with their details and move state, to the migration team', async () => {
    const upn = english[2]!;
    const person = await personFor(upn);
    const before = a.connector.calls.length;
    const words = 'OneDrive still asks for my old account [click](https://evil.example)';
    const answer = await a.click('guidanceHelp', { campaignId: 'guidance', helpText: words }, person, 'card-2', `a:1chat-${person.aadObjectId}`);
    expect(cardText(answer.value)).toContain('Your message has reached the migration team');
    const posted = await a.waitForCall((c) => a.connector.calls.indexOf(c) >= before && cardText(c.activity.attachments?.[0]?.content).includes('needs help after the migration'));
    const text = cardText(posted.activity.attachments?.[0]?.content);
    expect(text).toContain(words);
    expect(text).toContain(`New sign-in: ${upn}`);
    expect(text).toMatch(/Move: completed/);
    // What they wrote is a TextRun: Teams shows it as plain text, never as a link.
    expect(JSON.stringify(posted.activity.attachments?.[0]?.content)).toMatch(/"type":"TextRun","text":"OneDrive still asks/);
    // Teams retries a slow invoke: the same words again are not a second request.
    await a.click('guidanceHelp', { campaignId: 'guidance', helpText: words }, person, 'card-2', `a:1chat-${person.aadObjectId}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.connector.calls.slice(before).filter((c) => cardText(c.activity.attachments?.[0]?.content).includes('needs help after the migration'))).toHaveLength(1);
    const status = cardText(cardIn((await a.say('notify status'))[0]));
    expect(status).toContain('Asked for help: 1');
    expect(status).toContain(words);
  });

  it('a migrated person who writes to the bot gets their own guidance; a stranger in the tenant is refused', async () => {
    const upn = english[3]!;
    const person = await personFor(upn);
    const [reply] = await a.say('hello? what do I do now', person, `a:1chat-${person.aadObjectId}`);
    expect(cardText(cardIn(reply))).toContain(`Your new sign-in name: ${upn}`);
    const [refused] = await a.say('notify users all', SANDBOX_PEOPLE.user);
    expect(cardText(cardIn(refused))).toContain('Sorry, this is for migration admins');
  });

  it('card buttons cannot answer for someone else: a stranger clicking Done is refused and audited', async () => {
    const before = (await a.audit()).length;
    const answer = await a.click('guidanceDone', { campaignId: 'guidance', targetUpn: completed[0] }, SANDBOX_PEOPLE.user, 'card-3');
    expect(cardText(answer.value)).toContain('Sorry, this is for migration admins');
    // This click, by this person: one refusal entry naming them.
    const added = (await a.audit()).slice(before);
    expect(added.filter((e) => e.event === 'refused.not-migrant').map((e) => e.actor?.name)).toEqual([SANDBOX_PEOPLE.user.name]);
    const forged = await a.click('guidanceHelp', { campaignId: '../../x', helpText: 'x' }, SANDBOX_PEOPLE.user, 'card-3');
    expect(forged.statusCode).toBe(400);
  });
});

describe('remind', () => {
  it('reaches only those who have the card and have not answered, once each, in their chat', async () => {
    const plan = await ask('remind');
    const answered = 2; // the Done and the help request above
    const due = completed.length - blocked.size - answered;
    expect(cardText(plan.card)).toContain(`Remind ${due} people of their sign-in and resync guidance`);
    const createdBefore = a.bot.sandbox!.stats().connector!.conversationsCreated;
    const outcome = await approveAndFinish(plan, /reminder\(s\) sent/);
    expect(outcome).toContain(`${due} reminder(s) sent to ${due} people`);
    const reachable = completed.filter((u) => !blocked.has(lower(u)));
    const counts = reachable.map((u) => guidanceCards(u).length);
    expect(counts.filter((n) => n === 2)).toHaveLength(due);
    expect(counts.filter((n) => n === 1)).toHaveLength(answered);
    // Reminders go to the chat the first notice opened: no new conversation.
    expect(a.bot.sandbox!.stats().connector!.conversationsCreated).toBe(createdBefore);
    expect(a.bot.sandbox!.stats().connector!.throttled).toBe(0);
  }, 60_000);
});

describe('sandbox inbox', () => {
  it('shows an admin what one person received, the cards themselves after a summary', async () => {
    const upn = english[4]!;
    const replies = await a.say(`sandbox inbox ${upn}`);
    expect(cardText(cardIn(replies[0]))).toContain('2 message(s) from the bot');
    expect(replies).toHaveLength(3);
    expect(cardText(cardIn(replies[1]))).toContain(`Your new sign-in name: ${upn}`);
    const [nobody] = await a.say(`sandbox inbox ${[...blocked][0]}`);
    expect(cardText(cardIn(nobody))).toContain('Nothing yet');
  });
});
