// The planners as the bot calls them, composed once with the tenants and settings; and the retry
// preflight, which re-checks a finished plan's failed items before they go into a new plan.
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import type { Clock } from '../ports.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { listingText } from '../knowledge/readingText.js';
import { tenantName } from '../insights/tenantPair.js';
import type { TenantClientApi, TenantSide } from '../tenants/types.js';
import { isRedirectTemplate } from '../tenants/redirectTemplates.js';
import { mapBounded } from '../core/mapBounded.js';
import type { RetryPreflight } from './approvalService.js';
import { planRemoveRedirects, redirectItemKey, type RedirectScope } from './removeRedirectsPlan.js';
import { planRemoveTrust } from './removeTrustPlan.js';
import type { Finding, Person, Plan, PlanItem, PlanRecord } from './types.js';

export interface PlannerDeps {
  tenants: Record<TenantSide, TenantClientApi>;
  identityMap: () => Promise<IdentityMap>;
  /** Sites and group sites moved (none without a site map). */
  siteMap?: () => Promise<SiteMap>;
  clock: Clock;
  licenceExpiry?: string;
  expiryMs?: number;
  /** People being moved back, whose redirects must stay (the regression tracker answers). */
  movingBack?: (moveKey: string) => boolean;
  /** Redirect snapshots and the move ledger: plans start from them, steps re-check each item. */
  knowledge: Pick<Knowledge, 'redirects' | 'moveStatesOf'>;
  /** Plans not yet finished, so a new plan can say which of its sites another plan already holds. */
  unfinishedPlans?: () => Promise<PlanRecord[]>;
}

/** What a planner is reading now, for the card that stands in while it reads. */
export type PlanProgress = (text: string) => void;

export function createPlanners(deps: PlannerDeps) {
  return {
    removeTrust: async (args: { side: TenantSide | 'both' }, by: Person, progress?: PlanProgress): Promise<Plan> => planRemoveTrust({
      tenants: deps.tenants, identityMap: await deps.identityMap(), siteMap: await deps.siteMap?.(), side: args.side, requestedBy: by,
      moveStates: (side, upns) => deps.knowledge.moveStatesOf(side, upns, progress),
      now: deps.clock.now(), licenceExpiry: deps.licenceExpiry, expiryMs: deps.expiryMs,
    }),
    removeRedirects: async (args: { side: TenantSide; scope: RedirectScope; purge: boolean; unlock: boolean }, by: Person, progress?: PlanProgress): Promise<Plan> => planRemoveRedirects({
      sites: (side) => deps.knowledge.redirects.current(side, (p) => progress?.(listingText(tenantName(deps.tenants[side].adminUrl), p))),
      findSite: (side, url) => deps.tenants[side].findSite(url),
      moveStates: (side, upns) => deps.knowledge.moveStatesOf(side, upns, progress),
      tenants: deps.tenants, identityMap: await deps.identityMap(), siteMap: await deps.siteMap?.(), side: args.side, scope: args.scope,
      purge: args.purge, unlock: args.unlock, exclude: deps.movingBack, requestedBy: by, now: deps.clock.now(), expiryMs: deps.expiryMs,
      plannedElsewhere: await redirectsPlanned(deps, args.side),
    }),
  };
}

/** Each site of `side` an unfinished plan removes (by redirectItemKey), with that plan's id and state. */
async function redirectsPlanned(deps: PlannerDeps, side: TenantSide): Promise<Map<string, string>> {
  const planned = new Map<string, string>();
  for (const record of await deps.unfinishedPlans?.() ?? []) {
    const plan = `${record.plan.id} (${record.state === 'pending' ? 'waiting for approval' : record.state})`;
    for (const item of record.plan.items) {
      if (item.step.type === 'remove-redirect' && item.step.side === side) planned.set(redirectItemKey(item.step.url), plan);
    }
  }
  return planned;
}

/**
 * Redirect items are re-read (gone, no longer a redirect → dropped with a finding); trust items are kept,
 * since their steps re-read the trust before acting and the first step re-checks every move.
 */
const RETRY_CHECKS_IN_FLIGHT = 16;

export function createRetryPreflight(tenants: Record<TenantSide, TenantClientApi>): RetryPreflight {
  return async (original: Plan, items: PlanItem[]) => {
    if (original.kind !== 'remove-redirects') return { items, findings: [] };
    const kept: PlanItem[] = [];
    const gone: PlanItem[] = [];
    const notRedirect: string[] = [];
    const redirects = items.filter((item) => item.step.type === 'remove-redirect');
    // Several at a time: a retry of a few thousand failed sites must not take an hour of single reads.
    const verdicts = await mapBounded(redirects, RETRY_CHECKS_IN_FLIGHT, async (item) => {
      const step = item.step as Extract<PlanItem['step'], { type: 'remove-redirect' }>;
      const site = await tenants[step.side].findSite(step.url);
      if (!site) return step.purge && await tenants[step.side].isInRecycleBin(step.url) ? 'kept' : 'gone';
      return isRedirectTemplate(site.template) ? 'kept' : 'not-redirect';
    });
    redirects.forEach((item, i) => {
      const v = verdicts[i]!;
      if (!v.ok) throw v.error;
      if (v.value === 'kept') kept.push(item);
      else if (v.value === 'gone') gone.push(item);
      else notRedirect.push((item.step as { url: string }).url);
    });
    const findings: Finding[] = [];
    if (gone.length) findings.push({ level: 'info', text: `${gone.length} site(s) are already gone and left out.`, subjects: gone.map((i) => i.label) });
    if (notRedirect.length) findings.push({ level: 'warning', text: `${notRedirect.length} site(s) are no longer redirect sites and are left out.`, subjects: notRedirect });
    return { items: kept, findings };
  };
}
