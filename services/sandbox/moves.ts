// Cross-tenant OneDrive moves: validation at creation, a clock for moves started over the API, and what a
// finished move leaves behind (a redirect at the old URL, a OneDrive on the other tenant).
import { randomUUID } from 'node:crypto';
import { MoveTask, SandboxWorld, TenantState, UserRecord, hostUrlKey, personalSiteUrl, siteKey, tenantByHostUrl } from './model.js';
import { addSite } from './scenario.js';
import { seededRandom } from './random.js';

export class MoveRefusal extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

export interface MoveRequest {
  targetOrganizationHost: string;
  source: { userPrincipalName?: string; id?: string };
  target: { userPrincipalName?: string; id?: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function findUser(tenant: TenantState, identity: { userPrincipalName?: string; id?: string }): UserRecord | undefined {
  const upn = identity.userPrincipalName?.toLowerCase();
  const id = identity.id?.toLowerCase();
  return tenant.users.find((u) => (upn && u.userPrincipalName.toLowerCase() === upn) || (id && u.id === id));
}

/** A move runs only while this tenant holds a relation naming the partner's host (any role; inferred leniency). */
export function hasRelationWith(tenant: TenantState, partnerHostUrl: string): boolean {
  return tenant.relations.some((r) => r.partnerHostUrl === hostUrlKey(partnerHostUrl));
}

/** The checks a move request fails synchronously (MnAStatusCode names; messages inferred). */
export function validateMove(world: SandboxWorld, tenant: TenantState, req: MoveRequest): { source: UserRecord; target: UserRecord; partner: TenantState } {
  const partner = tenantByHostUrl(world, req.targetOrganizationHost);
  if (!partner || partner === tenant) throw new MoveRefusal('MnATrustCouldNotContactPartner', `The partner ${req.targetOrganizationHost} could not be contacted.`);
  const source = findUser(tenant, req.source);
  if (!source) throw new MoveRefusal('MnAOdbForSourceUPNDoesNotExist', 'The source user does not exist in this tenant.');
  const site = tenant.sites.get(siteKey(personalSiteUrl(tenant.myHost, source.userPrincipalName)));
  if (!site || !/^spspers#/i.test(site.template)) throw new MoveRefusal('MnAOdbForSourceUPNDoesNotExist', `The source user ${source.userPrincipalName} has no OneDrive to move.`);
  const target = findUser(partner, req.target);
  if (!target) throw new MoveRefusal('MnATargetUserDoesNotExist', 'The target user does not exist in the target tenant.');
  const running = [...tenant.moves.values()].some((m) => m.sourceUpn.toLowerCase() === source.userPrincipalName.toLowerCase() && (m.status === 'notStarted' || m.status === 'inProgress'));
  if (running) throw new MoveRefusal('MnASiteMoveIsInprogressOrFinished', `A move for ${source.userPrincipalName} is already scheduled or in progress.`);
  return { source, target, partner };
}

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
  if (!site) fail('MnAOdbForSourceUPNDoesNotExist', 'The source OneDrive no longer exists.');
  else if (partner.sites.has(siteKey(targetUrl)) || partner.recycleBin.has(siteKey(targetUrl))) {
    // Site URLs must be unique: a redirect (even one in the recycle bin) at the target URL blocks the move.
    fail('MnASiteMoveTargetUrlHasWriteConflict', `A site already exists at ${targetUrl}. Remove it and purge it from the recycle bin, then move again.`);
  } else {
    tenant.sites.set(sourceKey, { ...site, template: 'RedirectSite#0', lastContentModified: new Date(at) });
    tenant.siteVersion++;
    addSite(partner, { url: targetUrl, template: 'SPSPERS#10', title: site.title, owner: task.targetUpn, lastContentModified: new Date(at), hasHolds: false }, seededRandom(at));
    task.status = 'completed';
  }
  task.finishedDateTime = iso(at);
  task.lastUpdatedDateTime = iso(at);
}

/** Moves the clock of API-started moves forward to now (called before each Graph answer). */
export function advanceMoves(world: SandboxWorld, tenant: TenantState): void {
  const now = world.now();
  for (const task of tenant.moves.values()) {
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
  const key = upn.toLowerCase();
  let found: MoveTask | undefined;
  for (const m of tenant.moves.values()) if (m.sourceUpn.toLowerCase() === key && (!found || m.createdAt >= found.createdAt)) found = m;
  return found;
}
