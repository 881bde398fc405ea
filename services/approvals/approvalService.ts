// The decisions on a plan. Every method re-reads the stored record; the card supplies only the id and
// the hash. Each refusal is audited with its own event and thrown as a domain error for the bot to show.
// Decisions are compare-and-set on the record, so concurrent clicks decide (and run) a plan once.
import { ConflictError, DomainError, ExpiredError, InputError, NotAllowedError } from '../errors.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import { blockersOf, buildPlan, DEFAULT_PLAN_EXPIRY_MS, hashMatches, isExpired, planIntact, PlanBlockedError } from './plan.js';
import { PlanStore, type StoredPlan } from './planStore.js';
import type { Grant, RoleCheck } from './roleCheck.js';
import type {
  Approvals, AuditLog, ConversationAddress, Decision, Finding, ItemResult, Person, Plan, PlanItem, PlanMessenger, PlanRecord, PlanState,
} from './types.js';

/** What the approval path needs from the job runner. */
export interface JobPort {
  /** Starts the approved plan's run in the background and returns at once. */
  schedule(planId: string): void;
  /** Per-item results in plan order (all pending before the run starts). */
  results(plan: Plan): Promise<ItemResult[]>;
}

/** Re-runs a planner's checks over the items of a retry; drops items that no longer apply. */
export type RetryPreflight = (original: Plan, items: PlanItem[]) => Promise<{ items: PlanItem[]; findings: Finding[] }>;

export interface ApprovalServiceDeps {
  store: KeyValueStore;
  jobs: JobPort;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  messenger: PlanMessenger;
  /** Who may decide: APPROVER_IDS, or membership of APPROVER_GROUP_IDS. */
  roles: Pick<RoleCheck, 'grant' | 'denial'>;
  /** How long a pending plan may wait for a decision (default 24 h). */
  expiryMs?: number;
  /** Without it a retry keeps every failed item as it was. */
  retryPreflight?: RetryPreflight;
}

const DECIDE_ATTEMPTS = 20;

export class ApprovalService implements Approvals {
  private readonly plans: PlanStore;

  constructor(private readonly deps: ApprovalServiceDeps) {
    this.plans = new PlanStore(deps.store);
  }

  get expiryMs(): number { return this.deps.expiryMs ?? DEFAULT_PLAN_EXPIRY_MS; }

  async request(plan: Plan, card: ConversationAddress): Promise<PlanRecord> {
    if (!planIntact(plan)) throw new InputError('This plan changed after it was built. Ask for it again.', { planId: plan.id });
    const blockers = blockersOf(plan);
    if (blockers.length) throw new PlanBlockedError(blockers);
    if (!plan.items.length) throw new InputError('This plan has nothing to do.', { planId: plan.id });
    if (isExpired(plan, this.deps.clock.now())) throw new ExpiredError('This plan expired before it was stored. Ask for it again.');
    const record: PlanRecord = { plan, state: 'pending', card, progress: { total: plan.items.length, done: 0, failed: 0, skipped: 0 } };
    await this.plans.create(record);
    await this.deps.audit.append({
      event: 'plan.requested', actor: plan.requestedBy, planId: plan.id,
      detail: { kind: plan.kind, items: plan.items.length, hash: plan.hash, ...(plan.retryOf ? { retryOf: plan.retryOf } : {}) },
    });
    return record;
  }

  async get(planId: string): Promise<PlanRecord | null> {
    const stored = await this.plans.read(planId);
    return stored ? (await this.expireIfDue(stored)).record : null;
  }

  async approve(planId: string, hash: string, by: Person): Promise<PlanRecord> {
    const { stored, grant } = await this.decidable(planId, hash, by);
    const record = await this.decide(stored, 'approved', { by, at: this.now() }, by);
    await this.deps.audit.append({ event: 'plan.approved', actor: by, planId, detail: { hash, ...grantDetail(grant) } });
    this.changed(record);
    // The run is not awaited: the invoke must be answered fast; progress reaches the card by the messenger.
    this.deps.jobs.schedule(planId);
    return record;
  }

