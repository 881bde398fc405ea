// The scenario's SharePoint sites and Microsoft 365 group sites moved from contoso to fabrikam, and the site
// map the bot reads for them. Drawn from a random stream of their own after every other draw, so the people
// and everything else in the scenario stay the same whatever the number of sites.
import { SITE_MAP_COLUMNS } from '../identityMap/siteMapRows.js';
import { MOVED_GROUP_ALIASES, MOVED_SITE_NAMES, SITE_MOVE_FAILURES } from './names.js';
import { pick, seededGuid, seededRandom, shuffled } from './random.js';
import { MoveStatus, SiteMove, TenantState, siteKey } from './model.js';
import { BASE, DAY, addSite, makeTask } from './scenario.js';
import type { SandboxScenarioSite, SandboxScenarioUser } from './types.js';

export interface SiteScenarioInput { sites: number; groupSites: number; seed: number; remadeSites?: number; longPathSites?: number }

// The bot's own format (docs/moves.md inferred 1): the header the bot reads a site map by.
const SITE_MAP_HEADER = SITE_MAP_COLUMNS.join(',');

/** `names[i]`, then the same names numbered once they run out (2, 3 …), so any count gets unique names. */
const nth = (names: readonly string[], i: number) => names[i % names.length] + (i >= names.length ? String(Math.floor(i / names.length) + 1) : '');

/**
 * Most moves completed, as for people; from 3 moves on one in progress, from 6 one failed, from 10 one not
 * started, about 4% each at scale, never so many that fewer than half completed.
 */
function siteStatuses(next: () => number, n: number): MoveStatus[] {
  const statuses: MoveStatus[] = Array(n).fill('completed');
  const free = shuffled(next, [...Array(n).keys()]);
  const plan: [MoveStatus, number][] = [['inProgress', 3], ['failed', 6], ['notStarted', 10]];
  for (const [status, from] of plan) {
    if (n < from) continue;
    for (let k = Math.max(1, Math.round(n * 0.04)); k > 0 && free.length > n / 2; k--) statuses[free.pop() as number] = status;
  }
  return statuses;
}

interface Owners { source: string[]; target: string[] }

/** One or two owners, from the people whose own move completed (so each has an account on both tenants). */
function drawOwners(next: () => number, people: SandboxScenarioUser[]): Owners {
  if (!people.length) return { source: [], target: [] };
  const chosen = [pick(next, people)];
  const second = pick(next, people);
  if (next() < 0.5 && second !== chosen[0]) chosen.push(second);
  return { source: chosen.map((u) => u.sourceUpn), target: chosen.map((u) => u.targetUpn) };
}

function placeMove(source: TenantState, target: TenantState, next: () => number, move: SiteMove, status: MoveStatus, owners: Owners, template: string, title: string): SandboxScenarioSite {
  const task = { ...makeTask(next, status, '', '', `https://${target.myHost}`), site: move };
  if (status === 'failed') task.error = { ...pick(next, SITE_MOVE_FAILURES) };
  source.moves.set(task.id, task);
  const modified = new Date(BASE - Math.floor(next() * 20) * DAY);
  const [owner = '', ...additionalOwners] = owners.source;
  // A completed move leaves a redirect at the source URL that keeps the site's owner, as the scenario's
  // OneDrive redirects keep theirs (INFERRED: docs/moves.md inferred 4; no public listing shows its Owner).
  const left = status === 'completed' ? 'RedirectSite#0' : template;
  addSite(source, { url: move.sourceSiteUrl, template: left, title, owner, additionalOwners, lastContentModified: modified, hasHolds: false }, next);
  if (status === 'completed') {
    const [targetOwner = '', ...targetOthers] = owners.target;
    addSite(target, { url: move.targetSiteUrl, template, title, owner: targetOwner, additionalOwners: targetOthers, lastContentModified: modified, hasHolds: false }, next);
  }
  return { ...move, status, moveId: task.id, sourceOwners: owners.source, targetOwners: owners.target };
}

