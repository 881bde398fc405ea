// Graph v1.0 users/{id}/drive: the person's OneDrive on this tenant, as the tenant itself names it (the
// guidance card links it and the sync client's sign-in link needs its site URL and ids). App permission
// Files.Read.All. 404 means the person has no OneDrive here (yet): null, not an error.
import { TenantError } from '../../errors.js';
import { pathSegment } from '../graph.js';
import type { UserDrive } from '../types.js';
import type { OperationContext } from './context.js';

interface DriveAnswer {
  webUrl?: string;
  sharePointIds?: { siteId?: string | null; webId?: string | null; listId?: string | null; siteUrl?: string | null } | null;
}

export async function getUserDrive(ctx: OperationContext, userId: string, signal?: AbortSignal): Promise<UserDrive | null> {
  try {
    const d = await ctx.graph.getJson<DriveAnswer>(`/v1.0/users/${pathSegment(userId)}/drive?$select=webUrl,sharePointIds`, signal);
    if (!d.webUrl) return null;
    const ids = d.sharePointIds ?? {};
    return {
      webUrl: d.webUrl,
      // The personal site (the web holding Documents): what the sync client's webUrl wants.
      siteUrl: ids.siteUrl ?? d.webUrl.replace(/\/Documents\/?$/i, ''),
      siteId: ids.siteId ?? undefined,
      webId: ids.webId ?? undefined,
      listId: ids.listId ?? undefined,
    };
  } catch (err) {
    if (err instanceof TenantError && err.httpStatus === 404) return null;
    throw err;
  }
}
