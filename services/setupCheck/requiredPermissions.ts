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

/** The required roles the token does not carry, in the order above. */
export function missingRoles(resource: AccessResource, granted: readonly string[]): string[] {
  const have = new Set(granted.map((r) => r.toLowerCase()));
  return REQUIRED_ROLES[resource].filter((r) => !have.has(r.toLowerCase()));
}
