// What each kind of plan item does. Every step re-reads the tenant just before acting, so a repeat after a
// crash or a retry finds work already done and reports it instead of doing it again. Steps touch only
// what their item names. Transient trouble (throttling past the retry budget, unreachable tenant) is
// thrown for the runner to retry later; every other refusal becomes the item's failure, in the tenant's words.
import { moveKeyText, moveReaderByKey, readMoveByKey, siteMoveKey, siteMoveKeyFrom, type MoveTaskState } from '../knowledge/moveKeys.js';
import { NO_SITES } from '../knowledge/ledgerDocument.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { TenantError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import { readMoveState } from '../knowledge/recordedMoves.js';
import { readMoveStates } from '../knowledge/readMoveStates.js';
import { systemClock, type Clock, type Logger } from '../ports.js';
import { isRedirectTemplate } from '../tenants/redirectTemplates.js';
import { inWords } from '../stateWords.js';
import type { PlanStep } from '../approvals/types.js';
import type { MoveRecordStore } from '../approvals/moveRecordStore.js';
import { isCompletedMove, isFinishedMove, moveStateWords } from '../knowledge/moveStates.js';
import type { OperationOutcome, TenantClientApi, TenantSide } from '../tenants/types.js';

export type ChangePair = Record<TenantSide, TenantClientApi>;

export type StepOutcome = { state: 'done'; reason?: string } | { state: 'failed'; reason: string };

export interface StepContext {
  planId: string;
  /** This run of the plan (a resumed plan gets a new one): who holds what the run claims. */
  runId: string;
  tenants: ChangePair;
  moveRecords: MoveRecordStore;
  identityMap: () => Promise<IdentityMap>;
  /** Sites and group sites moved: a trust removal records their moves too. */
  siteMap?: () => Promise<SiteMap>;
  logger: Logger;
  now: () => Date;
  /** Waits of bulk reads that the tenant slowed down (default: the real clock). */
  clock?: Clock;
  /** Told when a move was started (or found already started), so whoever tracks it learns its task id. */
  moveStarted?: (planId: string, step: StartMoveStep, move: MoveTaskState) => Promise<void>;
  /** Sends one person their guidance (services/guidance/guidanceStep.ts); absent when guidance is not set up. */
  sendGuidance?: (step: SendGuidanceStep, run: { planId: string; runId: string }) => Promise<StepOutcome>;
  /** Tells one owner their site moved (services/guidance/siteNoticeStep.ts); absent when guidance is not set up. */
  sendSiteNotice?: (step: SendSiteNoticeStep, run: { planId: string; runId: string }) => Promise<StepOutcome>;
}

export type SendGuidanceStep = Extract<PlanStep, { type: 'send-guidance' }>;
export type SendSiteNoticeStep = Extract<PlanStep, { type: 'send-site-notice' }>;

export type StartMoveStep = Extract<PlanStep, { type: 'start-move' }>;


export async function runStep(step: PlanStep, ctx: StepContext): Promise<StepOutcome> {
  switch (step.type) {
    case 'record-move-states': return recordMoveStates(ctx);
    case 'remove-trust': return removeTrust(step, ctx);
    case 'verify-trust-removed': return verifyTrustRemoved(step, ctx);
    case 'remove-redirect': return removeRedirect(step, ctx);
    case 'start-move': return startMove(step, ctx);
    case 'send-guidance':
      if (!ctx.sendGuidance) return { state: 'failed', reason: 'Guidance delivery is not set up in this bot.' };
      return ctx.sendGuidance(step, { planId: ctx.planId, runId: ctx.runId });
    case 'send-site-notice':
      if (!ctx.sendSiteNotice) return { state: 'failed', reason: 'Guidance delivery is not set up in this bot.' };
      return ctx.sendSiteNotice(step, { planId: ctx.planId, runId: ctx.runId });
  }
}

