// Time on cards: answers and plans carry the instants of the reads they rest on, cards show them with
// DATE()/TIME() and an age worked out when the card is rendered. "As of" is the oldest read an answer
// rests on. The real bot against the simulated tenants, with a clock the test moves.
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { FILE_CONSENT_CARD } from '../../cards/exports.js';
import { planIntact } from '../../services/approvals/plan.js';
import { cardText, cardTexts, executeActions } from '../helpers/cards.js';
import { cardOf, invokeAnswer, startBotHarness, type BotHarness } from '../helpers/botHarness.js';
import { instantProblems } from '../helpers/readableCards.js';
import { cardIn, startApprovalBot } from '../helpers/approvalBot.js';
import { ManualClock } from '../helpers/clock.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: BotHarness;
// A fresh bot each time: what it knows (listings, ledger) is read at the instants each test sets.
beforeEach(async () => { await h?.close(); h = await startBotHarness({ sandbox: false }); });
afterAll(() => h.close());

/** How a card writes an instant read and its age: DATE()/TIME() to the second in UTC, then the age. */
function shown(at: Date, age: string): string {
  const t = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${t}, SHORT)}} {{TIME(${t})}} (${age})`;
}

function line(card: unknown, start: string): string {
  const found = cardTexts(card).find((t) => t.startsWith(start));
  if (!found) throw new Error(`no line starting "${start}" in:\n${cardText(card)}`);
  return found;
}

describe('a plan card', () => {
  it('says "as of" the older of its listing and move reads, with the age when shown; a day later the age changes, the hash and stored findings do not', async () => {
    const listedAt = h.clock.now();
    await h.say('list redirects'); // the source's redirect sites are listed now
    h.clock.advance(10 * MINUTE);
    const movesReadAt = h.clock.now();
    const card = cardOf((await h.say('remove redirects'))[0]); // move states are read now, the listing is kept
    const approve = executeActions(card).find((a) => a.verb === 'approve')!;
    const planId = String(approve.data.planId);
    const before = (await h.services.approvals.get(planId))!.plan;
    // The listing is the older read (the moves were read 10 min after it, for this plan).
    expect(before.asOf).toBe(listedAt.toISOString());
    expect(before.asOf).not.toBe(movesReadAt.toISOString());
    expect(line(card, 'As of:')).toBe(`As of: ${shown(listedAt, '10 min ago')}, the oldest read it rests on`);
    // What the approver reads and the hash covers holds no age, which would be stale by the time they read it.
    expect([before.title, before.summary, ...before.findings.map((f) => f.text)].join('\n')).not.toMatch(/ ago\b|just now/);
    expect(instantProblems(card)).toEqual([]);

    // The approver opens the card nearly a day later (it expires after 24 h): Teams asks for their view.
    h.clock.advance(23 * HOUR);
    const later = invokeAnswer(await h.click('refresh', { planId, hash: approve.data.hash }, SANDBOX_PEOPLE.approver)).body.value;
    expect(line(later, 'As of:')).toBe(`As of: ${shown(listedAt, '23 h ago')}, the oldest read it rests on`);
    expect(executeActions(later).find((a) => a.verb === 'approve')?.data.hash).toBe(before.hash);
    const after = (await h.services.approvals.get(planId))!.plan;
    expect(after.findings).toEqual(before.findings);
    expect(after.hash).toBe(before.hash);
    expect(planIntact(after)).toBe(true);
  });
});

describe('a notify plan', () => {
  it('is as of the move states it rests on, with their age when shown', async () => {
    // The whole bot over HTTP, as the guidance campaign needs it (the Teams app and connector of the sandbox).
    const clock = new ManualClock(new Date());
    const a = await startApprovalBot({}, { clock, knowledge: { moveRefreshMs: HOUR, redirectRefreshMs: HOUR } });
    try {
      const readAt = clock.now();
      await a.say('status'); // everyone's move state is read now
      clock.advance(20 * MINUTE);
      const card = cardIn((await a.say('notify users all'))[0]);
      expect(line(card, 'As of:')).toBe(`As of: ${shown(readAt, '20 min ago')}, the oldest read it rests on`);
    } finally {
      await a.close();
    }
  });
});

describe('a list card', () => {
  it('works the age of the listing out again for each page asked for later', async () => {
    const listedAt = h.clock.now();
    const card = cardOf((await h.say('list redirects'))[0]);
    expect(line(card, 'As of')).toBe(`As of ${shown(listedAt, 'just now')}; a removal re-checks each site first. Type refresh to list again now.`);
    h.clock.advance(50 * MINUTE);
    const next = executeActions(card).find((a) => a.title === 'Next')!;
    const page2 = invokeAnswer(await h.click('page', next.data)).body.value;
    expect(line(page2, 'As of')).toBe(`As of ${shown(listedAt, '50 min ago')}; a removal re-checks each site first. Type refresh to list again now.`);
  });
});

describe('status', () => {
  it('says "as of" the oldest move read, names the latest beside it, and each listing with its age', async () => {
    const firstReadAt = h.clock.now();
    await h.say('status'); // everyone's move and both listings are read now
    h.clock.advance(HOUR);
    const secondReadAt = h.clock.now();
    // The background cycle: moves that can still change are read again, finished ones are kept.
    await h.services.knowledge.moves.refresh('changeable');
    h.clock.advance(2 * HOUR);
    const card = cardOf((await h.say('status'))[0]);
    expect(line(card, 'As of')).toBe(`As of ${shown(firstReadAt, '3 h ago')}, the oldest read counted (the latest: ${shown(secondReadAt, '2 h ago')}); type refresh to read again now.`);
    expect(cardTexts(card)).toContainEqual(expect.stringMatching(new RegExp(`^contoso \\(source\\): \\d+, as of ${escape(shown(firstReadAt, '3 h ago'))}$`)));
    expect(instantProblems(card)).toEqual([]);
  });
});

describe('an export', () => {
  it('says "as of" the oldest read in the file, on its card with the age and on the consent card in UTC', async () => {
    const firstReadAt = h.clock.now();
    await h.say('status');
    h.clock.advance(HOUR);
    await h.services.knowledge.moves.refresh('changeable');
    h.clock.advance(HOUR);
    const replies = await h.say('export moves');
    expect(line(cardOf(replies[0]), 'As of')).toBe(`As of ${shown(firstReadAt, '2 h ago')}, the oldest read in the file`);
    const consent = [...replies, ...h.proactive.map((p) => p.activity)].flatMap((a) => a.attachments ?? []).find((a) => a.contentType === FILE_CONSENT_CARD);
    expect((consent?.content as { description: string }).description).toContain(`as of ${firstReadAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (the oldest read`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
