// A running job's counts reach its stored record and its card at most once per interval, the latest ones
// last; a plan no longer running (cancelled, finished) is never written back to running nor its card redrawn.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanStore } from '../../../services/approvals/planStore.js';
import type { PlanRecord } from '../../../services/approvals/types.js';
import { ProgressReporter } from '../../../services/jobs/progressReporter.js';
import { systemClock } from '../../../services/ports.js';
import { FileStore } from '../../../services/store/fileStore.js';
import { alice, RecordingMessenger, redirectPlan } from '../../approvals/helpers.js';
import { ManualClock } from '../../helpers/clock.js';
import { memoryLogger } from '../../helpers/logs.js';

const INTERVAL_MS = 150;
const progressOf = (done: number) => ({ total: 100, done, failed: 0, skipped: 0 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let plans: PlanStore;
let messenger: RecordingMessenger;
let record: PlanRecord;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmb-progress-'));
  plans = new PlanStore(new FileStore(dir));
  messenger = new RecordingMessenger();
  const plan = redirectPlan(alice, new ManualClock());
  record = { plan, state: 'running', progress: progressOf(0) };
  await plans.create(record);
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const reporter = () => new ProgressReporter({ plans, messenger, logger: memoryLogger('warn').logger, clock: systemClock, planId: record.plan.id, intervalMs: INTERVAL_MS });
const stored = async () => (await plans.read(record.plan.id))!.record;

describe('ProgressReporter', () => {
  it('shows the first counts at once, then the latest once per interval, on the record and the card alike', async () => {
    const progress = reporter();
    progress.changed(progressOf(1));
    await sleep(30);
    expect(messenger.changes.map((r) => r.progress.done)).toEqual([1]);
    for (let done = 2; done <= 40; done++) progress.changed(progressOf(done));
    await sleep(30);
    expect(messenger.changes).toHaveLength(1);
    await sleep(INTERVAL_MS + 50);
    expect(messenger.changes.map((r) => r.progress.done)).toEqual([1, 40]);
    expect((await stored()).progress.done).toBe(40);
    await progress.stop();
  });

  it('drops counts still waiting when stopped: the runner writes the final record itself', async () => {
    const progress = reporter();
    progress.changed(progressOf(1));
    progress.changed(progressOf(2));
    await progress.stop();
    await sleep(INTERVAL_MS + 50);
    expect(messenger.changes.map((r) => r.progress.done)).toEqual([1]);
    expect((await stored()).progress.done).toBe(1);
  });

  it('leaves a plan that is no longer running as it is, card included', async () => {
    await plans.update(record.plan.id, (r) => ({ ...r, state: 'cancelled' }));
    const progress = reporter();
    progress.changed(progressOf(5));
    await sleep(30);
    await progress.stop();
    expect(await stored()).toMatchObject({ state: 'cancelled', progress: progressOf(0) });
    expect(messenger.changes).toEqual([]);
  });
});
