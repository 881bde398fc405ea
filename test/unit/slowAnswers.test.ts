// SlowAnswers on its own, with a poster that records what Teams would show: which answer a turn gets in
// time, what the reading card says, where the late answer lands, and that progress never overwrites it.
// (test/http/slowAnswers.test.ts drives the same path through the whole bot over HTTP.)
import { describe, expect, it } from '@jest/globals';
import { SlowAnswers, type ReadingWork } from '../../bot/slowAnswers.js';
import type { Reply } from '../../bot/commands/command.js';
import type { CardPoster } from '../../bot/teamsMessenger.js';
import type { Card } from '../../cards/render.js';
import type { ConversationAddress } from '../../services/approvals/types.js';
import { cardText } from '../helpers/cards.js';
import { memoryLogger } from '../helpers/logs.js';
import { waitFor } from '../helpers/waitFor.js';

const where: ConversationAddress = { conversationId: 'chat-1', serviceUrl: 'https://smba.example/', activityId: 'reading-1' };
const { activityId: _reading, ...conversation } = where;

const card = (text: string): Card => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] });

type Shown = { how: 'replace' | 'post'; at: ConversationAddress; text: string };

/** A CardPoster that records every card it is given; `refuse` makes replacing fail, as a connector error would. */
function recordingPoster(o: { refuse?: boolean } = {}) {
  const shown: Shown[] = [];
  let posts = 0;
  const poster: CardPoster = {
    async post(at, c) { shown.push({ how: 'post', at, text: cardText(c) }); return `posted-${++posts}`; },
    async replace(at, c) {
      if (o.refuse) throw new Error('connector refused the edit');
      shown.push({ how: 'replace', at, text: cardText(c) });
      return at;
    },
  };
  return { poster, shown, texts: () => shown.map((s) => s.text) };
}

function slowAnswers(poster: CardPoster, o: { answerWithinMs?: number; editIntervalMs?: number } = {}) {
  const logs = memoryLogger('warn');
  const slow = new SlowAnswers({ poster, view: { sandbox: false }, logger: logs.logger, answerWithinMs: o.answerWithinMs ?? 30, editIntervalMs: o.editIntervalMs ?? 50 });
  return { slow, logs };
}

/** Work the test finishes by hand, handing it the progress callback it was given. */
function heldWork() {
  let progress: (text: string) => void = () => undefined;
  let finish!: (reply: Reply) => void;
  let fail!: (err: unknown) => void;
  const work: ReadingWork = (p) => { progress = p; return new Promise<Reply>((resolve, reject) => { finish = resolve; fail = reject; }); };
  return { work, progress: (text: string) => progress(text), finish: (r: Reply) => finish(r), fail: (e: unknown) => fail(e) };
}

