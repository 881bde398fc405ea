// remove redirects [source|target] [all | sites | onedrives | <url> | for <upn>]: every redirect site on that
// tenant (all pages, personal sites included), kept only when the move that left it completed: a person's
// OneDrive move (identity map) or a site's or group site's move (site map); people being moved back keep theirs.
// Sites left out are named in findings, so the card says why they are not in the plan.
import { inWords } from '../stateWords.js';
import { InputError } from '../errors.js';
import { findUser, type IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { moveKeyText } from '../knowledge/moveKeys.js';
import { personalSiteUrl, redirectOrigins } from '../insights/redirects.js';
import type { TenantPair } from '../insights/tenantPair.js';
import { tenantName } from '../insights/tenantPair.js';
import type { MoveKind, RedirectSite, TenantSide } from '../tenants/types.js';
import type { MoveStatesOf } from '../knowledge/knowledge.js';
import type { MoveTaskState } from '../knowledge/moveKeys.js';
import { asOf } from '../knowledge/freshness.js';
import { isCompletedMove, moveStateWords } from '../knowledge/moveStates.js';
import { isRedirectTemplate } from '../tenants/redirectTemplates.js';
import { normalSiteUrl, sameSiteUrl } from '../siteUrl.js';
import { buildPlan } from './plan.js';
import type { Finding, Person, Plan, PlanItem } from './types.js';

/** `only`: the redirects of people's OneDrives, or of sites and group sites (the site map's). */
export type RedirectScope = { kind: 'all'; only?: 'onedrives' | 'sites' } | { kind: 'url'; url: string } | { kind: 'for'; upn: string };

export interface RemoveRedirectsInput {
  tenants: TenantPair;
  /** The side's redirect sites as last listed (a snapshot), and when. */
  sites: (side: TenantSide) => Promise<{ sites: RedirectSite[]; listedAt: string }>;
  /** One site read now (CSOM GetSitePropertiesByUrl), null when there is none. */
  findSite: (side: TenantSide, url: string) => Promise<RedirectSite | null>;
  /** Move states as last known (the ledger), read now where unknown. */
  moveStates: MoveStatesOf;
  identityMap: IdentityMap;
  /** Sites and group sites moved: their redirects are removed once their move completed, like people's. */
  siteMap?: SiteMap;
  side?: TenantSide;
  scope?: RedirectScope;
  /** Unlock locked sites first (Set-SPOSite -LockState Unlock). */
  unlock?: boolean;
  /** Also purge each site from the tenant recycle bin. */
  purge?: boolean;
  /** People and sites being moved back, by move key (UPN on the side, `site:`/`group:` key): their redirects stay. */
  exclude?: (moveKey: string) => boolean;
  /**
   * Sites (by redirectItemKey) an unfinished removal plan already holds, with that plan ("p-abc (running)"). They
   * stay in this plan: each removal re-checks its site, so whichever runs second finds it gone and skips
   * it; the card says so, since a snapshot listed before that plan ran still shows them.
   */
  plannedElsewhere?: ReadonlyMap<string, string>;
  requestedBy: Person;
  now: Date;
  expiryMs?: number;
}

/** The key of the item that removes the redirect at `url`: one per site, whatever its case or trailing slash. */
export const redirectItemKey = (url: string) => `remove-redirect:${normalSiteUrl(url)}`;

/**
 * A redirect and the move that left it: `moveOf` is the UPN (people) or move key (sites, groups) the tenant the
 * content left reads that move by; undefined when neither map knows the URL.
 */
interface Candidate { site: RedirectSite; kind?: MoveKind; moveOf?: string }

export async function planRemoveRedirects(input: RemoveRedirectsInput): Promise<Plan> {
  const side = input.side ?? 'source';
  const scope = input.scope ?? { kind: 'all' };
  const tenant = input.tenants[side];
  const { sites: all, listedAt } = scope.kind === 'all' ? await input.sites(side) : await oneSite(scope, side, input);
  const candidates = onlyOfKind(matchMoves(inScope(all, scope, side, input), side, input), scope);
  const findings: Finding[] = [];
  const { kept, statesReadAt } = await keepCompleted(candidates, side, input, findings);
  findings.push({ level: 'info', text: 'Based on the redirect sites as last listed and the move states as last read ("as of" is the older of the two): each site and its move are checked again just before it is removed.' });
  if (!kept.length) {
    throw new InputError(`Nothing to remove on ${tenantName(tenant.adminUrl)}. ${findings.map((f) => f.text).join(' ')}`.trim());
  }
  const items = kept.map(({ site, moveOf }): PlanItem => ({
    key: redirectItemKey(site.url), label: site.url,
    step: { type: 'remove-redirect', side, url: site.url, unlock: input.unlock === true, purge: input.purge === true, ...(moveOf ? { moveOf } : {}) },
  }));
  findings.push(...lockFindings(kept, input.unlock === true), ...overlapFindings(items, input.plannedElsewhere));
  const name = `${tenantName(tenant.adminUrl)} (${side})`;
  const extras = [input.unlock ? 'unlocking locked sites first' : '', input.purge ? 'purging them from the recycle bin' : ''].filter(Boolean);
  return buildPlan({
    kind: 'remove-redirects', title: `Remove ${items.length} redirect site(s) on ${name}`,
    summary: `Remove ${items.length} of the ${all.length} redirect site(s) on ${name}${extras.length ? `, ${extras.join(' and ')}` : ''}.`,
    requestedBy: input.requestedBy, items, findings,
    options: { side, unlock: input.unlock === true, purge: input.purge === true, scope: scopeText(scope) },
    ordered: false, asOf: asOf(listedAt, statesReadAt),
  }, input.now, input.expiryMs);
}

/**
 * One site or one person's: read now rather than from the snapshot, which cannot know a redirect that a move
 * (back) left since the last listing, and costs one read where a listing costs hundreds.
 */
async function oneSite(scope: Exclude<RedirectScope, { kind: 'all' }>, side: TenantSide, input: RemoveRedirectsInput): Promise<{ sites: RedirectSite[]; listedAt: string }> {
  const url = scope.kind === 'url' ? scope.url : personalUrlOf(scope.upn, side, input);
  const site = await input.findSite(side, url);
  return { sites: site && isRedirectTemplate(site.template) ? [site] : [], listedAt: input.now.toISOString() };
}

function inScope(sites: RedirectSite[], scope: RedirectScope, side: TenantSide, input: RemoveRedirectsInput): RedirectSite[] {
  if (scope.kind === 'all') return sites;
  const url = scope.kind === 'url' ? scope.url : personalUrlOf(scope.upn, side, input);
  const found = sites.filter((s) => sameSiteUrl(s.url, url));
  if (!found.length) {
    throw new InputError(`${url} is not a redirect site on ${tenantName(input.tenants[side].adminUrl)} (or does not exist). Type "list redirects ${side}" to see them.`);
  }
  return found;
}

function personalUrlOf(upn: string, side: TenantSide, input: RemoveRedirectsInput): string {
  const person = findUser(input.identityMap, upn);
  const upnOnSide = person ? (side === 'source' ? person.sourceUpn : person.targetUpn) : upn;
  return personalSiteUrl(input.tenants[side].adminUrl, upnOnSide);
}

/** What each redirect stands in place of, and the move to read again before removing it (redirectOrigins). */
function matchMoves(sites: RedirectSite[], side: TenantSide, input: RemoveRedirectsInput): Candidate[] {
  const origins = redirectOrigins(input.tenants[side].adminUrl, side, input.identityMap, input.siteMap);
  return sites.map((site) => {
    const origin = origins.get(normalSiteUrl(site.url));
    return origin ? { site, kind: origin.kind, moveOf: origin.moveOf } : { site };
  });
}

/** `remove redirects sites` keeps the site map's kinds, `remove redirects onedrives` the people's. */
function onlyOfKind(candidates: Candidate[], scope: RedirectScope): Candidate[] {
  if (scope.kind !== 'all' || !scope.only) return candidates;
  return candidates.filter((c) => (scope.only === 'onedrives' ? c.kind === 'onedrive' : c.kind === 'site' || c.kind === 'group'));
}

/** The tenant the content left keeps the move state, under that tenant's UPN (people) or move key (sites). */
async function keepCompleted(candidates: Candidate[], side: TenantSide, input: RemoveRedirectsInput, findings: Finding[]): Promise<{ kept: Candidate[]; statesReadAt?: string }> {
  const unmatched = candidates.filter((c) => !c.moveOf).map((c) => c.site.url);
  if (unmatched.length) {
    const text = input.siteMap?.entries.length
      ? `${unmatched.length} redirect site(s) left out: neither the identity map nor the site map has that URL.`
      : `${unmatched.length} redirect site(s) left out: no one in the identity map has that OneDrive URL (sites and group sites need a site map).`;
    findings.push({ level: 'warning', text, subjects: unmatched });
  }
  const matched = candidates.filter((c) => c.moveOf);
  const excluded = matched.filter((c) => input.exclude?.(c.moveOf!) === true);
  if (excluded.length) findings.push({ level: 'info', text: `${excluded.length} redirect site(s) left out: their people or sites are being moved back.`, subjects: excluded.map((c) => moveKeyText(c.moveOf!)) });
  const rest = matched.filter((c) => !excluded.includes(c));
  const states = await input.moveStates(side, rest.map((c) => c.moveOf!));
  const unfinished: string[] = [];
  const kept = rest.filter((c) => {
    const o = states.get(c.moveOf!);
    const state: MoveTaskState | null = o?.ok ? o.value : null;
    if (o?.ok && isCompletedMove(state)) return true;
    unfinished.push(`${moveKeyText(c.moveOf!)} (${o?.ok ? moveStateWords(state) : 'move state unreadable'})`);
    return false;
  });
  if (unfinished.length) findings.push({ level: 'warning', text: `${unfinished.length} redirect site(s) left out: their move has not completed.`, subjects: unfinished });
  return { kept, statesReadAt: states.oldestReadAt };
}

/**
 * Locked sites never block the plan. ReadOnly ones (redirect sites are often ReadOnly) are tried as they
 * are and only unlocked if SharePoint denies access; other locks (NoAccess) need unlocking first.
 */
function lockFindings(kept: Candidate[], unlock: boolean): Finding[] {
  const lockOf = (c: Candidate) => (c.site.lockState || 'Unlock').toLowerCase();
  const subjectsOf = (list: Candidate[]) => list.map((c) => `${c.site.url} (${inWords(c.site.lockState)})`);
  const readOnly = kept.filter((c) => lockOf(c) === 'readonly');
  const locked = kept.filter((c) => lockOf(c) !== 'unlock' && lockOf(c) !== 'readonly');
  const findings: Finding[] = [];
  if (readOnly.length) {
    findings.push(unlock
      ? { level: 'info', text: `${readOnly.length} site(s) are read-only: each is tried as it is, and unlocked first only if SharePoint denies access.`, subjects: subjectsOf(readOnly) }
      : { level: 'warning', text: `${readOnly.length} site(s) are read-only: each is tried as it is; if SharePoint denies access it fails with advice, unless you ask again with "unlock".`, subjects: subjectsOf(readOnly) });
  }
  if (locked.length) {
    findings.push(unlock
      ? { level: 'info', text: `${locked.length} locked site(s) will be unlocked first.`, subjects: subjectsOf(locked) }
      : { level: 'warning', text: `${locked.length} site(s) are locked and will fail ("access denied") unless the plan unlocks them: ask again with "unlock".`, subjects: subjectsOf(locked) });
  }
  return findings;
}

/** One warning per unfinished plan that already holds some of these sites (the same item key: the same site). */
function overlapFindings(items: PlanItem[], planned: ReadonlyMap<string, string> | undefined): Finding[] {
  const byPlan = new Map<string, string[]>();
  for (const item of items) {
    const plan = planned?.get(item.key);
    if (!plan) continue;
    const urls = byPlan.get(plan);
    if (urls) urls.push(item.label); else byPlan.set(plan, [item.label]);
  }
  return [...byPlan].map(([plan, urls]) => ({
    level: 'warning' as const,
    text: `${urls.length} of these site(s) are also in plan ${plan}: whichever plan runs second finds them gone and skips them.`,
    subjects: urls,
  }));
}

function scopeText(scope: RedirectScope): string {
  if (scope.kind === 'all') return scope.only ?? 'all';
  return scope.kind === 'url' ? scope.url : `for ${scope.upn}`;
}
