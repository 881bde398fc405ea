// MIGRATION_SOURCE as the running bot reads it: the setting wins over what the target holds, and unset, the
// bot finds the orchestrator's jobs itself. The bot process's own start-up, against its simulated tenants in
// the orchestrator rehearsal; `status` shows the orchestrator's part only when moves come from it, and
// `notify users` finds who completed from the jobs (the campaign is set up only in the running bot).
import { afterEach, describe, expect, it } from '@jest/globals';
import { cardText } from '../helpers/cards.js';
import { cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';

let a: ApprovalBot | undefined;
afterEach(async () => { await a?.close(); a = undefined; });

const ORCHESTRATOR_PART = 'Migration orchestrator jobs';
const rehearsal = { SANDBOX_MIGRATION_SOURCE: 'orchestrator', SANDBOX_USERS: '30', SANDBOX_SITES: '0', SANDBOX_GROUP_SITES: '0' };

async function status(bot: ApprovalBot): Promise<string> {
  const [reply] = await bot.say('status');
  return cardText(cardIn(reply));
}

describe('MIGRATION_SOURCE in the running bot', () => {
  it('identity-map: reads people from their SharePoint move tasks even where the target holds orchestrator jobs', async () => {
    a = await startApprovalBot({ ...rehearsal, MIGRATION_SOURCE: 'identity-map' });
    const text = await status(a);
    expect(text).toContain('Moves (30 people in the identity map)');
    expect(text).not.toContain(ORCHESTRATOR_PART);
    expect(a.bot.sandbox!.stats().graphBudget?.admitted).toBeGreaterThanOrEqual(30);
  }, 60_000);

  it("unset: plans the guidance for the people whose task says their move completed, reading no SharePoint move task", async () => {
    a = await startApprovalBot(rehearsal);
    const [reply] = await a.say('notify users all');
    const completed = a.bot.sandbox!.scenario!.users.filter((u) => u.status === 'completed');
    expect(cardText(cardIn(reply))).toContain(`Send sign-in and resync guidance to ${completed.length} people`);
    expect(a.bot.sandbox!.stats().graphBudget?.admitted).toBe(0);
  }, 60_000);

  it('unset: finds the jobs on the target and shows them', async () => {
    a = await startApprovalBot(rehearsal);
    const text = await status(a);
    expect(text).toContain(ORCHESTRATOR_PART);
    expect(text).toMatch(/Migration wave 1: .*, 30 people/);
  }, 60_000);
});
