// Two instances share what they know through the store. The ledger (about 3 MB at 10,000 people) is
// downloaded only when per-person rows are wanted and another writer changed it; `status` reads its small
// summary. `refresh` while another instance reads the moves says so and answers with that read once it
// ends, not with what was known before. The other instance is composed as the bot composes its own.
import { afterEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { createKnowledge } from '../../bot/knowledgeSetup.js';
import { JobLeases } from '../../services/core/jobLease.js';
import type { Knowledge } from '../../services/knowledge/knowledge.js';
import { systemClock } from '../../services/ports.js';
import { inWords } from '../../services/stateWords.js';
import { FileStore } from '../../services/store/fileStore.js';
import { cardText } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';
import { RecordingStore } from '../helpers/recordingStore.js';

const LEDGER = 'knowledge/moves';
// A budget too large to bite, so the sandbox counts every move-state read.
const COUNTED = { requestsPerWindow: 1_000_000, windowMs: 10_000 };

let h: BotHarness | undefined;
let other: Knowledge | undefined;
afterEach(async () => { await other?.stop(); other = undefined; await h?.close(); h = undefined; });

const say = async (text: string) => cardText(cardOf((await h!.say(text))[0]));
const scenario = () => h!.env.sandbox.scenario!.users;
const moveReads = () => h!.env.sandbox.stats().graphBudget?.admitted ?? 0;
/** Another instance of the bot on the same store and tenants. */
const otherInstance = (maxReadsInFlight?: number) => createKnowledge({
  store: new FileStore(join(h!.env.dir, 'store')), tenants: h!.env.tenants, identityMap: h!.services.identityMap,
  clock: systemClock, logger: h!.services.logger, instanceHost: 'host-b', options: { maxReadsInFlight },
}).knowledge;

describe('the move ledger shared with another instance', () => {
  it('is downloaded again only after another instance changed it, and only for per-person rows', async () => {
    let store: RecordingStore | undefined;
    h = await startBotHarness({ tenants: { users: 60 }, store: (s) => (store = new RecordingStore(s)) });
    const [person, changed] = scenario().filter((u) => u.status === 'completed' && !u.sourceUpn.includes("'"));
    await say('status'); // fills the ledger
    let mark = store!.mark;
    await say('status');
    await say(`remove redirects source for ${person!.sourceUpn}`);
    await say('status');
    expect(store!.readsOf(LEDGER, mark)).toBe(0);

    other = otherInstance();
    await other.moveStateOf(changed!.sourceUpn);
    mark = store!.mark;
    expect(await say('status')).toContain(`${inWords('completed')}: `);
    expect(store!.readsOf(LEDGER, mark)).toBe(0);
    await say(`remove redirects source for ${person!.sourceUpn}`);
    await say(`remove redirects source for ${person!.sourceUpn}`);
    expect(store!.readsOf(LEDGER, mark)).toBe(1);
  });

  it('refresh during another instance\'s read says so, reads nothing itself and shows that read when it ends', async () => {
    h = await startBotHarness({
      tenants: { users: 60, faults: { graphLatencyMs: 40, graphMigrationBudget: COUNTED } },
      // The harness clock's sleeps take no time: a day of polls is the few seconds the other read takes.
      answerWithinMs: 200, knowledge: { waitMs: 86_400_000 },
    });
    const people = scenario();
    // What an old read said: everyone still moving.
    await h.path.knowledge.moves.remember(new Map(people.map((u) => [u.sourceUpn, { state: { sourceUpn: u.sourceUpn, status: 'inProgress' as const }, readAt: '2026-01-01T00:00:00.000Z' }])));
    other = otherInstance(2);
    const reading = other.moves.refresh('all');
    for (let r = await h.path.knowledge.moves.lastReading(); !r || r.endedAt; r = await h.path.knowledge.moves.lastReading()) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [readingCard] = await h.say('refresh');
    await h.path.slowAnswers.idle();
    expect(await reading).toBe(true);
    const cards = [cardText(cardOf(readingCard)), ...h.proactive.map((p) => cardText(cardOf(p.activity)))];
    expect(cards.some((t) => t.includes('Move states: another instance of the bot is already reading them'))).toBe(true);
    const answer = cards.at(-1)!;
    expect(answer).toContain('Post-migration status');
    expect(answer).toContain(`${inWords('completed')}: ${people.filter((u) => u.status === 'completed').length}`);
    expect(moveReads()).toBe(people.length);
  });

  it('refresh while another instance holds the read but has not begun it waits for that read, not the last one, and says so at its deadline', async () => {
    h = await startBotHarness({ tenants: { users: 30 }, answerWithinMs: 200, knowledge: { waitMs: 10_000, pollMs: 1_000 } });
    // An earlier read, ended: what refresh must not answer with as if it were read again now.
    await h.path.knowledge.moves.refresh('all');
    expect((await h.path.knowledge.moves.lastReading())?.endedAt).toBeDefined();
    // Another instance has taken the read's lease and not yet recorded that it reads.
    const held = await new JobLeases(new FileStore(join(h.env.dir, 'store')), systemClock, h.services.logger, 'host-b#1#reader').take('knowledge-moves');
    expect(held).not.toBeNull();
    try {
      const [first] = await h.say('refresh');
      await h.path.slowAnswers.idle();
      const cards = [cardText(cardOf(first)), ...h.proactive.map((p) => cardText(cardOf(p.activity)))];
      expect(cards.at(-1)).toContain('Still waiting for another instance of the bot to finish reading the move states');
      expect(cards.some((t) => t.includes('Post-migration status'))).toBe(false);
    } finally {
      await held!.release();
    }
  });
});
