// How text reaches a command: @mentions, typos, unsure phrasings, non-admins, other tenants.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { message } from '../helpers/activities.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardOf, invokeAnswer, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness(); });
afterAll(() => h.close());

describe('routing', () => {
  it('strips the @mention in a channel and runs the command', async () => {
    const replies = await h.say('host urls', SANDBOX_PEOPLE.admin, { inChannel: true });
    expect(replies).toHaveLength(1);
    expect(cardText(cardOf(replies[0]))).toContain('Cross-tenant host URLs');
  });

  it('answers a bare @mention with help', async () => {
    const replies = await h.turn({ ...message('', SANDBOX_PEOPLE.admin, { ...h.inTenant, inChannel: true }) });
    expect(cardText(cardOf(replies[0]))).toContain('What I can do');
  });

  it('runs a read-only command typed with a typo', async () => {
    const text = cardText(cardOf((await h.say('trsut status'))[0]));
    expect(text).toContain('Cross-tenant trust');
  });

  it('runs a recognised phrasing with its entities', async () => {
    const person = h.env.sandbox.scenario!.users.find((u) => u.status === 'inProgress')!;
    const text = cardText(cardOf((await h.say(`is the move done for ${person.sourceUpn}?`))[0]));
    expect(text).toContain(`Status: in progress\nSource UPN: ${person.sourceUpn}`);
  });

  it('reaches an export from everyday words: the file is made and offered', async () => {
    const replies = await h.say('give me a csv of the moves');
    expect(cardText(cardOf(replies[0]))).toContain('Move states: your file is ready');
    expect(replies[1]?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.teams.card.file.consent');
  });

  it('asks "did you mean" with the three nearest read-only commands, each with a line of what it shows', async () => {
    const card = cardOf((await h.say('the hosts, the redirects'))[0]);
    expect(cardText(card)).toContain("I'm not sure what you meant. Did you mean one of these?");
    expect(executeActions(card).map((a) => a.data.command)).toEqual(['host urls', 'list redirects', 'status', 'remove redirects']);
    expect(cardText(card)).toContain('host urls: Show the cross-tenant host URL of each tenant.');
  });

  it('runs the command of a clicked "did you mean" button, and the answer replaces the card', async () => {
    const answer = invokeAnswer(await h.click('run', { command: 'host urls' }));
    expect(answer.status).toBe(200);
    expect(answer.body.statusCode).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.body.value)).toContain(`Source (contoso): ${h.env.sandbox.source.myHostUrl}`);
  });

  it('carries the extracted UPN into the suggested command text, and offers the change only beside the readings', async () => {
    const card = cardOf((await h.say('move and redirects for adele@contoso.com on fabrikam'))[0]);
    expect(executeActions(card).map((a) => a.data.command)).toEqual(['move status adele@contoso.com',
      'list redirects target for adele@contoso.com', 'status', 'remove redirects target for adele@contoso.com']);
    expect(cardText(card)).toContain('remove redirects target for adele@contoso.com: Changes something: plans it for approval.');
  });

  it('answers text it cannot place with the nearest commands, and no guess', async () => {
    const card = cardOf((await h.say('hello there'))[0]);
    expect(cardText(card)).toContain('I don\'t know a command for "hello there". The nearest ones:');
    expect(executeActions(card).map((a) => a.data.command)).toEqual(['status', 'list redirects', 'help']);
  });

  it('treats a button\'s command text as untrusted: it is parsed again like typed text', async () => {
    const answer = invokeAnswer(await h.click('run', { command: 'move status <script>' }));
    expect(cardText(answer.body.value)).toContain('That is not a UPN');
  });

  it('refuses a non-admin politely, shows their id, and runs nothing', async () => {
    const replies = await h.say('status', SANDBOX_PEOPLE.user);
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('Sorry, this is for migration admins');
    expect(text).toContain(`Your id: ${SANDBOX_PEOPLE.user.aadObjectId}`);
    expect(h.logText()).toContain('command refused: caller is not an admin');
  });

  it('refuses a non-admin clicking a forged "run" button', async () => {
    const answer = invokeAnswer(await h.click('run', { command: 'trust status' }, SANDBOX_PEOPLE.user));
    expect(cardText(answer.body.value)).toContain('Sorry, this is for migration admins');
  });

  it('ignores activities from a tenant that is not allowed: no reply at all', async () => {
    const other = { tenantId: '0a0b0c0d-1111-4222-8333-444455556666' };
    expect(await h.turn(message('help', SANDBOX_PEOPLE.admin, other))).toEqual([]);
    expect(await h.turn(message('help', SANDBOX_PEOPLE.admin, { ...h.inTenant, channelDataTenantId: other.tenantId }))).toEqual([]);
    expect(h.logText()).toContain('activity from a tenant not allowed: ignored');
  });

  it('shows the simulated-tenants banner on every card it sends', async () => {
    for (const text of ['help', 'status', 'host urls', 'trust status', 'list redirects', 'move status nobody@contoso.com', 'move status', 'hosts and redirects', 'hello there']) {
      expect(cardText(cardOf((await h.say(text))[0]))).toMatch(/^Simulated tenants/);
    }
    expect(cardText(cardOf((await h.say('status', SANDBOX_PEOPLE.user))[0]))).toMatch(/^Simulated tenants/);
  });
});
