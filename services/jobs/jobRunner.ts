// Runs approved plans durably. The plan record moves approved → running → done | partly-failed | failed by
// compare-and-set; item results live in the job store. resume() at start continues every plan left
// approved or running; items recorded as finished are never acted on again, and every other item is
// re-checked against the tenant by its step before anything is changed.
import { randomUUID } from 'node:crypto';
import { DomainError, ThrottledError, UnreachableError } from '../errors.js';
import { runFenced, type Fence } from '../core/fence.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import { noTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import type { JobPort } from '../approvals/approvalService.js';
import { MoveRecordStore } from '../approvals/moveRecordStore.js';
import { PlanStore } from '../approvals/planStore.js';
import type { AuditLog, ItemResult, Plan, PlanItem, PlanMessenger, PlanRecord, PlanState } from '../approvals/types.js';
import { mapBounded } from '../core/mapBounded.js';
import { JobLeases, leaseOwnerName } from '../core/jobLease.js';
import { JobStore, type JobResults } from './jobStore.js';
import { outcomeText } from './outcome.js';
import { ProgressReporter } from './progressReporter.js';
import { runStep, type ChangePair, type StepContext, type StepOutcome } from './steps.js';

/**
 * Most of an item's time is spent waiting for SharePoint's operation to complete (PollingInterval), not
 * sending, so the budget, not this number, should set the pace: the tenant client's throttle gate holds
 * requests when the budget runs low. 16 keeps a 2,000-site job near the budget's floor in the bench.
 */
export const DEFAULT_CONCURRENCY = 16;

export interface JobRunnerDeps {
  store: KeyValueStore;
  tenants: ChangePair;
  audit: AuditLog;
  messenger: PlanMessenger;
  clock: Clock;
  logger: Logger;
  /** The identity map as it is now (read when the trust plan records move states). */
  identityMap: () => Promise<IdentityMap>;
  /** Sites and group sites moved (none without a site map). */
  siteMap?: () => Promise<SiteMap>;
  /** Items in flight at most (default DEFAULT_CONCURRENCY); fewer while the tenant throttles. */
  concurrency?: number;
  /** Minimum time between card updates while a job runs (default 1 s). */
  progressIntervalMs?: number;
  /** Told when a start-move step has started a move (moves back are tracked by its task id). */
  moveStarted?: StepContext['moveStarted'];
  /** Runs send-guidance items. */
  sendGuidance?: StepContext['sendGuidance'];
  /** Runs send-site-notice items. */
  sendSiteNotice?: StepContext['sendSiteNotice'];
  /** This instance's name on job leases (default: host, pid and a random part). */
  instanceId?: string;
  /** The host part of that name (default: the machine's name); see leaseOwnerName. */
  instanceHost?: string;
  /** How long a job lease lasts without renewal (default 30 s): how soon another instance takes over. */
  leaseMs?: number;
  /** Items and jobs finished, as metrics (default: none). */
  telemetry?: Telemetry;
}

export const NOT_RUN = 'Not run: an earlier step failed.';

/** What a run that stopped before the end returns: items not finished stay for whoever runs the job next. */
const HALTED = Symbol('halted');
/** Runs in a row whose fence lapsed before they finished any item, after which the job is left to the scan. */
const MAX_LAPSED_RUNS = 3;

export class JobRunner implements JobPort {
  private readonly plans: PlanStore;
  private readonly jobs: JobStore;
  private readonly moveRecords: MoveRecordStore;
  private readonly active = new Map<string, Promise<PlanRecord | null>>();
  private readonly leases: JobLeases;
  /** Aborted by stop(): no job of this instance starts another item. */
  private readonly stopping = new AbortController();
  private scan?: NodeJS.Timeout;
  private readonly telemetry: Telemetry;

  constructor(private readonly deps: JobRunnerDeps) {
    this.telemetry = deps.telemetry ?? noTelemetry;
    this.plans = new PlanStore(deps.store);
    this.jobs = new JobStore(deps.store);
    this.moveRecords = new MoveRecordStore(deps.store);
    this.leases = new JobLeases(deps.store, deps.clock, deps.logger, deps.instanceId ?? leaseOwnerName(deps.instanceHost), deps.leaseMs);
  }

  schedule(planId: string): void {
    this.run(planId).catch((err: unknown) => this.deps.logger.error({ planId, err: describe(err) }, 'job stopped unexpectedly'));
  }

  results(plan: Plan): Promise<ItemResult[]> { return this.jobs.results(plan); }

  /** Runs (or joins the run of) one plan; resolves with the final record, or null if it is not runnable. */
  run(planId: string): Promise<PlanRecord | null> {
    let running = this.active.get(planId);
    if (!running) {
      running = this.execute(planId).finally(() => this.active.delete(planId));
      this.active.set(planId, running);
    }
    return running;
  }

