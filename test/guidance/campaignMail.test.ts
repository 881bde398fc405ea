// The e-mail fallback through the whole bot over HTTP: with GUIDANCE_MAIL_FROM set, the people who blocked
// the bot get the guidance by e-mail (Graph sendMail to the simulated Exchange), exactly once, and everyone
// else exactly one Teams card; asking again, or asking again after a restart, e-mails nobody a second time;
// notify status counts them apart, remind leaves them out, and sandbox inbox shows the e-mail.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rm } from 'node:fs/promises';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { cardText } from '../helpers/cards.js';
import { approveAndFinish, askPlan, guidanceCards } from './campaignHelpers.js';

let sandbox: SandboxHandle;
let a: ApprovalBot;
let completed: string[];
let blocked: string[];
let mailbox: string;
/** The first bot, until the restart test replaces it. */
let first: ApprovalBot | undefined;
const lower = (s: string) => s.toLowerCase();
const isBlocked = (upn: string) => blocked.map(lower).includes(lower(upn));

/** A bot on the shared simulated tenants with the e-mail fallback on; `dir` reuses an earlier bot's store. */
const startBot = (dir?: string) => startApprovalBot({ GUIDANCE_MAIL_FROM: mailbox, ...(dir ? { STORAGE: `file:${dir}` } : {}) }, { sandbox });

beforeAll(async () => {
  sandbox = await startSandbox({ users: 30, blockedUsers: 2 });
  const scenario = sandbox.scenario!;
  mailbox = scenario.helpMailbox!;
  completed = scenario.users.filter((u) => u.status === 'completed').map((u) => u.targetUpn);
  blocked = scenario.blockedUpns ?? [];
  expect(blocked).toHaveLength(2);
  a = await startBot();
  first = a;
}, 60_000);
afterAll(async () => {
  await first?.close();
  await sandbox.close();
});

describe('notify users with GUIDANCE_MAIL_FROM', () => {
  it('e-mails the blocked people once each, sends everyone else one card, and says so', async () => {
    const plan = await askPlan(a, 'notify users all');
    expect(cardText(plan.card)).toContain(`get it by e-mail from ${mailbox} instead`);
    const outcome = await approveAndFinish(a, plan, /guidance card\(s\) sent/);
    expect(outcome).toContain(`${completed.length - 2} guidance card(s) sent to ${completed.length} people; 2 sent by e-mail (Teams could not reach them)`);
    expect(outcome).not.toContain('failed');
    for (const upn of completed) {
      expect(guidanceCards(a, upn)).toHaveLength(isBlocked(upn) ? 0 : 1);
      expect(sandbox.mail(upn)).toHaveLength(isBlocked(upn) ? 1 : 0);
    }
    expect(sandbox.stats().mail).toEqual({ sent: 2, refused: 0 });

    // The e-mail: from the mailbox, to the person's address, their guidance in their language, no buttons.
    const [mail] = sandbox.mail(blocked[0]!);
    expect(mail!.from).toBe(mailbox);
    expect(lower(mail!.to)).toBe(lower(blocked[0]!));
    expect(mail!.subject).toMatch(new RegExp(`(Your OneDrive has moved: sign in with|Votre OneDrive a été transféré : connectez-vous avec) ${blocked[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(mail!.content).toMatch(/We could not reach you in Microsoft Teams|Nous n’avons pas pu vous joindre dans Microsoft Teams/);
    expect(mail!.content).toMatch(/write to the Post-Migration bot in Teams, or contact your IT helpdesk|écrivez au bot Post-Migration dans Teams ou contactez votre support informatique/);
    expect(mail!.content).toContain('href="https://fabrikam-my.sharepoint.com/personal/');
    expect(mail!.content).not.toContain('guidanceDone');
  }, 120_000);

  it('notify status counts the e-mailed people apart; sandbox inbox shows the e-mail', async () => {
    const status = cardText(cardIn((await a.say('notify status'))[0]));
    expect(status).toContain('Sent by e-mail (Teams could not reach them): 2');
    expect(status).toContain(`Not yet acknowledged: ${completed.length - 2}`);
    expect(status).toContain('Failed: 0');
    expect(status).not.toContain('Blocked the bot');

    const replies = await a.say(`sandbox inbox ${blocked[0]}`);
    const summary = cardText(cardIn(replies[0]));
    expect(summary).toContain('1 message(s) from the bot, oldest first, 1 of them by e-mail');
    expect(summary).toContain(`e-mail from ${mailbox}:`);
    expect(replies).toHaveLength(1); // no Teams card to show
  });

  it('asking again e-mails nobody a second time, before and after a restart; remind leaves them out', async () => {
    const again = cardText(cardIn((await a.say('notify users all'))[0]));
    expect(again).toContain('Nobody to notify');
    expect(again).toContain(`${completed.length} of 30 already got it`);
    const remind = await askPlan(a, 'remind');
    expect(cardText(remind.card)).toContain(`Remind ${completed.length - 2} people`);
    expect(cardText(remind.card)).toContain('2 got it by e-mail (Teams could not reach them): not reminded.');

    // A restart: a new bot on the same store and tenants.
    const dir = a.dir;
    await a.bot.close();
    await a.connector.close();
    first = undefined;
    const b = await startBot(dir);
    try {
      const named = cardText(cardIn((await b.say(`notify users ${blocked.join(', ')}`))[0]));
      expect(named).toContain('Nobody to notify');
      expect(named).toContain('2 of 2 already got it');
      const status = cardText(cardIn((await b.say('notify status'))[0]));
      expect(status).toContain('Sent by e-mail (Teams could not reach them): 2');
    } finally {
      await b.close();
      await rm(dir, { recursive: true, force: true });
    }
    for (const upn of blocked) expect(sandbox.mail(upn)).toHaveLength(1);
    expect(sandbox.stats().mail?.sent).toBe(2);
  }, 60_000);
});
