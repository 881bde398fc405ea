// Installs the bot's Teams app for one user: Graph v1.0 POST users/{id}/teamwork/installedApps with the
// catalog app bound (app permission TeamsAppInstallation.ReadWriteSelfForUser.All). Teams only opens a
// 1:1 chat with a bot for a user who has its app, so this comes before creating the conversation.
// 409 means the app is installed for that user already, which is as good for the caller.
// Through the tenant client's Graph layer: same retry (429 / Retry-After), throttle gate and User-Agent.
import { TenantError } from '../../errors.js';
import { pathSegment } from '../graph.js';
import type { OperationContext } from './context.js';

export type AppInstallOutcome = 'installed' | 'already-installed';

/** `userId`: the Entra object id (a UPN works too); `catalogAppId`: the app's id in the tenant app catalog. */
export async function installAppForUser(ctx: OperationContext, userId: string, catalogAppId: string, signal?: AbortSignal): Promise<AppInstallOutcome> {
  const body = { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}` };
  try {
    await ctx.graph.postJson<unknown>(`/v1.0/users/${pathSegment(userId)}/teamwork/installedApps`, body, signal);
    return 'installed';
  } catch (err) {
    if (err instanceof TenantError && err.httpStatus === 409) return 'already-installed';
    // The generic Graph 403 advice names the migration permissions; this call needs another one.
    if (err instanceof TenantError && err.httpStatus === 403) {
      throw new TenantError(err.serviceCode, 'Microsoft Graph refused to install the Teams app for the user (HTTP 403). Grant the app the application permission TeamsAppInstallation.ReadWriteSelfForUser.All and admin consent.', 403);
    }
    throw err;
  }
}
