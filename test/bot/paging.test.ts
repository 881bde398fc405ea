// Long lists come as one page with Previous/Next; the buttons carry a snapshot id and a page number.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { SNAPSHOT_TTL_MS } from '../../services/store/snapshotStore.js';
import type { Person } from '../helpers/activities.js';
import { cardText, executeActions, type ExecuteAction } from '../helpers/cards.js';
import { cardOf, invokeAnswer, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness(); });
afterAll(() => h.close());

const urlsOf = (card: unknown) => cardText(card).split('\n').filter((l) => l.startsWith('https://'));
const button = (card: unknown, title: string): ExecuteAction => executeActions(card).find((a) => a.title === title)!;

async function clickPage(action: ExecuteAction, from: Person = SANDBOX_PEOPLE.admin) {
  const answer = invokeAnswer(await h.click(action.verb, action.data, from));
  return answer;
}

describe('paging through list redirects', () => {
  it('goes forward to the last page and back to the first, each site shown exactly once', async () => {
    const expected = (await h.env.tenants.source.listRedirectSites()).map((s) => s.url);
    let card = cardOf((await h.say('list redirects source'))[0]);
    const pages = Number(/Page 1 of (\d+)/.exec(cardText(card))?.[1]);
    expect(pages).toBe(Math.ceil(expected.length / 20));
    const seen = [...urlsOf(card)];
    for (let page = 2; page <= pages; page++) {
      const answer = await clickPage(button(card, 'Next'));
      expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      card = answer.body.value;
      expect(cardText(card)).toContain(`Page ${page} of ${pages}, ${expected.length} in all`);
      seen.push(...urlsOf(card));
    }
    expect(seen).toEqual(expected);
    expect(executeActions(card).map((a) => a.title)).toEqual(['Previous']);
    for (let page = pages - 1; page >= 1; page--) {
      card = (await clickPage(button(card, 'Previous'))).body.value;
      expect(cardText(card)).toContain(`Page ${page} of ${pages}`);
    }
    expect(urlsOf(card)).toEqual(expected.slice(0, 20));
    expect(executeActions(card).map((a) => a.title)).toEqual(['Next']);
  });

  it('keeps only the id and page on the card', async () => {
    const card = cardOf((await h.say('list redirects'))[0]);
    expect(Object.keys(button(card, 'Next').data).sort()).toEqual(['page', 'snapshotId']);
  });

  it('answers an unknown (tampered) snapshot id with "run the command again"', async () => {
    const answer = invokeAnswer(await h.click('page', { snapshotId: '0b6f0c3e-8a4e-4b53-9f0e-0d1c2b3a4f5e', page: 1 }));
    expect(answer.body.statusCode).toBe(200);
    expect(cardText(answer.body.value)).toContain('This list is no longer kept\nLists are kept for an hour. Type the command again to get a fresh one.');
  });

  it('rejects card data that is not an id and a page number with an error answer', async () => {
    for (const data of [{ snapshotId: '../../etc/passwd', page: 1 }, { snapshotId: '0b6f0c3e-8a4e-4b53-9f0e-0d1c2b3a4f5e', page: -1 }, { page: 1 }, 'text']) {
      const answer = invokeAnswer(await h.click('page', data));
      expect(answer.body).toEqual({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'This card carries data I cannot use. Type the command again.' } });
    }
  });

  it('clamps a page number past the end to the last page', async () => {
    const card = cardOf((await h.say('list redirects'))[0]);
    const { snapshotId } = button(card, 'Next').data;
    const answer = invokeAnswer(await h.click('page', { snapshotId, page: 9999 }));
    expect(executeActions(answer.body.value).map((a) => a.title)).toEqual(['Previous']);
  });

  it('says the list expired once its hour is over', async () => {
    const card = cardOf((await h.say('list redirects'))[0]);
    h.clock.advance(SNAPSHOT_TTL_MS + 1);
    try {
      const answer = await clickPage(button(card, 'Next'));
      expect(cardText(answer.body.value)).toContain('This list is no longer kept');
    } finally {
      h.clock.advance(-(SNAPSHOT_TTL_MS + 1));
    }
  });

  it('answers a corrupted saved list with a reference id, and logs the detail under that id', async () => {
    const card = cardOf((await h.say('list redirects'))[0]);
    const next = button(card, 'Next');
    const file = join(h.env.dir, 'store', `snapshot%2F${String(next.data.snapshotId)}.json`);
    await writeFile(file, '{ not json', 'utf8');
    const text = cardText((await clickPage(next)).body.value);
    const reference = /Reference: ([0-9a-f-]{36})/.exec(text)?.[1];
    expect(text).toContain('Something went wrong on my side');
    expect(text).not.toContain('JSON');
    const logged = h.logText().split('\n').filter((l) => reference && l.includes(reference));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('SyntaxError');
  });

  it('re-checks the caller: a non-admin clicking Next is refused', async () => {
    const card = cardOf((await h.say('list redirects'))[0]);
    const answer = await clickPage(button(card, 'Next'), SANDBOX_PEOPLE.user);
    expect(cardText(answer.body.value)).toContain('Sorry, this is for migration admins');
    expect(urlsOf(answer.body.value)).toEqual([]);
  });

  it('answers an unknown verb with an error, not a crash', async () => {
    const answer = invokeAnswer(await h.click('launch', { planId: 'p-7k3m9q2x' }));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'This button is not something I know. Type help for what I can do.' } });
  });
});
