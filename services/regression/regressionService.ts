// Moving people, sites and group sites back, end to end: the plan (preflight + claim, so one plan per person
// or site), the tracking states driven by the plans' runs (remove redirect → start move), by the poller
// (moving → completed), by the access check, and by the plan that removes the redirect the reverse move left.
import { InputError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { NO_SITES } from '../knowledge/ledgerDocument.js';
import { personalSiteUrl } from '../insights/redirects.js';
import type { Clock, Logger } from '../ports.js';
import type { RedirectScope } from '../approvals/removeRedirectsPlan.js';
import type { Approvals, ConversationAddress, Person, Plan, PlanRecord } from '../approvals/types.js';
import type { StartMoveStep } from '../jobs/steps.js';
import type { TenantClientApi, TenantSide } from '../tenants/types.js';
import type { MoveTaskState } from '../knowledge/moveKeys.js';
import { CURRENT_SIDE, ORIGINAL_SIDE, planMigrateBack, type MigrateBackInput } from './migrateBackPlan.js';
import { planSiteMoveBack, siteMoveBackOf } from './siteMoveBackPlan.js';
import type { RegressionTracker } from './tracker.js';
import { isFinalTracking, trackedName, type TrackedUser } from './types.js';

export interface RegressionServiceDeps {
  tenants: Record<TenantSide, TenantClientApi>;
  /** Move states, read through what the bot knows (services/knowledge). */
  knowledge: MigrateBackInput['moves'];
  identityMap: () => Promise<IdentityMap>;
  /** Which sites and group sites moved where (a group site moves back by its aliases); none when absent. */
  siteMap?: () => Promise<SiteMap>;
  tracker: RegressionTracker;
  approvals: Pick<Approvals, 'get' | 'results'>;
  /** The existing redirect planner (for the one redirect the reverse move leaves). */
  removeRedirects: (args: { side: TenantSide; scope: RedirectScope; purge: boolean; unlock: boolean }, by: Person) => Promise<Plan>;
  clock: Clock;
  logger: Logger;
  expiryMs?: number;
}

export interface AccessCheck {
  user: TrackedUser;
  reachable: boolean;
  detail: string;
  /** The plan removing the redirect left on the current tenant, to send for approval. */
  cleanup?: Plan;
}

const DEAD_PLAN = new Set(['rejected', 'cancelled', 'expired']);
/** A claim whose plan was never stored (the request failed) is given up after this long. */
const ORPHAN_MS = 5 * 60 * 1000;

export class RegressionService {
  constructor(private readonly d: RegressionServiceDeps) {}

  get tracker(): RegressionTracker { return this.d.tracker; }

  /**
   * The preflight and plan. A plan with failed checks comes back unclaimed (its card shows them and it
   * cannot be approved); otherwise the person is claimed for it, so a second request is refused.
   */
  async plan(args: { currentUpn: string; originalUpn: string }, by: Person, requestedIn: ConversationAddress): Promise<Plan> {
    const live = await this.liveEntry(args.originalUpn, args.currentUpn);
    const plan = await planMigrateBack({
      tenants: this.d.tenants, moves: this.d.knowledge, identityMap: await this.d.identityMap(), ...args, tracked: live,
      requestedBy: by, now: this.d.clock.now(), expiryMs: this.d.expiryMs,
    });
    return this.claimFor(plan, {
      currentUpn: args.currentUpn, originalUpn: args.originalUpn,
      originalUrl: personalSiteUrl(this.d.tenants[ORIGINAL_SIDE].adminUrl, args.originalUpn),
      leftBehindUrl: personalSiteUrl(this.d.tenants[CURRENT_SIDE].adminUrl, args.currentUpn),
    }, by, requestedIn);
  }

  /** The same for a site or a group site, tracked under its two URLs (and, for a group, its aliases). */
  async planSite(args: { currentUrl: string; originalUrl: string }, by: Person, requestedIn: ConversationAddress): Promise<Plan> {
    const live = await this.liveEntry(args.originalUrl, args.currentUrl);
    const siteMap = this.d.siteMap ? await this.d.siteMap() : NO_SITES;
    const plan = await planSiteMoveBack({
      tenants: this.d.tenants, moves: this.d.knowledge, siteMap, ...args, tracked: live,
      requestedBy: by, now: this.d.clock.now(), expiryMs: this.d.expiryMs,
    });
    const { back } = siteMoveBackOf(siteMap, args.currentUrl, args.originalUrl);
    return this.claimFor(plan, {
      kind: back.kind, ...(back.aliases ? { aliases: back.aliases } : {}),
      currentUpn: back.currentUrl, originalUpn: back.originalUrl, originalUrl: back.originalUrl, leftBehindUrl: back.currentUrl,
    }, by, requestedIn);
  }

  private async liveEntry(...subjects: string[]): Promise<TrackedUser | undefined> {
    const existing = subjects.map((s) => this.d.tracker.find(s)).find(Boolean);
    return existing && !(await this.replaceable(existing)) ? existing : undefined;
  }

  /** A plan with failed checks comes back unclaimed; otherwise what it moves back is claimed for it. */
  private async claimFor(plan: Plan, subject: Pick<TrackedUser, 'kind' | 'aliases' | 'currentUpn' | 'originalUpn' | 'originalUrl' | 'leftBehindUrl'>, by: Person, requestedIn: ConversationAddress): Promise<Plan> {
    if (plan.findings.some((f) => f.level === 'blocker')) return plan;
    const at = this.now();
    const { activityId: _typed, ...chat } = requestedIn;
    await this.d.tracker.claim({
      ...subject, currentSide: CURRENT_SIDE, originalSide: ORIGINAL_SIDE,
      state: 'requested', planId: plan.id, requestedBy: by, requestedIn: chat, cards: [],
      history: [{ state: 'requested', at, note: `plan ${plan.id}` }], updatedAt: at,
    }, (e) => this.replaceable(e));
    return plan;
  }

  /** An earlier entry gives way when it is over (done, failed) or its plan never ran. */
  private async replaceable(entry: TrackedUser): Promise<boolean> {
    if (isFinalTracking(entry.state)) return true;
    if (entry.state !== 'requested') return false;
    const record = await this.d.approvals.get(entry.planId);
    if (record) return DEAD_PLAN.has(record.state);
    return this.d.clock.now().getTime() - Date.parse(entry.updatedAt) > ORPHAN_MS;
  }

  /** The step that started the move reports its task id. */
  async moveStarted(planId: string, step: StartMoveStep, move: MoveTaskState): Promise<void> {
    const user = this.d.tracker.byPlan(planId);
    if (!user || user.planId !== planId) return;
    if (user.state === 'requested') await this.d.tracker.advance(user.originalUpn, 'redirect-cleared');
    await this.d.tracker.advance(user.originalUpn, 'move-started', { moveId: move.id, moveStatus: move.status }, `task ${move.id ?? 'unknown'} on the ${step.side} tenant`);
  }

  /** Follows a plan's record (called on every plan change, and by the poller in case one was missed). */
  async planChanged(record: PlanRecord): Promise<void> {
    const { plan } = record;
    const user = this.d.tracker.byPlan(plan.id) ?? (plan.retryOf ? this.d.tracker.byPlan(plan.retryOf) : undefined);
    if (!user || isFinalTracking(user.state)) return;
    if (plan.kind === 'migrate-back' && user.planId === plan.id) await this.followMoveBack(user, record);
    else if (plan.kind === 'remove-redirects') await this.followCleanup(user, record);
  }

  private async followMoveBack(user: TrackedUser, record: PlanRecord): Promise<void> {
    const key = user.originalUpn;
    if (DEAD_PLAN.has(record.state)) {
      // Never ran: the person was not moved, so they are not tracked any more.
      if (user.state === 'requested') await this.d.tracker.update(key, () => null);
      return;
    }
    if (record.state === 'pending' || record.state === 'approved') return;
    const results = await this.d.approvals.results(record.plan.id);
    const byType = (type: string) => {
      const item = record.plan.items.find((i) => i.step.type === type);
      return { item, result: results.find((r) => r.key === item?.key) };
    };
    const clear = byType('remove-redirect');
    const start = byType('start-move');
    if (clear.result?.state === 'done' && user.state === 'requested') await this.d.tracker.advance(key, 'redirect-cleared', {}, clear.result.reason);
    if (start.result?.state === 'done' && (user.state === 'requested' || user.state === 'redirect-cleared')) {
      await this.d.tracker.advance(key, 'move-started', {}, start.result.reason);
    }
    const failed = results.find((r) => r.state === 'failed');
    if (failed) {
      const label = record.plan.items.find((i) => i.key === failed.key)?.label ?? failed.key;
      const reason = `Step "${label}" failed: ${failed.reason ?? 'no reason given'}`;
      await this.d.tracker.advance(key, 'failed', { reason }, reason);
    }
  }

  private async followCleanup(user: TrackedUser, record: PlanRecord): Promise<void> {
    const key = user.originalUpn;
    if (record.plan.retryOf && user.cleanupPlanId === record.plan.retryOf) await this.d.tracker.advance(key, user.state, { cleanupPlanId: record.plan.id });
    if (record.state === 'done') {
      await this.d.tracker.advance(key, 'target-redirect-removed', { reason: undefined }, record.outcome);
      await this.d.tracker.advance(key, 'done');
    } else if (record.state === 'failed' || record.state === 'partly-failed') {
      await this.d.tracker.advance(key, user.state, { reason: `Removing ${user.leftBehindUrl} failed (plan ${record.plan.id}): ${record.outcome ?? record.state}. Retry it from its card.` });
    } else if (DEAD_PLAN.has(record.state)) {
      await this.d.tracker.advance(key, user.state, { reason: `The removal plan ${record.plan.id} was ${record.state}: check access again to plan it anew.` });
    }
  }

  /**
   * "Check access": the OneDrive or site on the original tenant must be a real site (not a redirect) that answers.
   * Then the redirect left on the current tenant is planned for removal (for approval as usual).
   */
  async confirmAccess(upn: string, by: Person): Promise<AccessCheck> {
    await this.d.tracker.load();
    const user = this.d.tracker.find(upn);
    if (!user) throw new InputError(`${upn} is not being moved back. Type "moved back" to see who and what is.`);
    if (!['completed', 'access-confirmed'].includes(user.state)) {
      throw new InputError(`The move back of ${trackedName(user)} is ${user.state}: access can be checked once the move has completed.`);
    }
    if (user.state === 'access-confirmed' && user.cleanupPlanId) {
      const cleanup = await this.d.approvals.get(user.cleanupPlanId);
      if (cleanup && !DEAD_PLAN.has(cleanup.state) && cleanup.state !== 'failed' && cleanup.state !== 'partly-failed') {
        return { user, reachable: true, detail: `Access was confirmed; plan ${cleanup.plan.id} (${cleanup.state}) removes ${user.leftBehindUrl}.` };
      }
    }
    const site = await this.d.tenants[user.originalSide].getSite(user.originalUrl);
    if (!site.exists || site.isRedirect || !site.reachable) {
      const why = !site.exists ? 'does not exist' : site.isRedirect ? 'is still a redirect site' : 'does not answer';
      return { user, reachable: false, detail: `${user.originalUrl} ${why}${site.webTemplate ? ` (template ${site.webTemplate})` : ''}. Check again later.` };
    }
    const detail = `${user.originalUrl} is ${user.kind ? 'a site' : 'a OneDrive'} (template ${site.webTemplate ?? 'unknown'}) and answers.`;
    const confirmed = (await this.d.tracker.advance(user.originalUpn, 'access-confirmed', { reason: undefined }, detail)) ?? user;
    const current = this.d.tenants[user.currentSide];
    if (!(await current.findSite(user.leftBehindUrl)) && !(await current.isInRecycleBin(user.leftBehindUrl))) {
      await this.d.tracker.advance(user.originalUpn, 'target-redirect-removed', {}, `nothing at ${user.leftBehindUrl}`);
      return { user: (await this.d.tracker.advance(user.originalUpn, 'done')) ?? confirmed, reachable: true, detail };
    }
    const cleanup = await this.d.removeRedirects({ side: user.currentSide, scope: { kind: 'url', url: user.leftBehindUrl }, purge: true, unlock: true }, by);
    const updated = await this.d.tracker.advance(user.originalUpn, 'access-confirmed', { cleanupPlanId: cleanup.id });
    return { user: updated ?? confirmed, reachable: true, detail, cleanup };
  }

  private now(): string { return this.d.clock.now().toISOString(); }
}
