// Cross-tenant moves of OneDrives, sites and group sites: a clock for moves started over the API, and what a
// finished move leaves behind (a redirect at the old URL, the content on the other tenant). The checks at
// creation: moveChecks.ts (people) and siteMoveChecks.ts (sites and group sites).
import { randomUUID } from 'node:crypto';
import { MoveTask, SandboxWorld, SiteMove, SiteRecord, TenantState, personalSiteUrl, siteKey, tenantByHostUrl } from './model.js';
import { conflictMessage, urlConflict } from './moveChecks.js';
import { addSite } from './scenario.js';
import { seededRandom } from './random.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Who or what moves: a person's two UPNs, or a site move (UPNs then '', see MoveTask). */
export type MoveSubject = { sourceUpn: string; targetUpn: string; site?: SiteMove };

export function createMove(world: SandboxWorld, tenant: TenantState, subject: MoveSubject, partner: TenantState): MoveTask {
  const now = world.now();
  const duration = world.settings.moveDurationMs;
  const task: MoveTask = {
    id: randomUUID(), sourceUpn: subject.sourceUpn, targetUpn: subject.targetUpn, ...(subject.site ? { site: { ...subject.site } } : {}),
    targetOrganizationHost: `https://${partner.myHost}`, status: 'notStarted', createdAt: now,
    startedDateTime: null, lastUpdatedDateTime: iso(now), finishedDateTime: null, error: null,
    schedule: { startAt: now + Math.floor(duration / 3), finishAt: now + duration },
  };
  tenant.moves.set(task.id, task);
  return task;
}

/** Where a move's content leaves from and lands, and what it becomes there: the one difference between kinds. */
interface Ends { sourceUrl: string; targetUrl: string; missing: [code: string, message: string]; landed: (site: SiteRecord) => Pick<SiteRecord, 'template' | 'owner' | 'additionalOwners'> }

function endsOf(tenant: TenantState, partner: TenantState, task: MoveTask): Ends {
  if (!task.site) {
    return {
      sourceUrl: personalSiteUrl(tenant.myHost, task.sourceUpn), targetUrl: personalSiteUrl(partner.myHost, task.targetUpn),
      missing: ['MnAOdbForSourceUPNDoesNotExist', 'The source OneDrive no longer exists.'],
      landed: () => ({ template: 'SPSPERS#10', owner: task.targetUpn }),
    };
  }
  // The site keeps its template; its owners become the people the target's identity map names for them.
  const mapped = (upn: string) => partner.identityMap.find((r) => r.sourceTenantId === tenant.tenantId && r.sourceUpn.toLowerCase() === upn.toLowerCase())?.targetUpn;
  return {
    sourceUrl: task.site.sourceSiteUrl, targetUrl: task.site.targetSiteUrl,
    // INFERRED (docs/moves.md: no site-specific failure is public): the code and text.
    missing: ['SourceSiteNotFound', 'The source site no longer exists.'],
    landed: (site) => {
      const owners = [site.owner, ...(site.additionalOwners ?? [])].map(mapped).filter((u): u is string => !!u);
      return { template: site.template, owner: owners[0] ?? '', additionalOwners: owners.slice(1) };
    },
  };
}

function finish(world: SandboxWorld, tenant: TenantState, task: MoveTask): void {
  const partner = tenantByHostUrl(world, task.targetOrganizationHost) as TenantState;
  const at = (task.schedule as { finishAt: number }).finishAt;
  const ends = endsOf(tenant, partner, task);
  const sourceKey = siteKey(ends.sourceUrl);
  const fail = (code: string, message: string) => Object.assign(task, { status: 'failed', error: { code, message } });
  const site = tenant.sites.get(sourceKey);
  const conflict = urlConflict(partner, ends.targetUrl);
  if (!site) fail(...ends.missing);
  else if (conflict) {
    // Site URLs must be unique: a redirect (even one in the recycle bin) at the target URL blocks the move.
    // INFERRED: for people found when the move runs, not at creation (SandboxOptions.urlConflictOnValidate moves it there).
    fail('MnASiteMoveTargetUrlHasWriteConflict', conflictMessage(conflict));
  } else if (failsOnPurpose(world, task)) {
    // SandboxOptions.failMovesFor: the code and text of this service-side failure are INFERRED.
    fail('internalServerError', 'The move stopped because of an internal error on the service. Start it again; if it fails again, contact Microsoft support.');
  } else {
    // The redirect keeps the record's owner, as a OneDrive's redirect does (INFERRED: docs/moves.md inferred 4).
    tenant.sites.set(sourceKey, { ...site, template: 'RedirectSite#0', lastContentModified: new Date(at) });
    tenant.siteVersion++;
    addSite(partner, { url: ends.targetUrl, title: site.title, ...ends.landed(site), lastContentModified: new Date(at), hasHolds: false }, seededRandom(at));
    if (task.site?.kind === 'group') connectGroupSite(partner, task.site);
    task.status = 'completed';
  }
  task.finishedDateTime = iso(at);
  task.lastUpdatedDateTime = iso(at);
}

