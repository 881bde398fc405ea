// What the service checks when a move is created over Graph (validateOnly or not), in the order applied
// here. The codes are MnAStatusCode names (public CSOM enum). INFERRED, all in this file: the order of the
// checks, which check answers which code, the messages, and that the partner's side of the trust is read at
// creation. Only the 422 text for a missing relation is documented (on the GET pages).
import { ORG_RELATION_ROLE, ORG_RELATION_SCENARIO } from './csom/enums.js';
import { SandboxWorld, TenantState, UserRecord, hostUrlKey, personalSiteUrl, siteKey, tenantByHostUrl } from './model.js';

export class MoveRefusal extends Error {
  /** 422: the documented "no Cross-Tenant relationship" answer; 400: a refusal naming an MnA code. */
  constructor(readonly code: string, message: string, readonly status: 400 | 422 = 400) { super(message); }
}

export interface MoveRequest {
  targetOrganizationHost: string;
  source: { userPrincipalName?: string; id?: string };
  target: { userPrincipalName?: string; id?: string };
}

export function findUser(tenant: TenantState, identity: { userPrincipalName?: string; id?: string }): UserRecord | undefined {
  const upn = identity.userPrincipalName?.toLowerCase();
  const id = identity.id?.toLowerCase();
  return tenant.users.find((u) => (upn && u.userPrincipalName.toLowerCase() === upn) || (id && u.id === id));
}

const holds = (tenant: TenantState, role: number | null, partnerHostUrl: string) => tenant.relations.some((r) =>
  r.scenario === ORG_RELATION_SCENARIO.MnA && (role === null || r.partnerRole === role) && hostUrlKey(r.partnerHostUrl) === hostUrlKey(partnerHostUrl));

/**
 * A task lives on the tenant its content leaves, which must hold the partner in role Target: the documented
 * 422 names "role Target". Reads and cancels of a task answer 422 once that relation is gone.
 */
export function holdsTargetRelation(tenant: TenantState, partnerHostUrl: string): boolean {
  return holds(tenant, ORG_RELATION_ROLE.Target, partnerHostUrl);
}

/** A move back: the user's content came to this tenant by a completed move from the partner. */
function isMoveBack(tenant: TenantState, partner: TenantState, source: UserRecord): boolean {
  const upn = source.userPrincipalName.toLowerCase();
  return [...partner.moves.values()].some((m) => m.status === 'completed' && m.targetUpn.toLowerCase() === upn
    && hostUrlKey(m.targetOrganizationHost) === `https://${tenant.myHost}/`);
}

/**
 * Trust in the move's direction: this tenant holds the partner as Target, the partner holds us as Source.
 * A move back over a trust set up only the forward way is refused with MnAReverseTrustNeedsRequiredPartnerRole;
 * a partner without its side in that role, MnATrustNoSetupForPartnerInRole; no relation here at all, 422.
 */
export function checkTrust(tenant: TenantState, partner: TenantState | undefined, source: UserRecord | undefined, host: string): void {
  const back = partner && source ? isMoveBack(tenant, partner, source) : false;
  if (!holdsTargetRelation(tenant, host)) {
    if (back && holds(tenant, null, host)) {
      throw new MoveRefusal('MnAReverseTrustNeedsRequiredPartnerRole', `Moving ${source?.userPrincipalName} back needs a relationship with partner ${host} in role Target on this tenant.`);
    }
    throw new MoveRefusal('NoRelationship', `There is no Cross-Tenant relationship established for partner ${host} and role Target.`, 422);
  }
  if (!partner) return;
  if (!holds(partner, ORG_RELATION_ROLE.Source, `https://${tenant.myHost}/`)) {
    throw new MoveRefusal('MnATrustNoSetupForPartnerInRole', `The partner ${host} has no relationship with https://${tenant.myHost}/ in role Source.`);
  }
}

function checkIdentityMap(tenant: TenantState, partner: TenantState, source: UserRecord, target: UserRecord): void {
  const upn = source.userPrincipalName.toLowerCase();
  const row = partner.identityMap.find((r) => r.sourceTenantId === tenant.tenantId && r.sourceUpn.toLowerCase() === upn);
  if (!row) throw new MoveRefusal('MnAIdentityMapEntryDoesNotExistsForSourceUPN', `The identity map on the target tenant has no entry for ${source.userPrincipalName}.`);
  if (row.targetUpn.toLowerCase() !== target.userPrincipalName.toLowerCase()) {
    throw new MoveRefusal('MnAIdentityMapEntryDoesNotExistsForSourceUPN', `The identity map on the target tenant maps ${source.userPrincipalName} to ${row.targetUpn}, not ${target.userPrincipalName}.`);
  }
}

/** A site, or a deleted site in the recycle bin, at the destination URL: site URLs must be unique. */
export function urlConflict(partner: TenantState, url: string): string | null {
  return partner.sites.has(siteKey(url)) || partner.recycleBin.has(siteKey(url)) ? url : null;
}

function targetUrlConflict(partner: TenantState, targetUpn: string): string | null {
  return urlConflict(partner, personalSiteUrl(partner.myHost, targetUpn));
}

export const conflictMessage = (url: string) => `A site already exists at ${url}. Remove it and purge it from the recycle bin, then move again.`;

/** The checks a move request fails at creation; the same for validateOnly and a real move. */
export function validateMove(world: SandboxWorld, tenant: TenantState, req: MoveRequest): { source: UserRecord; target: UserRecord; partner: TenantState } {
  const partner = tenantByHostUrl(world, req.targetOrganizationHost);
  const source = findUser(tenant, req.source);
  checkTrust(tenant, partner === tenant ? undefined : partner, source, req.targetOrganizationHost);
  if (!partner || partner === tenant) throw new MoveRefusal('MnATrustCouldNotContactPartner', `The partner ${req.targetOrganizationHost} could not be contacted.`);
  if (!source) throw new MoveRefusal('MnAOdbForSourceUPNDoesNotExist', 'The source user does not exist in this tenant.');
  const target = findUser(partner, req.target);
  if (!target) throw new MoveRefusal('MnATargetUserDoesNotExist', 'The target user does not exist in the target tenant.');
  checkIdentityMap(tenant, partner, source, target);
  const upn = source.userPrincipalName.toLowerCase();
  const mine = [...tenant.moves.values()].filter((m) => m.sourceUpn.toLowerCase() === upn).sort((a, b) => a.createdAt - b.createdAt);
  if (mine.some((m) => m.status === 'notStarted' || m.status === 'inProgress')) {
    throw new MoveRefusal('MnASiteMoveIsInprogressOrFinished', `A move for ${source.userPrincipalName} is already scheduled or in progress.`);
  }
  const site = tenant.sites.get(siteKey(personalSiteUrl(tenant.myHost, source.userPrincipalName)));
  if (!site || !/^spspers#/i.test(site.template)) {
    // The OneDrive left with a finished move from here: the service names the move, not the missing site.
    if (mine.at(-1)?.status === 'completed') throw new MoveRefusal('MnASiteMoveIsInprogressOrFinished', `The move for ${source.userPrincipalName} has already finished.`);
    throw new MoveRefusal('MnAOdbForSourceUPNDoesNotExist', `The source user ${source.userPrincipalName} has no OneDrive to move.`);
  }
  const conflict = world.settings.urlConflictOnValidate ? targetUrlConflict(partner, target.userPrincipalName) : null;
  if (conflict) throw new MoveRefusal('MnASiteMoveTargetUrlHasWriteConflict', conflictMessage(conflict));
  return { source, target, partner };
}
