// The audit views: the headline view folds each plan's items into a count so requests, decisions and
// refusals stay in sight; a plan id lists that plan's items; "refusals" lists refusals only.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardOf, invokeAnswer, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
const PLAN = 'p-7k3m9q2x';
const ITEMS = 45;
const LONG_PLAN = 'p-4n8r2w6z';
const LONG_URL = `https://contoso-my.sharepoint.com/personal/${'someone_with_a_very_long_name_'.repeat(4)}contoso_com`;
const LONG_REASON = 'Cannot remove site because it is under a retention hold set by the compliance team (policy "Keep everything seven years"); '
  + 'release the hold in the Microsoft Purview portal, then ask again. The redirect was left in place and nothing else changed.';
const admin = { id: SANDBOX_PEOPLE.admin.aadObjectId, name: SANDBOX_PEOPLE.admin.name };
const approver = { id: SANDBOX_PEOPLE.approver.aadObjectId };

beforeAll(async () => {
  h = await startBotHarness();
  // One removal as the approval path and the job runner write it: request, approval, start, one entry
  // per item, finish. The approver's entries carry only the id (names come from the people directory).
  const audit = h.services.audit;
  await audit.append({ event: 'plan.requested', actor: admin, planId: PLAN, detail: { kind: 'remove-redirects' } });
  await audit.append({ event: 'plan.approved', actor: approver, planId: PLAN });
  await audit.append({ event: 'plan.started', planId: PLAN });
  for (let i = 0; i < ITEMS; i++) {
    const failed = i % 15 === 14;
    await audit.append({ event: failed ? 'item.failed' : 'item.done', planId: PLAN, detail: { key: `site-${i}`, label: `Remove https://contoso-my.sharepoint.com/personal/user_${i}`, reason: failed ? 'The site is on hold.' : undefined } });
  }
  await audit.append({ event: 'plan.finished', planId: PLAN, detail: { outcome: 'partly-failed' } });
  // An item whose key and label alone fill the card's detail budget, with a reason of its own length.
  await audit.append({ event: 'item.failed', planId: LONG_PLAN, detail: { key: LONG_URL, label: `Remove ${LONG_URL}`, reason: LONG_REASON } });
  // A real refusal: someone who is neither admin nor approver.
  await h.say('remove trust', SANDBOX_PEOPLE.user);
});
afterAll(() => h.close());

const ask = async (text: string) => cardOf((await h.say(text))[0]);

describe('audit', () => {
  it('shows requests, decisions, refusals, starts and finishes, with the plan\'s items as one count', async () => {
    const text = cardText(await ask('audit'));
    for (const line of ['plan requested', 'plan approved', 'plan started', 'plan finished', 'refused: not admin']) expect(text).toContain(line);
    expect(text).toContain(`${ITEMS} item(s) of the plan: 42 done, 3 failed`);
    expect(text).not.toContain('item done');
    expect(text).toContain(SANDBOX_PEOPLE.approver.name);
    expect(text).not.toContain(SANDBOX_PEOPLE.approver.aadObjectId);
  });

  it('lists one plan\'s items with its own entries, paged', async () => {
    const card = await ask(`audit ${PLAN}`);
    const text = cardText(card);
    expect(text).toContain(`Audit log of plan ${PLAN}, newest first`);
    expect(text).toContain(`Page 1 of 3, ${ITEMS + 4} in all`);
    expect(text).toContain('item failed');
    expect(text).toContain('reason: The site is on hold.');
    const next = executeActions(card).find((a) => a.title === 'Next')!;
    const last = invokeAnswer(await h.click(next.verb, { ...next.data, page: 2 }));
    expect(cardText(last.body.value)).toContain('plan requested');
  });

  it('keeps an item\'s whole reason on the card, however long its key and label', async () => {
    const text = cardText(await ask(`audit ${LONG_PLAN}`));
    expect(LONG_REASON.length + LONG_URL.length * 2).toBeGreaterThan(400);
    expect(text).toContain(`reason: ${LONG_REASON}`);
  });

  it('lists refusals alone', async () => {
    const text = cardText(await ask('audit refusals'));
    expect(text).toContain('Refusals: the latest 1, newest first');
    expect(text).toContain('refused: not admin');
    expect(text).not.toContain('plan requested');
  });

  it('says what to type for something it cannot read', async () => {
    expect(cardText(await ask('audit yesterday'))).toContain('Give a number of entries from 1 to 200, a plan id, or "refusals".');
  });
});
