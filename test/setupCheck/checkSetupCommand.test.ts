// `check setup` in chat: admins get the doctor's report as a card, for the bot's own simulated tenants;
// others are refused. The card holds no secret.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkSetup } from '../../bot/setupCheckRunner.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { cardProblems } from '../helpers/cardValidation.js';
import { cardText } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
  // As bot/index.ts composes it: the check reuses the bot's running simulated tenants.
  h.services.setupCheck = () => checkSetup({}, { sandbox: h.env.sandbox, logger: h.services.logger });
});
afterAll(() => h.close());

describe('check setup', () => {
  it('shows every item of the setup check on one card, all OK against the simulated tenants', async () => {
    const replies = await h.say('check setup');
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    const text = cardText(card);
    expect(text).toContain('Setup check (simulated tenants)');
    expect(text).toMatch(/\d+ ok, 1 warnings, 0 failed/);
    expect(text).toContain('source (contoso, simulated): SharePoint permissions');
    expect(text).toContain('granted: Sites.FullControl.All');
    expect(text).toContain('authentication off (sandbox only)');
    expect(text).toContain('Fix: Set TEAMS_APP_ID');
    expect(text).not.toContain('FAIL');
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(text).not.toContain('PRIVATE KEY');
    expect(cardProblems(card)).toEqual([]);
  });

  it('is understood from a phrasing too', async () => {
    const replies = await h.say('is the bot configured correctly? run a self test of the setup');
    expect(cardText(cardOf(replies[0]))).toContain('Setup check');
  });

  it('is for admins only', async () => {
    const replies = await h.say('check setup', SANDBOX_PEOPLE.user);
    expect(cardText(cardOf(replies[0]))).not.toContain('Setup check (');
  });
});
