// The move-back commands and the Check access verb through the real bot (TestAdapter) on the simulated
// tenants: usage, refusals, an empty list, and card data that is not a UPN.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import type { Person } from '../helpers/activities.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardOf, invokeAnswer, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness(); }, 60_000);
afterAll(() => h.close());

const textOf = async (text: string, from: Person = SANDBOX_PEOPLE.admin) => cardText(cardOf((await h.say(text, from))[0]));

describe('move-back commands', () => {
  it('moved back lists nobody at first', async () => {
    const text = await textOf('moved back');
    expect(text).toContain('People moved back to the original tenant');
    expect(text).toContain('None found.');
  });

  it('migrate back needs both UPNs and "to"', async () => {
    for (const bad of ['migrate back', 'migrate back a@contoso.com', 'migrate back a@fabrikam.com into a@contoso.com', 'migrate back a@fabrikam.com to not-a-upn']) {
      const text = await textOf(bad);
      expect(text).toContain("I can't use that");
      expect(text).toContain('migrate back ‹upn on current tenant› to ‹upn on original tenant›');
    }
  });

  it('is for admins only: an approver is refused and audited', async () => {
    const u = h.env.sandbox.scenario!.users[0]!;
    const text = `migrate back ${u.targetUpn} to ${u.sourceUpn}`;
    expect(await textOf(text, SANDBOX_PEOPLE.approver)).toContain('Sorry, this is for migration admins');
    // This request, by this approver: the latest entry is its refusal, naming them and the command.
    const [last] = (await h.path.audit.latest(1));
    expect([last?.event, last?.actor?.name, (last?.detail as { text?: string } | undefined)?.text]).toEqual(['refused.not-admin', SANDBOX_PEOPLE.approver.name, 'migrate back']);
  });

  it('confirm access for someone not being moved back says so', async () => {
    expect(await textOf('confirm access nobody@contoso.com')).toContain('nobody@contoso.com is not being moved back');
  });

  it('Check access takes only a UPN, from admins only', async () => {
    const forged = invokeAnswer(await h.click('checkAccess', { upn: 'x', planId: 'p-00000000' }));
    expect(forged.body.statusCode).toBe(400);
    const stranger = invokeAnswer(await h.click('checkAccess', { upn: 'a@contoso.com' }, SANDBOX_PEOPLE.user));
    expect(cardText(stranger.body.value)).toContain('Sorry, this is for migration admins');
    const untracked = invokeAnswer(await h.click('checkAccess', { upn: 'a@contoso.com' }));
    expect(cardText(untracked.body.value)).toContain('a@contoso.com is not being moved back');
    expect(executeActions(untracked.body.value)).toEqual([]);
  });
});