/** Group sites need their groups: the source group with its site, the target group made beforehand (SP-OV). */
function addGroups(source: TenantState, target: TenantState, next: () => number, site: SandboxScenarioSite, title: string): { sourceId: string; targetId: string } {
  const sourceId = seededGuid(next);
  const targetId = seededGuid(next);
  source.groups.push({ id: sourceId, displayName: title, memberIds: [], mailNickname: site.sourceAlias, siteUrl: site.sourceSiteUrl });
  // The target group is owned by the site's target owners, as its connected site is (groups/{id}/owners).
  const ownerIds = site.targetOwners.flatMap((upn) => target.users.find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase())?.id ?? []);
  target.groups.push({ id: targetId, displayName: title, memberIds: [], mailNickname: site.targetAlias, ownerIds, ...(site.status === 'completed' ? { siteUrl: site.targetSiteUrl } : {}) });
  return { sourceId, targetId };
}

export interface BuiltSites { sites: SandboxScenarioSite[]; siteMapCsv: string; identityMapGroupRows: string[] }

export function addSiteMoves(source: TenantState, target: TenantState, people: SandboxScenarioUser[], input: SiteScenarioInput): BuiltSites {
  const next = seededRandom((input.seed * 0x9e3779b1) ^ 0x51735);
  const owners = people.filter((u) => u.status === 'completed');
  // A rehearsal whose people all completed (fewer than 10 of them) is a finished migration: its sites too.
  const finished = people.every((u) => u.status === 'completed');
  const statusesOf = (n: number): MoveStatus[] => (finished ? Array<MoveStatus>(n).fill('completed') : siteStatuses(next, n));
  const sites: SandboxScenarioSite[] = [];
  const identityMapGroupRows: string[] = [];
  statusesOf(input.sites).forEach((status, i) => {
    const name = nth(MOVED_SITE_NAMES, i);
    const move: SiteMove = { kind: 'site', sourceSiteUrl: `https://${source.rootHost}/sites/${name}`, targetSiteUrl: `https://${target.rootHost}/sites/${name}` };
    sites.push(placeMove(source, target, next, move, status, drawOwners(next, owners), i % 3 === 2 ? 'SITEPAGEPUBLISHING#0' : 'STS#3', name));
  });
  statusesOf(input.groupSites).forEach((status, i) => {
    const alias = nth(MOVED_GROUP_ALIASES, i);
    // The target site URL must match the target group's alias (SP-5): the same alias on both tenants here.
    const move: SiteMove = { kind: 'group', sourceSiteUrl: `https://${source.rootHost}/sites/${alias}`, targetSiteUrl: `https://${target.rootHost}/sites/${alias}`, sourceAlias: alias, targetAlias: alias };
    const site = placeMove(source, target, next, move, status, drawOwners(next, owners), 'GROUP#0', alias);
    const ids = addGroups(source, target, next, site, alias);
    // GroupType value inferred, as for the scenario's other Group rows.
    identityMapGroupRows.push(`Group,${source.tenantId},${ids.sourceId},${ids.targetId},${alias},Unified`);
    sites.push(site);
  });
  markSpecialSites(source, target, sites, input);
  return { sites, siteMapCsv: siteMapCsv(sites), identityMapGroupRows };
}

/**
 * SandboxOptions.remadeSites, then longPathSites, on completed site moves in scenario order: a new site in
 * place of the redirect at the old URL (site URLs must be unique, so it blocks moving back), or files whose
 * paths would pass 400 characters at another URL. Marked after every draw, so nothing else changes.
 */
function markSpecialSites(source: TenantState, target: TenantState, sites: SandboxScenarioSite[], input: SiteScenarioInput): void {
  const completed = sites.filter((s) => s.kind === 'site' && s.status === 'completed');
  const remade = completed.slice(0, input.remadeSites ?? 0);
  for (const s of remade) {
    const record = source.sites.get(siteKey(s.sourceSiteUrl));
    if (record) record.template = 'STS#3';
    s.remadeAtSource = true;
  }
  for (const s of completed.slice(remade.length, remade.length + (input.longPathSites ?? 0))) {
    const record = target.sites.get(siteKey(s.targetSiteUrl));
    if (record) record.longPaths = true;
    s.longPaths = true;
  }
}

/** The site map as the bot reads it (docs/moves.md inferred 1: our own format): a header, one row per move in any state. */
function siteMapCsv(sites: SandboxScenarioSite[]): string {
  const rows = sites.map((s) => (s.kind === 'site'
    ? `Site,${s.sourceSiteUrl},${s.targetSiteUrl},,`
    : `Group,${s.sourceSiteUrl},${s.targetSiteUrl},${s.sourceAlias},${s.targetAlias}`));
  return [SITE_MAP_HEADER, ...rows].join('\n') + '\n';
}
