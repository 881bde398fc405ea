// Every command reads move states through what the bot knows (services/knowledge), and what it reads lands
// there: a plan for one person reads that person, not everyone; `move status` moves `status` and the
// ledger `export moves` writes with it; a wait for another instance's read ends in an answer that says
// what it waited for. Driven through the bot against the simulated tenants, reads counted by the sandbox.
import { afterEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { JobLeases } from '../../services/core/jobLease.js';
import { FileStore } from '../../services/store/fileStore.js';
import { inWords } from '../../services/stateWords.js';
import { cardText } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness, type HarnessOptions } from '../helpers/botHarness.js';

// A budget too large to bite, so the sandbox counts every move-state read.
const COUNTED: HarnessOptions['tenants'] = { users: 120, faults: { graphMigrationBudget: { requestsPerWindow: 1_000_000, windowMs: 10_000 } } };

let h: BotHarness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

const moveReads = () => h!.env.sandbox.stats().graphBudget?.admitted ?? 0;
const say = async (text: string) => cardText(cardOf((await h!.say(text))[0]));
const scenario = () => h!.env.sandbox.scenario!.users;

describe('reading move states through what the bot knows', () => {
  it('plans removing one person\'s redirect on a fresh start by reading that person only, and keeps the read', async () => {
    h = await startBotHarness({ tenants: COUNTED });
    const person = scenario().find((u) => u.status === 'completed' && !u.sourceUpn.includes("'"))!;
    const before = moveReads();
    const text = await say(`remove redirects source for ${person.sourceUpn}`);
    expect(text).toContain(person.sourceSiteUrl);
    expect(moveReads() - before).toBe(1);
    // The read landed in the ledger: the same plan again reads nobody.
    expect((await h.path.knowledge.moves.view()).entries.get(person.sourceUpn.toLowerCase())?.state?.status).toBe('completed');
    await say(`remove redirects source for ${person.sourceUpn}`);
    expect(moveReads() - before).toBe(1);
  });

  it('move status puts what it read into the ledger, so status and export moves say the same', async () => {
    h = await startBotHarness({ tenants: COUNTED });
    const completed = scenario().filter((u) => u.status === 'completed');
    const person = completed.find((u) => !u.sourceUpn.includes("'"))!;
    expect(await say('status')).toContain(`${inWords('completed')}: ${completed.length}`);
    // What the ledger held before the person's move finished.
    const { state } = (await h.path.knowledge.moves.view()).entries.get(person.sourceUpn.toLowerCase())!;
    h.clock.advance(1000);
    await h.path.knowledge.moves.remember(new Map([[person.sourceUpn, { state: { ...state!, status: 'inProgress' }, readAt: h.clock.now().toISOString() }]]));
    expect(await say('status')).toContain(`${inWords('completed')}: ${completed.length - 1}`);
    h.clock.advance(1000);

    expect(await say(`move status ${person.targetUpn}`)).toContain('Status: completed');
    expect(await say('status')).toContain(`${inWords('completed')}: ${completed.length}`);
    const entry = (await h.path.knowledge.moves.view()).entries.get(person.sourceUpn.toLowerCase())!;
    expect(entry).toMatchObject({ state: { status: 'completed' }, readAt: h.clock.now().toISOString() });
  });

  it('migrate back reads the original move through the ledger and keeps it there', async () => {
    h = await startBotHarness({ tenants: COUNTED });
    const person = scenario().find((u) => u.status === 'completed' && !u.sourceUpn.includes("'"))!;
    const text = await say(`migrate back ${person.targetUpn} to ${person.sourceUpn}`);
    expect(text).toContain('The last move is completed');
    expect((await h.path.knowledge.moves.view()).entries.get(person.sourceUpn.toLowerCase())?.state?.status).toBe('completed');
    // Their original move, the current tenant's and the service's dry run: nobody else's.
    expect(moveReads()).toBe(3);
  });

  describe('while another instance holds the read lease and never finishes', () => {
    let other: { release(): Promise<void> } | null = null;
    afterEach(async () => { await other?.release(); other = null; });
    // The other instance's clock runs a day ahead: the harness clock, which moves at each wait, never sees its lease run out.
    const holdLease = async (name: string) => {
      const leases = new JobLeases(new FileStore(join(h!.env.dir, 'store')), { now: () => new Date(Date.now() + 86_400_000), sleep: async () => undefined }, h!.services.logger, 'host-b#1#other');
      other = await leases.take(name);
      expect(other).not.toBeNull();
    };

    it('status answers past its deadline with the move states it is waiting for', async () => {
      h = await startBotHarness({ tenants: COUNTED, knowledge: { waitMs: 5_000 } });
      await holdLease('knowledge-moves');
      const text = await say('status');
      expect(text).toContain(`Still waiting for another instance of the bot to read the move states (Move states: 0 of ${scenario().length} people read)`);
      expect(moveReads()).toBe(0);
    });

    it('status says on its reading card whose read it waits for, and answers once that read ends', async () => {
      h = await startBotHarness({ tenants: COUNTED, answerWithinMs: 200, knowledge: { waitMs: 86_400_000 } });
      await holdLease('knowledge-moves');
      const [reading] = await h.say('status');
      // On the reading card, or on an edit of it (a loaded machine may answer the turn before the first look).
      const line = `Move states: 0 of ${scenario().length} people read by another instance of the bot`;
      const shown = () => [reading!, ...h!.proactive.map((p) => p.activity)].some((a) => cardText(cardOf(a)).includes(line));
      for (let i = 0; i < 200 && !shown(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(shown()).toBe(true);
      await other!.release();
      other = null;
      await h.path.slowAnswers.idle();
      expect(cardText(cardOf(h.proactive.at(-1)!.activity))).toContain(`Moves (${scenario().length} people in the identity map)`);
    });

    it('list redirects answers past its deadline with the listing it is waiting for', async () => {
      h = await startBotHarness({ knowledge: { waitMs: 5_000 } });
      await holdLease('knowledge-redirects-source');
      expect(await say('list redirects source')).toContain('Still waiting for another instance of the bot to list the redirect sites on the source tenant');
    });
  });
});