  async reject(planId: string, hash: string, by: Person, reason: string): Promise<PlanRecord> {
    const why = reason?.trim();
    if (!why) throw new InputError('Say why you reject the plan, so the requester knows what to change.');
    const { stored, grant } = await this.decidable(planId, hash, by);
    const record = await this.decide(stored, 'rejected', { by, at: this.now(), reason: why }, by);
    await this.deps.audit.append({ event: 'plan.rejected', actor: by, planId, detail: { reason: why, ...grantDetail(grant) } });
    this.changed(record);
    return record;
  }

  /** Only the requester cancels: an approver who does not want the plan rejects it, with a reason on record. */
  async cancel(planId: string, by: Person): Promise<PlanRecord> {
    const stored = await this.expireIfDue(await this.mustRead(planId));
    if (stored.record.plan.requestedBy.id !== by.id) {
      return this.refuse('refused.not-requester', by, planId,
        new NotAllowedError(`Only ${nameOf(stored.record.plan.requestedBy)}, who asked for plan ${planId}, can cancel it. Approvers can reject it instead.`));
    }
    await this.stillPending(stored, by);
    const record = await this.decide(stored, 'cancelled', { by, at: this.now() }, by);
    await this.deps.audit.append({ event: 'plan.cancelled', actor: by, planId });
    this.changed(record);
    return record;
  }

  /** Plans still waiting, approved or running (not past their expiry): what a new plan may overlap. */
  async unfinished(): Promise<PlanRecord[]> {
    const open: PlanRecord[] = [];
    for (const stored of await this.plans.openRecords()) {
      const { record } = await this.expireIfDue(stored);
      if (['pending', 'approved', 'running'].includes(record.state)) open.push(record);
    }
    return open;
  }

  async pendingFor(approver: Person): Promise<PlanRecord[]> {
    if (!(await this.deps.roles.grant('approver', approver.id))) return [];
    return (await this.unfinished()).filter((record) => record.state === 'pending' && record.plan.requestedBy.id !== approver.id);
  }

  /** Moves every pending plan past its expiry to expired; the bot may call it on a timer. */
  async sweepExpired(): Promise<number> {
    let expired = 0;
    for (const stored of await this.plans.openRecords()) {
      if ((await this.expireIfDue(stored)).record.state === 'expired' && stored.record.state === 'pending') expired++;
    }
    return expired;
  }

  async retryFailed(planId: string, by: Person): Promise<PlanRecord> {
    const { record } = await this.mustRead(planId);
    if (record.state !== 'failed' && record.state !== 'partly-failed') {
      throw new InputError(`Plan ${planId} is ${record.state}: only a finished plan with failed items can be retried.`);
    }
    const unfinished = new Set((await this.deps.jobs.results(record.plan)).filter((r) => r.state === 'failed' || r.state === 'skipped').map((r) => r.key));
    const candidates = record.plan.items.filter((i) => unfinished.has(i.key));
    if (!candidates.length) throw new InputError(`Plan ${planId} has no failed items to retry.`);
    const checked = this.deps.retryPreflight ? await this.deps.retryPreflight(record.plan, candidates) : { items: candidates, findings: [] };
    if (!checked.items.length) {
      throw new InputError(`None of the failed items of ${planId} still needs doing. ${checked.findings.map((f) => f.text).join(' ')}`.trim());
    }
    const { id: _id, hash: _hash, requestedAt: _at, expiresAt: _exp, ...original } = record.plan;
    const plan = buildPlan({
      ...original, requestedBy: by, retryOf: planId, items: checked.items, findings: checked.findings,
      title: `Retry: ${original.title.replace(/^Retry: /, '')}`,
      summary: `Retry of ${planId}: ${checked.items.length} item(s) that failed or did not run.`,
    }, this.deps.clock.now(), this.expiryMs);
    const { activityId: _posted, ...conversation } = record.card ?? ({} as ConversationAddress);
    return this.request(plan, conversation as ConversationAddress);
  }

  async attachCard(planId: string, card: ConversationAddress): Promise<void> {
    const updated = await this.plans.update(planId, (record) => ({ ...record, card }));
    if (!updated) throw unknownPlan(planId);
  }

  async results(planId: string): Promise<ItemResult[]> {
    return this.deps.jobs.results((await this.mustRead(planId)).record.plan);
  }