async function recordMoveStates(ctx: StepContext): Promise<StepOutcome> {
  const [{ users }, sites] = await Promise.all([ctx.identityMap(), ctx.siteMap?.() ?? NO_SITES]);
  // People by UPN, sites and group sites by move key: the forms `move status` reads the records back by.
  const keys = [...users.map((u) => u.sourceUpn), ...sites.entries.map(siteMoveKey)];
  // Fresh reads, never the ledger: these are the states kept as final once trust is gone.
  const source = ctx.tenants.source;
  const read = await readMoveStates(moveReaderByKey(source), keys, { clock: ctx.clock ?? systemClock });
  const outcomes = keys.map((key) => read.get(key)!);
  const unreadable = outcomes.find((o) => !o.ok);
  if (unreadable && !unreadable.ok) throw unreadable.error;
  const states = outcomes.map((o) => (o as { value: MoveTaskState | null }).value);
  // A move that restarted since the plan was approved must keep trust in place.
  const unfinished = keys.filter((_, i) => !isFinishedMove(states[i] ?? null));
  if (unfinished.length) {
    return { state: 'failed', reason: `Moves not finished, trust kept: ${unfinished.slice(0, 10).map(moveKeyText).join(', ')}${unfinished.length > 10 ? ` and ${unfinished.length - 10} more` : ''}.` };
  }
  const recordedAt = ctx.now().toISOString();
  await ctx.moveRecords.putAll(keys.map((key, i) => ({ sourceUpn: key, state: states[i] ?? null, recordedAt, planId: ctx.planId })));
  const ofSites = sites.entries.length ? ` and ${sites.entries.length} site(s) and group site(s)` : '';
  return { state: 'done', reason: `Recorded the move state of ${users.length} user(s)${ofSites}.` };
}

/**
 * Removes one side's trust behind a guard: the role integers we send are inferred, and during a move back
 * both directions exist, so a wrong guess would remove the other direction. The relation is read back
 * first and removed only when it names the partner in the role we mean; after removing, it must be gone.
 * Anything else stops this side (the plan is ordered: nothing after it runs) with the line to run by hand.
 */
async function removeTrust(step: Extract<PlanStep, { type: 'remove-trust' }>, ctx: StepContext): Promise<StepOutcome> {
  const tenant = ctx.tenants[step.side];
  const before = await tenant.checkRelation(step.partnerRole, step.partnerHostUrl);
  if (before.state === 'mismatch') return trustGuardStop(step, tenant, `Stopped before removing: ${before.detail}.`);
  if (before.state === 'absent') {
    const status = await tenant.getTrust(step.partnerRole, step.partnerHostUrl);
    if (status.verification === 'NotEstablished') return { state: 'done', reason: 'Already removed.' };
    return trustGuardStop(step, tenant, `Stopped before removing: the relation could not be read back, yet verification says ${status.verification}.`);
  }
  // A refusal is read back too: a repeat whose first attempt landed is refused, yet the relation is gone.
  const refusal = await tenant.removeTrust(step.partnerRole, step.partnerHostUrl).then(() => null, (err: unknown) => {
    if (err instanceof TenantError && err.httpStatus === 200) return err;
    throw err;
  });
  const after = await tenant.checkRelation(step.partnerRole, step.partnerHostUrl);
  if (refusal && after.state === 'present') return { state: 'failed', reason: refusalText(refusal) };
  if (after.state !== 'absent') return trustGuardStop(step, tenant, `Removal was sent, but the relation read back afterwards is not gone: ${after.detail}.`);
  return { state: 'done', reason: `Removed (partner role ${step.partnerRole}, ${step.partnerHostUrl}); read back: gone.` };
}

function trustGuardStop(step: Extract<PlanStep, { type: 'remove-trust' }>, tenant: TenantClientApi, why: string): StepOutcome {
  return {
    state: 'failed',
    reason: `${why} Nothing else was removed. Check the relation with Get-SPOCrossTenantRelationship -Scenario MnA, then, if it is right, `
      + `an admin of ${tenant.adminUrl} runs by hand (Connect-SPOService -Url ${tenant.adminUrl}): `
      + `Remove-SPOCrossTenantRelationship -Scenario MnA -PartnerRole ${step.partnerRole} -PartnerCrossTenantHostUrl ${step.partnerHostUrl}`,
  };
}

async function verifyTrustRemoved(step: Extract<PlanStep, { type: 'verify-trust-removed' }>, ctx: StepContext): Promise<StepOutcome> {
  const status = await ctx.tenants[step.side].getTrust(step.partnerRole, step.partnerHostUrl);
  if (status.verification === 'NotEstablished') return { state: 'done', reason: 'Verified: NotEstablished.' };
  return { state: 'failed', reason: `The ${step.side} tenant still reports ${status.verification}.` };
}

