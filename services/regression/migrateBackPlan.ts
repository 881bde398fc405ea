// migrate back <upn on the current tenant> to <upn on the original tenant>: the preflight, check by check
// (each passed or failed, with what to do), then an ordered plan: clear the original OneDrive URL on the
// original tenant (remove AND purge the redirect there: site URLs must be unique or the reverse move fails),
// then start the move on the current tenant, the one the content leaves. A failed check is a blocker
// finding too, so the approval path refuses the plan however it is reached. The checks that do not depend
// on what moves (sides, reverse trust, last move, nothing else moving, the original URL, the dry run) are
// exported for a site's or group site's move back (siteMoveBackPlan.ts).
import { inWords } from '../stateWords.js';
import { TenantError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import { getHostUrls } from '../insights/hostUrls.js';
import { personalSiteUrl } from '../insights/redirects.js';
import { tenantName } from '../insights/tenantPair.js';
import { isCompletedMove, moveStateWords } from '../knowledge/moveStates.js';
import { buildPlan } from '../approvals/plan.js';
import { redirectItemKey } from '../approvals/removeRedirectsPlan.js';
import type { Finding, Person, Plan, PlanItem, PreflightCheck } from '../approvals/types.js';
import { refusalText } from '../jobs/steps.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { isRedirectTemplate } from '../tenants/redirectTemplates.js';
import type { PartnerRole, TenantClientApi, TenantSide, TrustStatus } from '../tenants/types.js';
import type { TrackedUser } from './types.js';

export interface MigrateBackInput {
  tenants: Record<TenantSide, TenantClientApi>;
  /** Both moves are read now through what the bot knows: the original one lands in the ledger. */
  moves: Pick<Knowledge, 'moveStateOf' | 'moveStatesOf'>;
  identityMap: IdentityMap;
  currentUpn: string;
  originalUpn: string;
  /** A live tracking entry for this person, if any (another move back under way). */
  tracked?: TrackedUser;
  requestedBy: Person;
  now: Date;
  expiryMs?: number;
}

/** The content moved source → target; moving back, the target is the tenant it leaves. */
export const CURRENT_SIDE: TenantSide = 'target';
export const ORIGINAL_SIDE: TenantSide = 'source';
const WAITING = new Set(['notstarted', 'inprogress', 'scheduled', 'readytotrigger', 'rescheduled']);
const URL_CONFLICT = 'MnASiteMoveTargetUrlHasWriteConflict';

/** Both tenants of a move back (the one the content leaves, the one it returns to), their names and host URLs. */
export interface MoveBackSides {
  current: TenantClientApi; original: TenantClientApi;
  names: { current: string; original: string };
  currentHost: string; originalHost: string;
}

export async function moveBackSides(tenants: Record<TenantSide, TenantClientApi>): Promise<MoveBackSides> {
  const current = tenants[CURRENT_SIDE];
  const original = tenants[ORIGINAL_SIDE];
  const hosts = await getHostUrls(tenants);
  return {
    current, original, names: { current: tenantName(current.adminUrl), original: tenantName(original.adminUrl) },
    currentHost: hosts[CURRENT_SIDE].hostUrl, originalHost: hosts[ORIGINAL_SIDE].hostUrl,
  };
}

/** The reverse trust, checked on the current tenant (partner role Target) and the original one (Source). */
export function reverseTrustChecks({ current, original, names, currentHost, originalHost }: MoveBackSides): Promise<PreflightCheck[]> {
  return Promise.all([
    trustCheck(current, 'Target', originalHost, names.current, 'current', names.original),
    trustCheck(original, 'Source', currentHost, names.original, 'original', names.current),
  ]);
}

export async function planMigrateBack(input: MigrateBackInput): Promise<Plan> {
  const sides = await moveBackSides(input.tenants);
  const { current, original, names, originalHost } = sides;
  const originalUrl = personalSiteUrl(original.adminUrl, input.originalUpn);

  const [trust, users, lastMove, otherMove, urlHolder] = await Promise.all([
    reverseTrustChecks(sides),
    usersCheck(input, names),
    lastMoveCheck(input.moves, input.originalUpn, input.originalUpn, names.original),
    otherMoveCheck(input, input.currentUpn, { subject: input.currentUpn, stop: 'Stop-SPOCrossTenantUserContentMove' }, names.current),
    urlCheck(original, originalUrl, names.original, 'OneDrive URL'),
  ]);
  const checks: PreflightCheck[] = [...trust, users, mapCheck(input), lastMove, otherMove, urlHolder.check];
  checks.push(await dryRun(() => current.startMove({ sourceUpn: input.currentUpn, targetUpn: input.originalUpn, targetHostUrl: originalHost, validateOnly: true }), urlHolder.clears));

  const items: PlanItem[] = [
    {
      key: redirectItemKey(originalUrl),
      label: `Remove and purge the redirect at ${originalUrl} on ${names.original} (${ORIGINAL_SIDE})${urlHolder.locked ? ', unlocking it first' : ''}`,
      step: { type: 'remove-redirect', side: ORIGINAL_SIDE, url: originalUrl, unlock: urlHolder.locked, purge: true },
    },
    {
      key: `start-move:${input.currentUpn.toLowerCase()}`,
      label: `Start the move of ${input.currentUpn} on ${names.current} back to ${input.originalUpn} on ${names.original} (${originalHost})`,
      step: { type: 'start-move', side: CURRENT_SIDE, sourceUpn: input.currentUpn, targetUpn: input.originalUpn, targetHostUrl: originalHost },
    },
  ];
  const findings: Finding[] = checks.filter((c) => !c.passed).map((c) => ({ level: 'blocker', text: `${c.name}: ${c.detail}`, subjects: c.commands }));
  return buildPlan({
    kind: 'migrate-back',
    title: `Move ${input.currentUpn} back to ${names.original}`,
    summary: `Clear ${originalUrl} on ${names.original}, then move ${input.currentUpn}'s OneDrive from ${names.current} back to ${input.originalUpn}. The move is tracked until its content is confirmed reachable and the redirect it leaves on ${names.current} is removed.`,
    requestedBy: input.requestedBy, items, findings, checks,
    options: { side: CURRENT_SIDE, purge: true, unlock: urlHolder.locked, scope: input.originalUpn },
    ordered: true,
  }, input.now, input.expiryMs);
}

/**
 * The reverse direction needs its own trust: the current tenant names the original as partner role Target,
 * the original names the current as partner role Source. Setting it up is outside this bot.
 */
async function trustCheck(tenant: TenantClientApi, partnerRole: PartnerRole, partnerHostUrl: string, name: string, which: string, partnerName: string): Promise<PreflightCheck> {
  const check = `Reverse trust on ${name} (${which} tenant): partner ${partnerName} as ${partnerRole}`;
  const commands = [
    `Connect-SPOService -Url ${tenant.adminUrl}`,
    `Set-SPOCrossTenantRelationship -Scenario MnA -PartnerRole ${partnerRole} -PartnerCrossTenantHostUrl ${partnerHostUrl}`,
  ];
  const fix = `An admin of ${name} runs this in SharePoint Online PowerShell (setting up trust is outside this bot), then asks again.`;
  let status: TrustStatus;
  try {
    // The same guard as trust removal: the role integers are inferred, and the forward relation with the
    // same partner exists too, so the relation read back must name the partner in the role we mean.
    const relation = await tenant.checkRelation(partnerRole, partnerHostUrl);
    if (relation.state === 'mismatch') {
      return {
        name: check, passed: false, detail: `not checked: the relation read back does not match the role sent (${relation.detail}).`,
        fix: `An admin of ${name} checks the relations by hand and sets the reverse one if it is missing; the bot acts on neither.`,
        commands: [`Connect-SPOService -Url ${tenant.adminUrl}`, 'Get-SPOCrossTenantRelationship -Scenario MnA', `Verify-SPOCrossTenantRelationship -Scenario MnA -PartnerRole ${partnerRole} -PartnerCrossTenantHostUrl ${partnerHostUrl}`],
      };
    }
    status = await tenant.getTrust(partnerRole, partnerHostUrl);
    if (relation.state === 'absent' && status.verification !== 'NotEstablished') {
      return { name: check, passed: false, detail: `not checked: verification says ${inWords(status.verification)}, but no relation with ${partnerHostUrl} as ${partnerRole} could be read back.`, fix: 'An admin checks the relations by hand (Get-SPOCrossTenantRelationship -Scenario MnA), then asks again.' };
    }
  } catch (err) {
    return { name: check, passed: false, detail: `could not be verified: ${messageOf(err)}`, fix: 'Try again; if it persists, check the tenant connection ("check setup").' };
  }
  if (status.verification === 'GoodToProceed') return { name: check, passed: true, detail: 'verified: good to proceed.' };
  if (status.verification === 'NotEstablishedByPartner') {
    // This side is set; the partner's side is missing, and its own check names the command for it.
    return { name: check, passed: false, detail: `set on ${name}, not yet on ${partnerName} (NotEstablishedByPartner): see the check for ${partnerName}.` };
  }
  if (status.verification.startsWith('Dormant')) {
    return { name: check, passed: false, detail: `set, but ${inWords(status.verification)}: a new trust can stay dormant for up to 7 days.`, fix: 'Wait until it verifies GoodToProceed, then ask again.', commands: [`Verify-SPOCrossTenantRelationship -Scenario MnA -PartnerRole ${partnerRole} -PartnerCrossTenantHostUrl ${partnerHostUrl}`] };
  }
  return { name: check, passed: false, detail: `not established (${inWords(status.verification)}).`, fix, commands };
}

async function usersCheck(input: MigrateBackInput, names: { current: string; original: string }): Promise<PreflightCheck> {
  const name = 'The user exists on both tenants';
  try {
    const [onCurrent, onOriginal] = await Promise.all([
      input.tenants[CURRENT_SIDE].getUser(input.currentUpn), input.tenants[ORIGINAL_SIDE].getUser(input.originalUpn),
    ]);
    const missing = [onCurrent ? '' : `${input.currentUpn} is not a user on ${names.current}`, onOriginal ? '' : `${input.originalUpn} is not a user on ${names.original}`].filter(Boolean);
    if (missing.length) return { name, passed: false, detail: `${missing.join('; ')}.`, fix: 'Check both UPNs (current tenant first, then "to" and the original one); a removed account must be restored first.' };
    return { name, passed: true, detail: `${input.currentUpn} on ${names.current}, ${input.originalUpn} on ${names.original}.` };
  } catch (err) {
    return { name, passed: false, detail: `could not be read: ${messageOf(err)}`, fix: 'Try again.' };
  }
}

function mapCheck(input: MigrateBackInput): PreflightCheck {
  const name = 'The identity map covers them';
  const row = input.identityMap.users.find((u) => u.sourceUpn.toLowerCase() === input.originalUpn.toLowerCase());
  if (!row) return { name, passed: false, detail: `${input.originalUpn} is not in the identity map.`, fix: 'Add the User row (original UPN, current UPN) to the identity-mapping CSV, upload it with Add-SPOTenantIdentityMap on both tenants, and ask again.' };
  if (row.targetUpn.toLowerCase() !== input.currentUpn.toLowerCase()) {
    return { name, passed: false, detail: `the map pairs ${row.sourceUpn} with ${row.targetUpn}, not ${input.currentUpn}.`, fix: `Ask for "migrate back ${row.targetUpn} to ${row.sourceUpn}", or correct the map.` };
  }
  return { name, passed: true, detail: `line ${row.line}: ${row.sourceUpn} → ${row.targetUpn}.` };
}

/**
 * The move state lives on the tenant the content left (the original source) under its move key there: a
 * person's original UPN, a site's `site:<original url>` or a group's `group:<original alias>`.
 */
export async function lastMoveCheck(moves: MigrateBackInput['moves'], key: string, subject: string, originalName: string): Promise<PreflightCheck> {
  const name = 'The last move is completed';
  try {
    const { state, recordedAt } = await moves.moveStateOf(key);
    const where = recordedAt ? `as recorded on ${originalName} before trust removal` : `move state on ${originalName}`;
    if (isCompletedMove(state)) return { name, passed: true, detail: `completed${state?.finishedDateTime ? ` at ${state.finishedDateTime}` : ''} (${where}).` };
    return { name, passed: false, detail: `the move of ${subject} on ${originalName} is ${moveStateWords(state, 'not found')}.`, fix: 'Only a completed move can be reversed: wait for it to finish, or look at it with "move status".' };
  } catch (err) {
    return { name, passed: false, detail: `could not be read: ${messageOf(err)}`, fix: 'Try again (Graph answers 422 once trust is removed).' };
  }
}

/**
 * Nothing already moving: no live tracking entry, and no waiting move from the current tenant under the move
 * key of a move leaving it (a person's current UPN, `site:<current url>`, `group:<current alias>`).
 */
export async function otherMoveCheck(
  input: Pick<MigrateBackInput, 'moves' | 'tracked'>, key: string, what: { subject: string; stop: string }, currentName: string,
): Promise<PreflightCheck> {
  const name = 'No other move is pending';
  if (input.tracked) return { name, passed: false, detail: `already being moved back (plan ${input.tracked.planId}, ${input.tracked.state}).`, fix: `Type "move status ${input.tracked.currentUpn}" to follow it.` };
  try {
    const read = (await input.moves.moveStatesOf(CURRENT_SIDE, [key])).get(key);
    if (!read?.ok) throw read?.error ?? new Error('not read');
    const state = read.value;
    if (state && WAITING.has(state.status.toLowerCase())) {
      return { name, passed: false, detail: `a move of ${what.subject} on ${currentName} is ${inWords(state.status)}${state.id ? ` (task ${state.id})` : ''}.`, fix: `Wait for it to finish, or stop it with ${what.stop} before it starts.` };
    }
    return { name, passed: true, detail: state ? `the last move from ${currentName} is ${inWords(state.status)}.` : `no move from ${currentName} yet.` };
  } catch (err) {
    return { name, passed: false, detail: `could not be read: ${messageOf(err)}`, fix: 'Try again.' };
  }
}

/**
 * What holds the original URL: a redirect (cleared by step 1), a deleted site (purged), nothing, or a real
 * site, which blocks: site URLs must be unique, and the bot removes only redirect sites.
 */
export async function urlCheck(tenant: TenantClientApi, url: string, name: string, what: 'OneDrive URL' | 'site URL'): Promise<UrlHolder> {
  const check = `The original ${what} on ${name} can be cleared`;
  try {
    const site = await tenant.findSite(url);
    if (site && !isRedirectTemplate(site.template)) {
      return { clears: false, locked: false, check: { name: check, passed: false, detail: `${url} is a live site with template ${site.template || 'unknown'}, not a redirect; site URLs must be unique, so the move would fail with ${URL_CONFLICT}.`, fix: 'Look at that site first: the bot removes only redirect sites.' } };
    }
    if (site) {
      const locked = (site.lockState || 'Unlock').toLowerCase() !== 'unlock';
      return { clears: true, locked, check: { name: check, passed: true, detail: `a redirect site holds ${url}${locked ? ` (locked: ${site.lockState}, unlocked first)` : ''}: step 1 removes it and purges it from the recycle bin.` } };
    }
    if (await tenant.isInRecycleBin(url)) {
      return { clears: true, locked: false, check: { name: check, passed: true, detail: `a deleted site in the recycle bin still holds ${url}: step 1 purges it.` } };
    }
    return { clears: false, locked: false, check: { name: check, passed: true, detail: `nothing holds ${url}.` } };
  } catch (err) {
    return { clears: false, locked: false, check: { name: check, passed: false, detail: `could not be read: ${messageOf(err)}`, fix: 'Try again.' } };
  }
}

export interface UrlHolder { check: PreflightCheck; clears: boolean; locked: boolean }

/**
 * The service's own check (validateOnly on the current tenant), shown as it answers; the refusal, if any, is
 * kept for checks that read it (long paths). The URL conflict step 1 clears is expected.
 */
export async function dryRun(validate: () => Promise<{ status: string; error?: string }>, clears: boolean): Promise<PreflightCheck & { refusal?: TenantError }> {
  const name = "The service's dry run (validateOnly)";
  try {
    const answer = await validate();
    return { name, passed: true, detail: `accepted: status ${answer.status}${answer.error ? `, ${answer.error}` : ''}.` };
  } catch (err) {
    if (err instanceof TenantError && err.serviceCode === URL_CONFLICT && clears) {
      return { name, passed: true, detail: `${refusalText(err)} (expected: step 1 clears that URL first).` };
    }
    const fix = err instanceof TenantError && err.serviceCode.startsWith('MnATrust')
      ? 'Set up the reverse trust (see the checks above) and ask again.'
      : 'Fix what the service names, then ask again.';
    return { name, passed: false, detail: err instanceof TenantError ? refusalText(err) : messageOf(err), fix, ...(err instanceof TenantError ? { refusal: err } : {}) };
  }
}

export function messageOf(err: unknown): string {
  if (err instanceof TenantError) return refusalText(err);
  return err instanceof Error ? err.message : String(err);
}
