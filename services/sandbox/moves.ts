// Cross-tenant OneDrive moves: a clock for moves started over the API, and what a finished move leaves
// behind (a redirect at the old URL, a OneDrive on the other tenant). The checks at creation: moveChecks.ts.
import { randomUUID } from 'node:crypto';
import { MoveTask, SandboxWorld, TenantState, UserRecord, personalSiteUrl, siteKey, tenantByHostUrl } from './model.js';
import { conflictMessage, targetUrlConflict } from './moveChecks.js';
import { addSite } from './scenario.js';
import { seededRandom } from './random.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function createMove(world: SandboxWorld, tenant: TenantState, source: UserRecord, target: UserRecord, partner: TenantState): MoveTask {
  const now = world.now();
  const duration = world.settings.moveDurationMs;
  const task: MoveTask = {
    id: randomUUID(), sourceUpn: source.userPrincipalName, targetUpn: target.userPrincipalName,
    targetOrganizationHost: `https://${partner.myHost}`, status: 'notStarted', createdAt: now,
    startedDateTime: null, lastUpdatedDateTime: iso(now), finishedDateTime: null, error: null,
    schedule: { startAt: now + Math.floor(duration / 3), finishAt: now + duration },
  };
  tenant.moves.set(task.id, task);
  return task;
}

function finish(world: SandboxWorld, tenant: TenantState, task: MoveTask): void {
  const partner = tenantByHostUrl(world, task.targetOrganizationHost) as TenantState;
  const at = (task.schedule as { finishAt: number }).finishAt;
  const sourceKey = siteKey(personalSiteUrl(tenant.myHost, task.sourceUpn));
  const targetUrl = personalSiteUrl(partner.myHost, task.targetUpn);
  const fail = (code: string, message: string) => Object.assign(task, { status: 'failed', error: { code, message } });
  const site = tenant.sites.get(sourceKey);
  const conflict = targetUrlConflict(partner, task.targetUpn);
  if (!site) fail('MnAOdbForSourceUPNDoesNotExist', 'The source OneDrive no longer exists.');
  else if (conflict) {
    // Site URLs must be unique: a redirect (even one in the recycle bin) at the target URL blocks the move.
    // INFERRED: found when the move runs, not at creation (SandboxOptions.urlConflictOnValidate moves it there).
    fail('MnASiteMoveTargetUrlHasWriteConflict', conflictMessage(conflict));
  } else if (failsOnPurpose(world, task)) {
    // SandboxOptions.failMovesFor: the code and text of this service-side failure are INFERRED.
    fail('internalServerError', 'The move stopped because of an internal error on the service. Start it again; if it fails again, contact Microsoft support.');
  } else {
    tenant.sites.set(sourceKey, { ...site, template: 'RedirectSite#0', lastContentModified: new Date(at) });
    tenant.siteVersion++;
    addSite(partner, { url: targetUrl, template: 'SPSPERS#10', title: site.title, owner: task.targetUpn, lastContentModified: new Date(at), hasHolds: false }, seededRandom(at));
    task.status = 'completed';
  }
  task.finishedDateTime = iso(at);
  task.lastUpdatedDateTime = iso(at);
}

function failsOnPurpose(world: SandboxWorld, task: MoveTask): boolean {
  const upns = world.settings.failMovesFor;
  return upns.includes(task.sourceUpn.toLowerCase()) || upns.includes(task.targetUpn.toLowerCase());
}

/** Moves the clock of API-started moves forward to now (called before each Graph answer). */
/**
 * Moves are only ever added, never removed: an index rebuilt when their count changes lets a tenant of
 * 10,000 people answer each move read without walking every move (which made a full read quadratic).
 */
interface MoveIndex { size: number; byUpn: Map<string, MoveTask>; scheduled: MoveTask[] }
const indexes = new WeakMap<TenantState, MoveIndex>();

function indexOf(tenant: TenantState): MoveIndex {
  const known = indexes.get(tenant);
  if (known && known.size === tenant.moves.size) return known;
  const byUpn = new Map<string, MoveTask>();
  const scheduled: MoveTask[] = [];
  for (const m of tenant.moves.values()) {
    const key = m.sourceUpn.toLowerCase();
    const had = byUpn.get(key);
    if (!had || m.createdAt >= had.createdAt) byUpn.set(key, m);
    if (m.schedule) scheduled.push(m);
  }
  const index = { size: tenant.moves.size, byUpn, scheduled };
  indexes.set(tenant, index);
  return index;
}

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
