// Cards read by people, not parsed: instants through DATE()/TIME() (each reader's own time zone and
// format), states in words, people by name, each redirect site with whose OneDrive it was, and either
// of a person's UPNs wherever a command takes a person.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { cardText } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';
import { instantProblems, stateCodes } from '../helpers/readableCards.js';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness(); });
afterAll(() => h.close());

const cardsOf = async (text: string) => (await h.say(text)).map(cardOf);
const users = () => h.env.sandbox.scenario!.users;

describe('instants and states', () => {
  it('shows no raw timestamp and no state code on the cards that carry them', async () => {
    const moving = users().find((u) => u.status === 'inProgress')!;
    const done = users().find((u) => u.status === 'completed')!;
    const cards = [
      ...await cardsOf(`move status ${moving.sourceUpn}`), ...await cardsOf(`move status ${done.targetUpn}`),
      ...await cardsOf('status'), ...await cardsOf('trust status'), ...await cardsOf('list redirects'),
      ...await cardsOf('remove redirects'), ...await cardsOf('audit'),
      // Plans that name people's move states, and checks that quote the service's instants.
      ...await cardsOf('notify users all'),
      ...await cardsOf(`migrate back ${moving.targetUpn} to ${moving.sourceUpn}`), ...await cardsOf(`migrate back ${done.targetUpn} to ${done.sourceUpn}`),
    ];
    expect(cards.flatMap(instantProblems)).toEqual([]);
    expect(cards.flatMap(stateCodes)).toEqual([]);
    // The move card still says when: as DATE()/TIME() of the tenant's instants.
    expect(cardText(cards[1])).toMatch(/Finished: \{\{DATE\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z, SHORT\)\}\} \{\{TIME\(/);
    expect(cardText(cards[0])).toContain('Status: in progress');
  });

  it('says the redirect site states and lock states in words, with the date to the reader', async () => {
    const text = cardText((await cardsOf('list redirects'))[0]);
    expect(text).toMatch(/active, unlocked, last changed \{\{DATE\(/);
  });
});

describe('people', () => {
  it('shows each redirect site with the person whose OneDrive it was', async () => {
    const person = users().find((u) => u.status === 'completed' && !u.sourceUpn.includes("'"))!;
    const text = cardText((await cardsOf(`list redirects for ${person.targetUpn}`))[0]);
    expect(text).toContain(`OneDrive of ${person.sourceUpn} (now ${person.targetUpn})`);
  });

  it('names an approver who never wrote to the bot from the directory, not by object id', async () => {
    const person = users().find((u) => u.status === 'completed')!;
    const directoryUser = (await h.env.tenants.target.getUser(person.targetUpn))!;
    expect(directoryUser.displayName).toBeTruthy();
    // Configured as an approver (an Entra object id), never seen by the bot.
    (h.services.roles.approverIds as Set<string>).add(directoryUser.id);
    try {
      const text = cardText((await cardsOf('remove redirects'))[0]);
      expect(text).toContain(`Approvers: ${SANDBOX_PEOPLE.approver.name}, ${directoryUser.displayName}`);
      expect(text).not.toContain(directoryUser.id);
    } finally {
      (h.services.roles.approverIds as Set<string>).delete(directoryUser.id);
    }
  });

  it('finds a person\'s sandbox inbox by either UPN', async () => {
    const person = users().find((u) => u.status === 'completed' && !u.targetUpn.includes("'"))!;
    const sender = users().find((u) => u !== person && u.status === 'completed' && !u.targetUpn.includes("'"))!;
    // One e-mail to the person on the target tenant, as the guidance sends it (Graph sendMail, simulated).
    await h.env.tenants.target.sendMail(sender.targetUpn, person.targetUpn, 'Your OneDrive moved', '<p>Sign in again.</p>');
    const bySource = cardText((await cardsOf(`sandbox inbox ${person.sourceUpn}`))[0]);
    const byTarget = cardText((await cardsOf(`sandbox inbox ${person.targetUpn}`))[0]);
    expect(byTarget).toMatch(/\b1 message/);
    expect(byTarget).toMatch(new RegExp(`\\{\\{TIME\\([^)]*\\)\\}\\}: e-mail from ${sender.targetUpn}: Your OneDrive moved`));
    expect(bySource.replace(person.sourceUpn, person.targetUpn)).toEqual(byTarget);
  });
});