async function removeRedirect(step: Extract<PlanStep, { type: 'remove-redirect' }>, ctx: StepContext): Promise<StepOutcome> {
  const tenant = ctx.tenants[step.side];
  // The plan was made from what the bot knew; the move is read again now, before the site.
  if (step.moveOf) {
    const state = step.side === 'source'
      ? (await readMoveState(tenant, ctx.moveRecords, step.moveOf)).state
      : await readMoveByKey(tenant, step.moveOf);
    if (!isCompletedMove(state)) {
      return { state: 'failed', reason: `The move of ${moveKeyText(step.moveOf)} is ${moveStateWords(state, 'not found')} now, not completed: the redirect was left in place.` };
    }
  }
  const site = await tenant.findSite(step.url);
  if (!site) return alreadyRemoved(step, tenant);
  if (!isRedirectTemplate(site.template)) {
    return { state: 'failed', reason: `Not a redirect site (template ${site.template || 'unknown'}): left alone.` };
  }
  const lock = (site.lockState || 'Unlock').toLowerCase();
  // A ReadOnly redirect is tried as it is: one was removed with a plain Remove-SPOSite (office-docs-powershell
  // #8274), while other admins met "access denied" until they unlocked it (OfficeDocs-SharePoint #2922).
  // Only that refusal leads to unlocking, when the plan says so. Other locks (NoAccess) are unlocked first.
  if (lock !== 'unlock' && lock !== 'readonly') {
    if (!step.unlock) return lockedAdvice(step.url, `The site is locked (LockState ${site.lockState}).`);
    const unlocked = await tenant.unlockSite(step.url);
    if (!unlocked.complete) return { state: 'failed', reason: 'Unlocking did not finish in time; the site was not removed. Retry later.' };
  }
  let removed = await removeOrNull(tenant, step.url).catch((err: unknown) => {
    if (lock === 'readonly' && isAccessDenied(err)) return 'denied' as const;
    throw err;
  });
  if (removed === 'denied') {
    if (!step.unlock) return lockedAdvice(step.url, 'SharePoint denied access to the site, which is locked (LockState ReadOnly).');
    const unlocked = await tenant.unlockSite(step.url);
    if (!unlocked.complete) return { state: 'failed', reason: 'Access was denied on the ReadOnly site, and unlocking it did not finish in time; the site was not removed. Retry later.' };
    removed = await removeOrNull(tenant, step.url);
  }
  if (!removed) return alreadyRemoved(step, tenant);
  if (!removed.complete) ctx.logger.warn({ planId: ctx.planId, url: step.url }, 'site deletion still running when polling stopped');
  if (!step.purge) return { state: 'done', reason: removed.complete ? 'Removed (in the recycle bin).' : 'Removal started; SharePoint is still finishing it.' };
  return purge(step.url, tenant, 'Removed and purged from the recycle bin.');
}

/**
 * RemoveSite, or null when the site is already gone: a repeated request whose first attempt landed answers
 * "no site" (SpoNoSiteException), or SpoException -1, which PnP Framework (IsCannotRemoveSiteException)
 * reads as "may already be in the recycle bin": that one counts as ours only if the bin holds the site.
 */
async function removeOrNull(tenant: TenantClientApi, url: string): Promise<OperationOutcome | null> {
  try {
    return await tenant.removeSite(url);
  } catch (err) {
    if (err instanceof TenantError && err.serviceCode.endsWith('SpoNoSiteException')) return null;
    // "Already in the recycle bin", or gone from the bin too: another run (or an admin) got there first.
    if (err instanceof TenantError && err.serviceCode === SPO_EXCEPTION && (await tenant.isInRecycleBin(url) || !(await tenant.findSite(url)))) return null;
    throw err;
  }
}

const SPO_EXCEPTION = 'Microsoft.Online.SharePoint.Common.SpoException';
/** RemoveDeletedSite's answer for a URL not in the recycle bin (wire: spo-csom-error-deletedsite-notfound). */
const ARGUMENT_EXCEPTION = 'System.ArgumentException';

