// What new admins type, through the real bot: each kind of phrasing that used to miss reaches the command.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness(); });
afterAll(() => h.close());

const ask = async (text: string) => cardText(cardOf((await h.say(text))[0]));

describe('phrasings of admins who never saw the command list', () => {
  it('takes a complete command with courtesy after it', async () => {
    expect(await ask('status thanks')).toContain('Post-migration status');
    expect(await ask('pending for me')).toContain('Plans waiting for your decision');
    expect(await ask('list redirects target, please')).toContain('Redirect sites on fabrikam (target)');
    expect(await ask('host urls now')).toContain('Cross-tenant host URLs');
  });

  it('reads a command name followed by a sentence as that sentence', async () => {
    const person = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    expect(await ask(`status of ${person.sourceUpn}`)).toContain(`Source UPN: ${person.sourceUpn}`);
  });

  it('answers a question about state with the read-only command', async () => {
    expect(await ask('is the trust gone yet?')).toContain('Trust is still in place on this side.');
    expect(await ask('have the redirects been removed on the old tenant?')).toContain('Redirect sites on contoso (source)');
  });

  it('answers a phrase with no verb with the read-only command', async () => {
    expect(await ask('target redirects')).toContain('Redirect sites on fabrikam (target)');
  });

  it('answers a vague question about progress with the overall status', async () => {
    expect(await ask('how far along are we')).toContain('Post-migration status');
  });

  it('never runs a changing command from a guess, and says what the admin can do next', async () => {
    const card = cardOf((await h.say('get rid of the trust on both sides'))[0]);
    const text = cardText(card);
    expect(text).toContain("This would change something, so I don't act on a guess.");
    expect(text).toContain('Plan removing');
    expect(text).toContain('press the button or type the command as shown');
    expect(executeActions(card)).toEqual([{ title: 'remove trust both', verb: 'run', data: { command: 'remove trust both' } }]);
  });
});