const failedCard = (err: unknown) => card(`Could not answer: ${err instanceof Error ? err.message : String(err)}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SlowAnswers', () => {
  it('gives the turn the answer itself when the work ends in time, and shows nothing else', async () => {
    const { poster, shown } = recordingPoster();
    const { slow } = slowAnswers(poster, { answerWithinMs: 1_000 });
    const answer: Reply = { cards: [card('Status: 3 of 3 moved')] };
    await expect(slow.answer('status', async () => answer, failedCard)).resolves.toBe(answer);
    expect(shown).toEqual([]);
  });

  it('lets a failure that comes in time reach the turn, which answers it as any other error', async () => {
    const { poster } = recordingPoster();
    const { slow } = slowAnswers(poster, { answerWithinMs: 1_000 });
    await expect(slow.answer('status', async () => { throw new Error('tenant unreachable'); }, failedCard)).rejects.toThrow('tenant unreachable');
  });

  it('answers late with a reading card, then puts the answer in that very message and further cards after it in the same chat, telling the reply where each landed', async () => {
    const { poster, shown } = recordingPoster();
    const { slow, logs } = slowAnswers(poster);
    const held = heldWork();
    const landed: [ConversationAddress, number][] = [];
    const turn = await slow.answer('export moves', held.work, failedCard);
    expect(turn.cards).toHaveLength(1);
    expect(cardText(turn.cards[0])).toMatch(/^export moves: reading the tenants/);
    expect(cardText(turn.cards[0])).toContain('Reading…');
    turn.later!(where);
    held.finish({ cards: [card('Move states: your file is ready'), card('file consent')], posted: async (at, i) => { landed.push([at, i]); } });
    await slow.idle();
    expect(shown).toEqual([
      { how: 'replace', at: where, text: 'Move states: your file is ready' },
      { how: 'post', at: conversation, text: 'file consent' },
    ]);
    // The first card is where the reading card was (a plan card is edited there later); the next is new.
    expect(landed).toEqual([[where, 0], [{ ...conversation, activityId: 'posted-1' }, 1]]);
    expect(logs.lines()).toEqual([]);
  });

  it('edits what is being read into the reading card, paced, and never after the answer has replaced it', async () => {
    const { poster, shown, texts } = recordingPoster();
    const { slow } = slowAnswers(poster, { editIntervalMs: 400 });
    const held = heldWork();
    const turn = await slow.answer('status', held.work, failedCard);
    turn.later!(where);
    held.progress('Move states: 10 of 100 people read');
    await sleep(20);
    expect(texts().at(-1)).toContain('Move states: 10 of 100 people read');
    held.progress('Move states: 20 of 100 people read');
    held.progress('Move states: 30 of 100 people read\nRedirect sites on contoso: 2 pages, 200 sites listed');
    await sleep(20);
    expect(shown).toHaveLength(1); // within the interval: the latest waits
    await waitFor('the second edit', () => shown.length === 2, 10_000, 5);
    expect(texts()[1]).toContain('Move states: 30 of 100 people read\nRedirect sites on contoso: 2 pages, 200 sites listed');
    expect(texts()[1]).not.toContain('20 of 100');
    // Within the interval again: this edit waits, and the answer takes its place.
    held.progress('Move states: 90 of 100 people read');
    held.finish({ cards: [card('Status: 100 of 100 moved')] });
    held.progress('Move states: 100 of 100 people read');
    await slow.idle();
    // A part of the work still ticking after the answer (a read that outlived a failed sibling) edits nothing.
    held.progress('Move states: 100 of 100 people read, late');
    await sleep(450);
    // The answer took the place of the progress edit still waiting, and nothing came after it.
    expect(texts().at(-1)).toBe('Status: 100 of 100 moved');
    expect(texts().filter((t) => t.includes('people read'))).toHaveLength(2);
    expect(shown.every((s) => s.how === 'replace' && s.at === where)).toBe(true);
  });

  it('says on the reading card how long it has been reading', async () => {
    const { poster, texts } = recordingPoster();
    const { slow } = slowAnswers(poster, { answerWithinMs: 10 });
    const held = heldWork();
    const seconds = (text: string | undefined) => Number(/Still reading after (\d+) s/.exec(text ?? '')?.[1]);
    // Upper bounds are the time that really passed, rounded up: a busy machine makes it longer, never shorter.
    const began = Date.now();
    const upTo = () => Math.max(1, Math.ceil((Date.now() - began) / 1000));
    const turn = await slow.answer('status', held.work, failedCard);
    expect(seconds(cardText(turn.cards[0]))).toBeLessThanOrEqual(upTo());
    turn.later!(where);
    await sleep(1_600);
    held.progress('Move states: 1 of 2 people read');
    await waitFor('the first edit', () => texts().length === 1, 10_000, 5);
    // 1.6 s and more on a busy machine, rounded: never less than 2 s, never more than has passed.
    expect(seconds(texts()[0])).toBeGreaterThanOrEqual(2);
    expect(seconds(texts()[0])).toBeLessThanOrEqual(upTo());
    held.finish({ cards: [card('done')] });
    await slow.idle();
  });

  it('puts the failure card in place of the reading card when the work fails late', async () => {
    const { poster, shown } = recordingPoster();
    const { slow } = slowAnswers(poster);
    const held = heldWork();
    const turn = await slow.answer('status', held.work, failedCard);
    turn.later!(where);
    held.fail(new Error('the source tenant did not answer'));
    await slow.idle();
    expect(shown).toEqual([{ how: 'replace', at: where, text: 'Could not answer: the source tenant did not answer' }]);
  });

  it('logs a progress edit and an answer the connector refuses, once each, and leaves nothing running or unhandled', async () => {
    const { poster } = recordingPoster({ refuse: true });
    const { slow, logs } = slowAnswers(poster);
    const held = heldWork();
    const turn = await slow.answer('status', held.work, failedCard);
    turn.later!(where);
    held.progress('Move states: 1 of 2 people read');
    await sleep(20);
    held.finish({ cards: [card('Status')] });
    await slow.idle();
    expect(logs.lines().map((l) => [l.msg, l.err])).toEqual([
      ['reading card not edited this time', 'connector refused the edit'],
      ['slow answer could not be shown', 'connector refused the edit'],
    ]);
    expect(logs.lines()[1]).toMatchObject({ command: 'status' });
  });

  it('waits in idle() for every answer still being read', async () => {
    const { poster, texts } = recordingPoster();
    const { slow } = slowAnswers(poster);
    const first = heldWork();
    const second = heldWork();
    const a = await slow.answer('status', first.work, failedCard);
    const b = await slow.answer('moved back', second.work, failedCard);
    a.later!(where);
    b.later!({ ...where, activityId: 'reading-2' });
    let idle = false;
    const waiting = slow.idle().then(() => { idle = true; });
    first.finish({ cards: [card('one')] });
    await sleep(20);
    expect(idle).toBe(false);
    second.finish({ cards: [card('two')] });
    await waiting;
    expect(texts().sort()).toEqual(['one', 'two']);
  });

  it('paces each reading card on its own: two answers in one chat both arrive, whatever the other card is doing', async () => {
    const { poster, shown } = recordingPoster();
    const { slow } = slowAnswers(poster, { editIntervalMs: 300 });
    const first = heldWork();
    const second = heldWork();
    const a = await slow.answer('status', first.work, failedCard);
    const b = await slow.answer('moved back', second.work, failedCard);
    const other = { ...where, activityId: 'reading-2' };
    a.later!(where);
    b.later!(other);
    first.progress('Move states: 1 of 2 people read'); // the first card was just edited: its next edit waits
    await sleep(20);
    second.finish({ cards: [card('Moved back: nobody')] });
    await sleep(20);
    first.finish({ cards: [card('Status: 2 of 2 moved')] });
    await slow.idle();
    expect(shown.filter((s) => !s.text.includes('reading the tenants'))).toEqual([
      { how: 'replace', at: other, text: 'Moved back: nobody' },
      { how: 'replace', at: where, text: 'Status: 2 of 2 moved' },
    ]);
  });
});
