// Two bot processes on one Azurite container and one sandbox share what they know of the tenants: the
// move-state ledger and the redirect snapshots live in the store, one instance reads at a time (a lease),
// so both starting at once read each person once, and either answers status from what the other read.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSharedStorageRig, type SharedStorageRig } from '../helpers/botProcess.js';
import { waitFor } from '../helpers/waitFor.js';
import { cardText } from '../helpers/cards.js';
import { answerTo, cardIn } from '../helpers/approvalBot.js';

const PEOPLE = 1_500;
let rig: SharedStorageRig;
// A budget too large to bite, so the sandbox counts every move-state read.
const reads = () => rig.sandbox.stats().graphBudget?.admitted ?? 0;

beforeAll(async () => {
  rig = await startSharedStorageRig('shared-ledger', {
    users: PEOPLE, seed: 5, faults: { graphLatencyMs: 20, graphMigrationBudget: { requestsPerWindow: 1_000_000, windowMs: 10_000 } },
  });
}, 120_000);
afterAll(async () => { await rig?.close(); }, 60_000);

const ledgerSize = async () => {
  const item = (await rig.store.read(['knowledge/moves']))['knowledge/moves'];
  return Object.keys((item?.ledger as { entries?: object } | undefined)?.entries ?? {}).length;
};

describe('the move ledger shared by two instances', () => {
  it('is filled once by the two instances starting together, and each answers status from it', async () => {
    await waitFor('the ledger to hold everyone', async () => (await ledgerSize()) >= PEOPLE, 90_000, 500);
    const snapshots = await rig.store.read(['knowledge/redirects-source', 'knowledge/redirects-target']);
    expect(Object.keys(snapshots).sort()).toEqual(['knowledge/redirects-source', 'knowledge/redirects-target']);
    // Both started their first read at once; the lease let one of them read, the other waited for it.
    expect(reads()).toBeGreaterThanOrEqual(PEOPLE);
    expect(reads()).toBeLessThanOrEqual(PEOPLE + 50);
    const before = reads();
    for (const bot of rig.bots) {
      const [reply] = await rig.client(bot).say('status');
      const answer = cardText(cardIn(await answerTo(rig.connector, reply!, 30_000)));
      expect(answer).toContain('Post-migration status');
      expect(answer).toContain(`Moves (${PEOPLE} people in the identity map)`);
      expect(answer).not.toContain('could not be read');
    }
    // Only the background re-reads of moves that can still change, if a minute passed; never everyone again.
    const changeable = rig.sandbox.scenario!.users.filter((u) => !['completed', 'failed', 'cancelled'].includes(u.status)).length;
    expect(reads() - before).toBeLessThanOrEqual(2 * changeable);
  }, 150_000);
});