  /** The checks every decision makes, cheapest first; each failure is audited under its own event. */
  private async decidable(planId: string, hash: string, by: Person): Promise<{ stored: StoredPlan; grant: Grant }> {
    const stored = await this.mustRead(planId);
    const { plan } = stored.record;
    const grant = await this.deps.roles.grant('approver', by.id);
    if (!grant) {
      return this.refuse('refused.not-approver', by, planId, new NotAllowedError('Only approvers (APPROVER_IDS or APPROVER_GROUP_IDS) can approve or reject plans.'), this.deps.roles.denial('approver', by.id));
    }
    if (plan.requestedBy.id === by.id) {
      return this.refuse('refused.self-approval', by, planId,
        new NotAllowedError('You asked for this plan, so another approver must decide it. You can cancel it instead.'));
    }
    if (!hashMatches(plan, hash) || !planIntact(plan)) {
      return this.refuse('refused.tampered', by, planId, new NotAllowedError(`This card does not match stored plan ${planId}. Type "pending" to get its current card.`));
    }
    if (blockersOf(plan).length) {
      return this.refuse('refused.blocked', by, planId, new PlanBlockedError(blockersOf(plan)));
    }
    return { stored: await this.stillPending(await this.expireIfDue(stored), by), grant };
  }

  private async stillPending(stored: StoredPlan, by: Person): Promise<StoredPlan> {
    const { record } = stored;
    if (record.state === 'pending') return stored;
    if (record.state === 'expired') {
      return this.refuse('refused.expired', by, record.plan.id,
        new ExpiredError(`Plan ${record.plan.id} expired at ${record.plan.expiresAt} without a decision. Ask for it again.`));
    }
    return this.refuse('refused.already-decided', by, record.plan.id, new ConflictError(alreadyDecided(record), { state: record.state }));
  }

  /** Compare-and-set from pending; a lost race re-reads and refuses unless the record is still pending. */
  private async decide(stored: StoredPlan, to: PlanState, decision: Decision, by: Person): Promise<PlanRecord> {
    let current = stored;
    for (let attempt = 0; attempt < DECIDE_ATTEMPTS; attempt++) {
      const next = await this.plans.transition(current, to, { decision });
      if (next) return next;
      current = await this.stillPending(await this.expireIfDue(await this.mustRead(stored.record.plan.id)), by);
    }
    throw new ConflictError('The plan kept changing while it was being decided. Try again.');
  }

  /** A pending plan read after its expiry becomes expired there and then (the sweep does the rest). */
  private async expireIfDue(stored: StoredPlan): Promise<StoredPlan> {
    if (stored.record.state !== 'pending' || !isExpired(stored.record.plan, this.deps.clock.now())) return stored;
    const expired = await this.plans.transition(stored, 'expired');
    if (expired) {
      await this.deps.audit.append({ event: 'plan.expired', planId: expired.plan.id, detail: { expiresAt: expired.plan.expiresAt } });
      this.changed(expired);
    }
    return (await this.plans.read(stored.record.plan.id)) ?? stored;
  }

  private async mustRead(planId: string): Promise<StoredPlan> {
    const stored = await this.plans.read(planId);
    if (!stored) throw unknownPlan(planId);
    return stored;
  }

  private async refuse(event: string, actor: Person, planId: string, error: DomainError, extra: Record<string, unknown> = {}): Promise<never> {
    await this.deps.audit.append({ event, actor, planId, detail: { message: error.userMessage, ...extra } });
    throw error;
  }

  private changed(record: PlanRecord): void {
    this.deps.messenger.planChanged(record).catch((err: unknown) =>
      this.deps.logger.warn({ planId: record.plan.id, err: err instanceof Error ? err.message : String(err) }, 'plan card could not be updated'));
  }

  private now(): string { return this.deps.clock.now().toISOString(); }
}

function unknownPlan(planId: string): InputError {
  return new InputError(`There is no plan ${planId}. Check the id, or type "pending" to see plans waiting for you.`, { planId });
}

function nameOf(person: Person): string { return person.name ?? person.id; }

function alreadyDecided(record: PlanRecord): string {
  const who = record.decision ? ` by ${nameOf(record.decision.by)}` : '';
  return `Plan ${record.plan.id} was already decided: it is ${record.state}${who}.`;
}

/** The audit names the group that made someone an approver; a listed id adds nothing. */
function grantDetail(grant: Grant): { approverGroupId?: string } {
  return grant.via === 'group' ? { approverGroupId: grant.groupId } : {};
}