  /** Continues every plan a previous process left approved or running; returns their ids. */
  async resume(): Promise<string[]> {
    const open = await this.plans.openRecords();
    const ids = open.filter((s) => s.record.state === 'approved' || s.record.state === 'running').map((s) => s.record.plan.id);
    for (const id of ids) this.schedule(id);
    return ids;
  }

  /** Waits for every job of this process (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.active.size) await Promise.allSettled([...this.active.values()]);
  }

  /**
   * Looks for open jobs every `intervalMs` and runs those nobody holds: a job whose instance died is taken
   * over once its lease runs out. Several instances may all scan; the lease lets one run each job.
   */
  startScanning(intervalMs = Math.max(1_000, Math.floor(this.leases.leaseMs / 2))): void {
    if (this.scan || this.stopping.signal.aborted) return;
    this.scan = setInterval(() => {
      if (this.stopping.signal.aborted) return;
      this.resume().catch((err: unknown) => this.deps.logger.warn({ err: describe(err) }, 'looking for jobs to take over failed'));
    }, intervalMs);
    this.scan.unref();
  }

  /**
   * Stops taking work: no new job, no new item; items in flight finish and are recorded, then each lease
   * is given up so another instance resumes the rest at once. Resolves when nothing of ours runs.
   */
  async stop(): Promise<void> {
    clearInterval(this.scan);
    this.stopping.abort(new Error('stopping'));
    await this.idle();
  }

  /**
   * Takes the job's lease and runs it. A run whose fence lapsed (this process stalled past its lease) stops
   * acting at once; if nobody took the job over meanwhile, the lease is taken again and a new run carries on
   * from the stored results, re-checking every unfinished item.
   */
  private async execute(planId: string): Promise<PlanRecord | null> {
    for (let lapsedRuns = 0; lapsedRuns < MAX_LAPSED_RUNS;) {
      if (this.stopping.signal.aborted) return null;
      const lease = await this.leases.take(planId);
      if (!lease) return null;
      let outcome: PlanRecord | null | { halted: typeof HALTED; progressed: boolean };
      try {
        outcome = await this.executeHeld(planId, AbortSignal.any([lease.lost, this.stopping.signal]), () => this.leases.holds(planId), lease.fence);
      } finally {
        await lease.release();
      }
      if (outcome === null || !('halted' in outcome)) return outcome;
      if (lease.lost.aborted) return null;
      lapsedRuns = outcome.progressed ? 0 : lapsedRuns + 1;
    }
    return null;
  }

  private async executeHeld(planId: string, halt: AbortSignal, holdsLease: () => Promise<boolean>, fence: Fence): Promise<PlanRecord | null | { halted: typeof HALTED; progressed: boolean }> {
    const record = await this.start(planId);
    if (!record) return null;
    const { plan } = record;
    const results = await this.jobs.open(plan, holdsLease, fence);
    const progress = new ProgressReporter({
      plans: this.plans, messenger: this.deps.messenger, logger: this.deps.logger, clock: this.deps.clock,
      planId, intervalMs: this.deps.progressIntervalMs ?? 1000,
    });
    const ctx: StepContext = {
      planId, runId: randomUUID(), tenants: this.deps.tenants, moveRecords: this.moveRecords, identityMap: this.deps.identityMap, siteMap: this.deps.siteMap,
      logger: this.deps.logger.child({ planId }), now: () => this.deps.clock.now(), moveStarted: this.deps.moveStarted, sendGuidance: this.deps.sendGuidance, sendSiteNotice: this.deps.sendSiteNotice,
    };
    const todo = plan.items.filter((i) => !isFinished(results.get(i.key)));
    const finishedBefore = plan.items.length - todo.length;
    // Halted (stopping, the fence lapsed, or the job went to another instance, seen by the lease or by a
    // write the store refused): items not started stay pending for whoever resumes.
    const halted = () => halt.aborted || results.lost || !fence.valid;
    const act = (item: PlanItem, pushedBack: () => void = () => undefined): Promise<void> =>
      halted() ? Promise.resolve() : this.attempt(item, ctx, results, fence, (state) => {
        this.telemetry.jobItem(plan.kind, state);
        progress.changed(counts(results));
      }, pushedBack);
    if (plan.ordered) await this.runOrdered(plan.kind, todo, results, act, halted);
    else await mapBounded(todo, { limit: this.deps.concurrency ?? DEFAULT_CONCURRENCY, adaptive: true, failFast: true,
      onLimitChange: (limit) => this.deps.logger.info({ planId, limit }, 'job concurrency changed') }, act);
    await results.saved();
    await progress.stop();
    if (halted()) {
      const reason = results.lost ? 'taken over by another instance' : halt.aborted ? String(halt.reason) : 'its lease ran out by this instance\'s clock';
      this.deps.logger.info({ planId, reason }, 'job halted: it resumes where it stopped');
      const finishedNow = results.all().filter(isFinished).length;
      return { halted: HALTED, progressed: finishedNow > finishedBefore };
    }
    return this.finish(planId, results);
  }