const isAccessDenied = (err: unknown) => err instanceof TenantError && err.serviceCode === 'System.UnauthorizedAccessException';

function lockedAdvice(url: string, why: string): StepOutcome {
  return { state: 'failed', reason: `${why} Ask again with "unlock", or run Set-SPOSite -Identity ${url} -LockState Unlock first.` };
}

/** Gone from the active sites: removed earlier (by us before a crash, or by someone else). */
async function alreadyRemoved(step: Extract<PlanStep, { type: 'remove-redirect' }>, tenant: TenantClientApi): Promise<StepOutcome> {
  if (step.purge && await tenant.isInRecycleBin(step.url)) return purge(step.url, tenant, 'Already removed; purged from the recycle bin.');
  return { state: 'done', reason: step.purge ? 'Already removed and not in the recycle bin.' : 'Already removed.' };
}

async function purge(url: string, tenant: TenantClientApi, reason: string): Promise<StepOutcome> {
  let purged: OperationOutcome;
  try {
    purged = await tenant.purgeDeletedSite(url);
  } catch (err) {
    // "Unable to find the deleted site": purged since we looked. Done, as long as it is gone everywhere.
    if (err instanceof TenantError && err.serviceCode === ARGUMENT_EXCEPTION && !(await tenant.isInRecycleBin(url)) && !(await tenant.findSite(url))) {
      return { state: 'done', reason: 'Already purged: it left the recycle bin before this run purged it (another run or an admin did it).' };
    }
    throw err;
  }
  if (!purged.complete) return { state: 'failed', reason: 'Removed, but purging from the recycle bin did not finish in time. Retry later.' };
  return { state: 'done', reason };
}

const WAITING = new Set(['notstarted', 'inprogress', 'scheduled', 'readytotrigger', 'rescheduled']);

/**
 * Starts the move of a user's OneDrive, a site or a group site on the tenant the content leaves. A move of
 * it already waiting or running there is taken as this step's own (a repeat after a crash) rather than
 * started twice; the service would refuse a second one anyway. A refusal carries the service's MnA code,
 * which is what the admin needs.
 */
async function startMove(step: StartMoveStep, ctx: StepContext): Promise<StepOutcome> {
  const tenant = ctx.tenants[step.side];
  const { site } = step;
  // A site's or group's move is read back by the move key of a move from this side (services/knowledge/moveKeys.ts).
  const key = site ? siteMoveKeyFrom(site.kind, site.source, site.source) : step.sourceUpn;
  const readBack = () => readMoveByKey(tenant, key);
  const existing = await readBack();
  if (existing && WAITING.has(existing.status.toLowerCase())) {
    await ctx.moveStarted?.(ctx.planId, step, existing);
    return { state: 'done', reason: `Already started (task ${existing.id ?? 'unknown'}, ${inWords(existing.status)}).` };
  }
  let move: MoveTaskState;
  try {
    move = site
      ? await tenant.startSiteMove({ kind: site.kind, source: site.source, target: site.target, targetHostUrl: step.targetHostUrl })
      : await tenant.startMove({ sourceUpn: step.sourceUpn, targetUpn: step.targetUpn, targetHostUrl: step.targetHostUrl });
  } catch (err) {
    if (!(err instanceof TenantError) || (err.httpStatus !== undefined && err.httpStatus >= 500)) throw err;
    // A retried POST whose first attempt landed is refused as "in progress": that move is ours.
    const landed = err.serviceCode === 'MnASiteMoveIsInprogressOrFinished' ? await readBack() : null;
    if (!landed || !WAITING.has(landed.status.toLowerCase())) return { state: 'failed', reason: refusalText(err) };
    move = landed;
  }
  await ctx.moveStarted?.(ctx.planId, step, move);
  return { state: 'done', reason: `Move started (task ${move.id ?? 'unknown'}, ${inWords(move.status)}) to ${site ? site.target : step.targetUpn} at ${step.targetHostUrl}.` };
}

/** The service's code first (e.g. MnASiteMoveTargetUrlHasWriteConflict), unless its message already says it. */
export function refusalText(err: TenantError): string {
  return err.userMessage.includes(err.serviceCode) ? err.userMessage : `${err.serviceCode}: ${err.userMessage}`;
}
