// The application permissions the bot needs on each tenant, and why: the guide (docs/deploy.md) explains
// the same list and a test keeps the two in step.
import type { AccessResource } from '../tenants/access.js';

export const REQUIRED_ROLES: Readonly<Record<AccessResource, readonly string[]>> = {
  // App-only CSOM on the admin host (host URL, trust, site listing and removal) needs full control.
  sharepoint: ['Sites.FullControl.All'],
  graph: [
    'SharePointCrossTenantMigration.Manage.All', // start and cancel moves (migrate back)
    'SharePointCrossTenantMigration.Read.All', // the move-state GETs accept only this one
    'User.Read.All', // look users up by UPN
    'TeamsAppInstallation.ReadWriteSelfForUser.All', // install the bot for users before guiding them
    'Files.Read.All', // each person's new OneDrive (users/{id}/drive) for their guidance card
  ],
};

/** Needed on the target tenant only with GUIDANCE_MAIL_FROM set: the guidance e-mail fallback sends from that mailbox. */
export const MAIL_SEND_ROLE = 'Mail.Send';

/**
 * Needed on the target tenant only with ADMIN_GROUP_IDS or APPROVER_GROUP_IDS set (checkMemberGroups and group
 * reads) or with a site map (a group site's owners, groups/{id}/owners, for `notify site owners`).
 */
export const GROUP_READ_ROLE = 'GroupMember.Read.All';

/** Needed on the target tenant only with MIGRATION_SOURCE=orchestrator: its jobs and their users (least privilege, documented). */
export const ORCHESTRATOR_READ_ROLE = 'CrossTenantContentMigration.Read.All';

/** When the tenant's app needs more than REQUIRED_ROLES. */
export interface RoleNeeds { sendsMail?: boolean; readsGroups?: boolean; readsOrchestrator?: boolean }

/** What one tenant's token must carry: REQUIRED_ROLES, plus Mail.Send where the bot sends e-mail, plus
 * GroupMember.Read.All where roles come from groups, plus the orchestrator's read where moves come from its jobs. */
export function requiredRoles(resource: AccessResource, options: RoleNeeds = {}): readonly string[] {
  if (resource !== 'graph') return REQUIRED_ROLES[resource];
  return [...REQUIRED_ROLES.graph, ...(options.sendsMail ? [MAIL_SEND_ROLE] : []), ...(options.readsGroups ? [GROUP_READ_ROLE] : []),
    ...(options.readsOrchestrator ? [ORCHESTRATOR_READ_ROLE] : [])];
}

/** The required roles the token does not carry, in the order above. */
export function missingRoles(resource: AccessResource, granted: readonly string[], options: RoleNeeds = {}): string[] {
  const have = new Set(granted.map((r) => r.toLowerCase()));
  return requiredRoles(resource, options).filter((r) => !have.has(r.toLowerCase()));
}