  /** approved → running by compare-and-set; a plan already running (resumed) is continued as is. */
  private async start(planId: string): Promise<PlanRecord | null> {
    const stored = await this.plans.read(planId);
    if (!stored) return null;
    if (stored.record.state === 'running') return stored.record;
    if (stored.record.state !== 'approved') return null;
    const started = await this.plans.transition(stored, 'running', { startedAt: this.deps.clock.now().toISOString() });
    if (!started) return this.start(planId);
    await this.deps.audit.append({ event: 'plan.started', planId, detail: { items: started.plan.items.length } });
    this.changed(started);
    return started;
  }

  private async runOrdered(kind: string, todo: PlanItem[], results: JobResults, act: (item: PlanItem) => Promise<void>, halted: () => boolean): Promise<void> {
    let failed = results.count('failed') > 0;
    for (const item of todo) {
      if (halted()) return;
      if (failed) {
        results.set(item.key, { state: 'skipped', reason: NOT_RUN, updatedAt: this.now() });
        this.telemetry.jobItem(kind, 'skipped');
        continue;
      }
      await act(item);
      if (halted()) return;
      failed = results.get(item.key).state === 'failed';
    }
  }

  /**
   * One try at one item, fenced: every request the step makes checks the fence before it leaves, and once the
   * fence has lapsed nothing of the item is recorded or audited (the instance that carries the job on
   * re-checks it). `pushedBack` tells the pool the tenant kept throttling or could not be reached.
   */
  private async attempt(item: PlanItem, ctx: StepContext, results: JobResults, fence: Fence, onChange: (state: StepOutcome['state']) => void, pushedBack: () => void): Promise<void> {
    if (!fence.valid) return;
    const tries = results.get(item.key).attempts + 1;
    results.set(item.key, { state: 'running', attempts: tries, updatedAt: this.now() });
    let outcome: StepOutcome;
    try {
      outcome = await runFenced(fence, () => runStep(item.step, ctx));
    } catch (err) {
      // Not tried again here: the tenant pipeline has retried this call as long as its policy allows (worst
      // case in pipeline/retry.ts), and a second layer would multiply its tries. Fewer items run at once
      // instead, and "Retry failed" on the card tries the item again when the admin chooses.
      if (isTransient(err)) pushedBack();
      outcome = { state: 'failed', reason: err instanceof DomainError ? err.userMessage : 'Unexpected error (see the log).' };
      if (!(err instanceof DomainError)) ctx.logger.error({ key: item.key, err: describe(err) }, 'item failed unexpectedly');
    }
    if (!fence.valid) return this.unrecorded(item, ctx);
    // The audit entry before the result: set() starts storing the result at once, and an instance killed between
    // the two would leave an item done with no entry; this way round, the instance that carries the job on finds
    // the item unrecorded, re-checks it and audits it again ("Already removed.").
    await this.deps.audit.append({ event: `item.${outcome.state}`, planId: ctx.planId, detail: { key: item.key, label: item.label, reason: outcome.reason } });
    if (!fence.valid) return this.unrecorded(item, ctx);
    results.set(item.key, { state: outcome.state, reason: outcome.reason, updatedAt: this.now() });
    onChange(outcome.state);
  }

  private unrecorded(item: PlanItem, ctx: StepContext): void {
    ctx.logger.info({ item: item.key }, 'item not recorded: the job lease ran out while it ran; whoever carries the job on re-checks it');
  }

  private async finish(planId: string, results: JobResults): Promise<PlanRecord | null> {
    const progress = counts(results);
    const state: PlanState = progress.failed + progress.skipped === 0 ? 'done' : progress.done === 0 ? 'failed' : 'partly-failed';
    const finished = await this.plans.update(planId, (record) => record.state !== 'running' ? record : {
      ...record, state, progress, finishedAt: this.now(), outcome: outcomeText(record.plan, results.all()),
    });
    if (!finished || finished.state !== state) return finished;
    await this.deps.audit.append({ event: 'plan.finished', planId, detail: { state, ...progress } });
    this.telemetry.jobFinished(finished.plan.kind, state);
    this.changed(finished);
    return finished;
  }

  private changed(record: PlanRecord): void {
    this.deps.messenger.planChanged(record).catch((err: unknown) =>
      this.deps.logger.warn({ planId: record.plan.id, err: describe(err) }, 'plan card could not be updated'));
  }

  private now(): string { return this.deps.clock.now().toISOString(); }
}

function isFinished(result: Pick<ItemResult, 'state'>): boolean {
  return result.state === 'done' || result.state === 'failed' || result.state === 'skipped';
}

function isTransient(err: unknown): boolean {
  return err instanceof ThrottledError || err instanceof UnreachableError;
}

export function counts(results: JobResults): PlanRecord['progress'] {
  const all = results.all();
  return { total: all.length, done: results.count('done'), failed: results.count('failed'), skipped: results.count('skipped') };
}

function describe(err: unknown): object {
  return err instanceof DomainError ? { code: err.code, message: err.userMessage } : { message: err instanceof Error ? err.message : String(err) };
}
