// A job's per-item results on the file store: what a run that has not started reads as, how 2,000 changes
// become few writes without losing the last one, and that a run whose fence lapsed writes nothing more.
// (test/jobs/jobResultsTakeover.test.ts covers two instances writing the same record.)
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../../../services/approvals/types.js';
import { jobKey, JobStore } from '../../../services/jobs/jobStore.js';
import { FileStore } from '../../../services/store/fileStore.js';
import { RecordingStore } from '../../helpers/recordingStore.js';

const REQUESTED_AT = '2026-11-02T09:00:00.000Z';
const planOf = (n: number) => ({ id: 'p-results1', requestedAt: REQUESTED_AT, items: Array.from({ length: n }, (_, i) => ({ key: `site-${i}` })) } as unknown as Plan);

let dir: string;
let store: RecordingStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmb-job-results-'));
  store = new RecordingStore(new FileStore(dir));
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('JobStore', () => {
  it('reads a run that has not started as every item pending, in plan order', async () => {
    const plan = planOf(2);
    expect(await new JobStore(store).results(plan)).toEqual([
      { key: 'site-0', state: 'pending', attempts: 0, updatedAt: REQUESTED_AT },
      { key: 'site-1', state: 'pending', attempts: 0, updatedAt: REQUESTED_AT },
    ]);
  });

  it('stores every change with far fewer writes than changes, the last one included', async () => {
    const plan = planOf(200);
    const results = await new JobStore(store).open(plan);
    for (const item of plan.items) {
      results.set(item.key, { state: 'running', attempts: 1 });
      results.set(item.key, { state: 'done', reason: 'Removed.' });
    }
    await results.saved();
    const stored = await new JobStore(store).results(plan);
    expect(stored.every((r) => r.state === 'done' && r.reason === 'Removed.' && r.attempts === 1)).toBe(true);
    expect(store.writesOf(jobKey(plan.id))).toBeLessThanOrEqual(3);
    expect(results.count('done')).toBe(200);
    expect(results.count('failed')).toBe(0);
  });

  it('keeps results it hands out apart from what it stores', async () => {
    const plan = planOf(1);
    const results = await new JobStore(store).open(plan);
    results.set('site-0', { state: 'done' });
    results.all()[0]!.state = 'failed';
    await results.saved();
    expect((await new JobStore(store).results(plan))[0]!.state).toBe('done');
  });

  it('carries on from what is stored when a run opens the record again', async () => {
    const plan = planOf(2);
    const first = await new JobStore(store).open(plan);
    first.set('site-0', { state: 'done' });
    await first.saved();
    const again = await new JobStore(store).open(plan);
    expect(again.get('site-0').state).toBe('done');
    again.set('site-1', { state: 'failed', reason: 'Held by a retention policy.' });
    await again.saved();
    expect(again.lost).toBe(false);
    expect((await new JobStore(store).results(plan)).map((r) => r.state)).toEqual(['done', 'failed']);
  });

  it('writes nothing once the run\'s fence has lapsed, and saved() still returns', async () => {
    const plan = planOf(2);
    const fence = { valid: true };
    const results = await new JobStore(store).open(plan, async () => true, fence);
    results.set('site-0', { state: 'done' });
    await results.saved();
    fence.valid = false;
    results.set('site-1', { state: 'done' });
    await results.saved();
    expect((await new JobStore(store).results(plan)).map((r) => r.state)).toEqual(['done', 'pending']);
  });

  it('keeps each plan\'s results apart', async () => {
    const one = planOf(1);
    const other = { ...planOf(1), id: 'p-results2' } as Plan;
    const results = await new JobStore(store).open(one);
    results.set('site-0', { state: 'done' });
    await results.saved();
    expect((await new JobStore(store).results(other))[0]!.state).toBe('pending');
  });

  it('does not write over a record written since it opened one nobody had written, unless it still holds the job', async () => {
    const plan = planOf(2);
    const stale = await new JobStore(store).open(plan, async () => false);
    const holder = await new JobStore(store).open(plan, async () => true);
    holder.set('site-0', { state: 'done' });
    await holder.saved();
    stale.set('site-1', { state: 'failed', reason: 'stale view' });
    await stale.saved();
    expect(stale.lost).toBe(true);
    // A run left to itself (one instance, no lease to ask) writes its view over the other's.
    const alone = await new JobStore(store).open(planOf(2));
    const second = await new JobStore(store).open(planOf(2));
    alone.set('site-1', { state: 'done' });
    await alone.saved();
    second.set('site-0', { state: 'done' });
    await second.saved();
    expect(second.lost).toBe(false);
    expect((await new JobStore(store).results(plan)).map((r) => r.state)).toEqual(['done', 'pending']);
  });

  it('lets a store outage reach whoever waits for the results, rather than trying for ever', async () => {
    const plan = planOf(1);
    const results = await new JobStore(store).open(plan);
    store.refuse = () => new Error('storage account unreachable');
    results.set('site-0', { state: 'done' });
    await expect(results.saved()).rejects.toThrow('storage account unreachable');
    expect(store.writesOf(jobKey(plan.id))).toBe(1);
  });
});
