import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanStore } from '../../services/approvals/planStore.js';
import type { PlanRecord } from '../../services/approvals/types.js';
import { FileStore } from '../../services/store/fileStore.js';
import { ManualClock } from '../helpers/clock.js';
import { alice, chat, redirectPlan } from './helpers.js';

let dir: string;
let store: FileStore;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'pmb-plans-')); store = new FileStore(dir); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const pending = (): PlanRecord => ({ plan: redirectPlan(alice, new ManualClock()), state: 'pending', card: chat, progress: { total: 1, done: 0, failed: 0, skipped: 0 } });

describe('plan store', () => {
  it('lets exactly one of two writers holding the same eTag win a transition', async () => {
    const plans = new PlanStore(store);
    const record = pending();
    await plans.create(record);
    const stored = (await plans.read(record.plan.id))!;
    const [a, b] = await Promise.all([plans.transition(stored, 'approved'), plans.transition(stored, 'rejected')]);
    const won = [a, b].filter((r) => r !== null);
    expect(won).toHaveLength(1);
    // The store holds the winner's decision, not the loser's.
    expect((await plans.read(record.plan.id))!.record.state).toBe(won[0]!.state);
  });

  it('refuses a transition the lifecycle does not allow without writing', async () => {
    const plans = new PlanStore(store);
    const record = pending();
    await plans.create(record);
    const stored = (await plans.read(record.plan.id))!;
    expect(await plans.transition(stored, 'done')).toBeNull();
    expect((await plans.read(record.plan.id))!.eTag).toBe(stored.eTag);
  });

  it('keeps the open index whole when two store objects add and remove plans concurrently', async () => {
    const [one, two] = [new PlanStore(store), new PlanStore(store)];
    const records = Array.from({ length: 30 }, pending);
    await Promise.all(records.map((r, i) => (i % 2 ? one : two).create(r)));
    expect((await one.openIds()).sort()).toEqual(records.map((r) => r.plan.id).sort());
    await Promise.all(records.slice(0, 10).map(async (r, i) => {
      const plans = i % 2 ? one : two;
      await plans.transition((await plans.read(r.plan.id))!, 'cancelled');
    }));
    expect((await two.openRecords()).map((s) => s.record.plan.id).sort()).toEqual(records.slice(10).map((r) => r.plan.id).sort());
  });
});
