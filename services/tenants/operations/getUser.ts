// Graph v1.0 users/{upn}; 404 = no such user.
import { TenantError } from '../../errors.js';
import { pathSegment } from '../graph.js';
import type { DirectoryUser } from '../types.js';
import type { OperationContext } from './context.js';

/** Graph wants a UPN that starts with `$` in the key form `users('…')` (quotes doubled), or it reads it as a system query. */
export function userPath(upn: string): string {
  return upn.startsWith('$') ? `/v1.0/users('${pathSegment(upn.replace(/'/g, "''"))}')` : `/v1.0/users/${pathSegment(upn)}`;
}

export async function getUser(ctx: OperationContext, upn: string, signal?: AbortSignal): Promise<DirectoryUser | null> {
  try {
    const u = await ctx.graph.getJson<DirectoryUser & { mail?: string | null; preferredLanguage?: string | null; displayName?: string | null }>(userPath(upn), signal);
    return {
      id: u.id, userPrincipalName: u.userPrincipalName,
      displayName: u.displayName ?? undefined, mail: u.mail ?? undefined, preferredLanguage: u.preferredLanguage ?? undefined,
    };
  } catch (err) {
    if (err instanceof TenantError && err.httpStatus === 404) return null;
    throw err;
  }
}