/** The target group now has the site: a later move of that group (moving it back) starts from it. */
function connectGroupSite(partner: TenantState, site: SiteMove): void {
  const alias = site.targetAlias?.toLowerCase();
  const group = partner.groups.find((g) => g.mailNickname?.toLowerCase() === alias);
  if (group) group.siteUrl = site.targetSiteUrl;
}

function failsOnPurpose(world: SandboxWorld, task: MoveTask): boolean {
  const names = world.settings.failMovesFor;
  const keys = task.site ? [task.site.sourceSiteUrl, task.site.sourceAlias ?? ''] : [task.sourceUpn, task.targetUpn];
  return keys.some((k) => k && names.includes(k.toLowerCase()));
}

/**
 * Moves are only ever added, never removed: an index rebuilt when their count changes lets a tenant of
 * 10,000 people answer each move read without walking every move (which made a full read quadratic).
 */
interface MoveIndex { size: number; byUpn: Map<string, MoveTask>; bySite: Map<string, MoveTask>; byAlias: Map<string, MoveTask>; scheduled: MoveTask[] }
const indexes = new WeakMap<TenantState, MoveIndex>();

function indexOf(tenant: TenantState): MoveIndex {
  const known = indexes.get(tenant);
  if (known && known.size === tenant.moves.size) return known;
  const index: MoveIndex = { size: tenant.moves.size, byUpn: new Map(), bySite: new Map(), byAlias: new Map(), scheduled: [] };
  const keep = (map: Map<string, MoveTask>, key: string, m: MoveTask) => {
    const had = map.get(key);
    if (!had || m.createdAt >= had.createdAt) map.set(key, m);
  };
  for (const m of tenant.moves.values()) {
    if (!m.site) keep(index.byUpn, m.sourceUpn.toLowerCase(), m);
    else if (m.site.kind === 'site') keep(index.bySite, siteKey(m.site.sourceSiteUrl), m);
    else keep(index.byAlias, (m.site.sourceAlias ?? '').toLowerCase(), m);
    if (m.schedule) index.scheduled.push(m);
  }
  indexes.set(tenant, index);
  return index;
}

/** Moves the clock of API-started moves forward to now (called before each Graph answer). */
export function advanceMoves(world: SandboxWorld, tenant: TenantState): void {
  const now = world.now();
  const index = indexOf(tenant);
  for (const task of index.scheduled) {
    if (!task.schedule) continue;
    if (task.status === 'notStarted' && now >= task.schedule.startAt) {
      task.status = 'inProgress';
      task.startedDateTime = iso(task.schedule.startAt);
      task.lastUpdatedDateTime = iso(task.schedule.startAt);
    }
    if (task.status === 'inProgress' && now >= task.schedule.finishAt) finish(world, tenant, task);
  }
}

export function cancelMove(task: MoveTask, now: number): boolean {
  if (task.status !== 'notStarted') return false;
  task.status = 'cancelled';
  task.lastUpdatedDateTime = iso(now);
  task.finishedDateTime = iso(now);
  return true;
}

export function latestMoveFor(tenant: TenantState, upn: string): MoveTask | undefined {
  return indexOf(tenant).byUpn.get(upn.toLowerCase());
}

/** The latest move of a site (by source URL) or of a group (by source alias). */
export function latestSiteMoveFor(tenant: TenantState, kind: 'site' | 'group', source: string): MoveTask | undefined {
  const index = indexOf(tenant);
  return kind === 'site' ? index.bySite.get(siteKey(source)) : index.byAlias.get(source.toLowerCase());
}
