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
import { waitFor } from '../../helpers/waitFor.js';

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
  // Judged by when each edit arrived, not by what a fixed sleep happens to see: on a loaded machine a file write
  // may take longer than any short sleep, but an edit never arrives before its interval is over.
  it('shows the first counts at once, then the latest once per interval, on the record and the card alike', async () => {
    const progress = reporter();
    const arrived: number[] = [];
    const planChanged = messenger.planChanged.bind(messenger);
    messenger.planChanged = async (r) => { arrived.push(Date.now()); await planChanged(r); };
    const askedAt = Date.now();
    progress.changed(progressOf(1));
    await waitFor('the first counts on the card', () => messenger.changes.length >= 1, 10_000);
    for (let done = 2; done <= 40; done++) progress.changed(progressOf(done));
    await waitFor('the latest counts on the card', () => messenger.changes.length >= 2, 10_000);
    await progress.stop();
    expect(messenger.changes.map((r) => r.progress.done)).toEqual([1, 40]);
    expect(arrived[1]! - askedAt).toBeGreaterThanOrEqual(INTERVAL_MS - 2); // timers may round a millisecond early
    expect((await stored()).progress.done).toBe(40);
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
