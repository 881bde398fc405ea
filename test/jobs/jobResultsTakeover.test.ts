// A job's results record when a stalled instance, still alive, wakes up after another instance took its job
// over: its writes are refused and it stops, and the new holder's results are never overwritten. Run on
// both stores, since several instances share the blob store and the file store must obey the same rules.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../../services/approvals/types.js';
import { JobLeases } from '../../services/core/jobLease.js';
import { JobStore } from '../../services/jobs/jobStore.js';
import type { KeyValueStore } from '../../services/ports.js';
import { BlobStore } from '../../services/store/blobStore.js';
import { openContainer } from '../../services/store/blobContainer.js';
import { FileStore } from '../../services/store/fileStore.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { ManualClock } from '../helpers/clock.js';
import { memoryLogger } from '../helpers/logs.js';

let azurite: Azurite;
let dir: string;
let containers = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  dir = await mkdtemp(join(tmpdir(), 'pmb-results-'));
}, 30_000);
afterAll(async () => {
  await azurite?.close();
  await rm(dir, { recursive: true, force: true });
});

const plan = { id: 'plan-takeover', requestedAt: '2026-11-02T09:00:00.000Z', items: ['a', 'b', 'c'].map((key) => ({ key })) } as unknown as Plan;
const LEASE_MS = 30_000;

const stores: [string, () => Promise<KeyValueStore>][] = [
  ['the file store', async () => new FileStore(join(dir, `store-${++containers}`))],
  ['the blob store', async () => new BlobStore(await openContainer({ connectionString: azurite.connectionString }, `results-${++containers}`))],
];

/** An instance holding the job with its results open, and the instance that will take the job over. */
async function stalledInstance(makeStore: () => Promise<KeyValueStore>) {
  const store = await makeStore();
  const clock = new ManualClock();
  const { logger } = memoryLogger('warn');
  const stalled = new JobLeases(store, clock, logger, 'host#1#stalled', LEASE_MS);
  const taker = new JobLeases(store, clock, logger, 'host#2#taker', LEASE_MS);
  const first = (await stalled.take(plan.id))!;
  const old = await new JobStore(store).open(plan, () => stalled.holds(plan.id));
  return { store, clock, taker, first, old };
}

describe.each(stores)('job results on %s', (_name, makeStore) => {
  it('a stalled instance that lost the job writes nothing over the results of the instance that took it', async () => {
    const { store, clock, taker, first, old } = await stalledInstance(makeStore);
    old.set('a', { state: 'done' });
    await old.saved();

    // The stalled instance's lease runs out; the other takes the job and records its own progress.
    clock.advance(LEASE_MS + 1);
    const second = (await taker.take(plan.id))!;
    expect(second).not.toBeNull();
    const current = await new JobStore(store).open(plan, () => taker.holds(plan.id));
    current.set('b', { state: 'done' });
    await current.saved();

    // The stalled instance wakes and writes what it believes: refused, and it knows it lost the job.
    old.set('c', { state: 'failed', reason: 'stale view' });
    await old.saved();
    expect(old.lost).toBe(true);
    const stored = await new JobStore(store).results(plan);
    expect(stored.map((r) => r.state)).toEqual(['done', 'done', 'pending']);
    expect(current.lost).toBe(false);
    // Items it had in flight still finish after that: their results are dropped and saved() returns at once.
    old.set('a', { state: 'failed', reason: 'stale view' });
    await old.saved();
    expect((await new JobStore(store).results(plan)).map((r) => r.state)).toEqual(['done', 'done', 'pending']);
    await Promise.all([first.release(), second.release()]);
  }, 30_000);

  it('the holder writes over a stale write that slipped in between its opening the record and its first write', async () => {
    const { store, clock, taker, first, old } = await stalledInstance(makeStore);
    clock.advance(LEASE_MS + 1);
    const second = (await taker.take(plan.id))!;
    const current = await new JobStore(store).open(plan, () => taker.holds(plan.id));
    // The stale instance's first write lands before the holder's: the holder is refused once, finds it
    // still holds the lease, and writes its view; the stale one's next write is refused for good.
    old.set('a', { state: 'done' });
    await old.saved();
    current.set('b', { state: 'done' });
    await current.saved();
    expect(current.lost).toBe(false);
    old.set('c', { state: 'done' });
    await old.saved();
    expect(old.lost).toBe(true);
    expect((await new JobStore(store).results(plan)).map((r) => r.state)).toEqual(['pending', 'done', 'pending']);
    await Promise.all([first.release(), second.release()]);
  }, 30_000);
});
