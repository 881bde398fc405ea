// remove trust through the bot, over HTTP against the simulated tenants: blocked while moves are
// unfinished; otherwise approved, run in order (record move states, remove on each side with the
// partner's role, verify), with move status answered from the record once Graph can no longer tell.
import { afterAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { activityIdOf, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';

const { approver } = SANDBOX_PEOPLE;
const open: ApprovalBot[] = [];
afterAll(async () => { await Promise.all(open.map((a) => a.close())); });

async function bot(users: number): Promise<ApprovalBot> {
  const a = await startApprovalBot({ SANDBOX_USERS: String(users) });
  open.push(a);
  return a;
}

describe('remove trust through the bot', () => {
  it('refuses to plan while moves are unfinished, naming the users, and changes nothing', async () => {
    const a = await bot(60);
    const unfinished = a.bot.sandbox!.scenario!.users.filter((u) => u.status !== 'completed' && u.status !== 'failed');
    expect(unfinished.length).toBeGreaterThan(0);
    const [reply] = await a.say('remove trust');
    const text = cardText(cardIn(reply));
    // Not a typing mistake: the tenants' state does not allow it yet.
    expect(text).toContain('Not possible yet');
    expect(text).toContain('Nothing was planned and nothing was changed.');
    for (const u of unfinished.slice(0, 3)) expect(text).toContain(u.sourceUpn);
    expect(executeActions(cardIn(reply)).map((b) => b.verb)).not.toContain('approve');
    expect(a.bot.sandbox!.changes()).toEqual([]);
  }, 60_000);

  it('runs an approved plan in order on both tenants, then answers move status from the record', async () => {
    const a = await bot(8);
    const sandbox = a.bot.sandbox!;
    const [reply] = await a.say('remove trust both');
    const card = cardIn(reply);
    const approve = executeActions(card).find((b) => b.verb === 'approve');
    expect(approve).toBeDefined();
    const text = cardText(card);
    expect(text).toMatch(/Target.*https:\/\/fabrikam-my\.sharepoint\.com\//);
    expect(text).toMatch(/Source.*https:\/\/contoso-my\.sharepoint\.com\//);
    // As of the move states it rests on, with the age worked out when the card is drawn.
    expect(text).toMatch(/^As of: \{\{DATE\(\S+, SHORT\)\}\} \{\{TIME\(\S+\)\}\} \((just now|\d+ s ago)\), the oldest read it rests on$/m);
    const activityId = activityIdOf(a.connector, reply!);
    await a.click('approve', approve!.data, approver, activityId);
    const done = await a.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${activityId}`) && /^Done: all \d+ finished$/m.test(cardText(cardIn(c))), 60_000);
    expect(cardText(cardIn(done))).toMatch(/NotEstablished/);

    // The partner's role on each side, as the runbook's parameter table says (not the Step 7 slip).
    expect(sandbox.changes().map((c) => `${c.tenant} ${c.method} ${c.target} ${c.detail ?? ''}`.trim())).toEqual([
      'contoso RemoveSPOTenantOrgRelation https://fabrikam-my.sharepoint.com/ PartnerRole Target',
      'fabrikam RemoveSPOTenantOrgRelation https://contoso-my.sharepoint.com/ PartnerRole Source',
    ]);
    const [trust] = await a.say('trust status');
    expect(cardText(cardIn(trust))).not.toContain('GoodToProceed');

    const upn = sandbox.scenario!.users[0]!.sourceUpn;
    const [move] = await a.say(`move status ${upn}`);
    const moveText = cardText(cardIn(move));
    expect(moveText).toContain(upn);
    expect(moveText).toMatch(/completed/i);
    expect(moveText).toMatch(/record/i);
    const events = (await a.audit()).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['plan.requested', 'plan.approved']));
  }, 90_000);
});
