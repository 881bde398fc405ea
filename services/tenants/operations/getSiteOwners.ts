// Who owns a moved site on the tenant it is on now, to tell them it moved. One read per kind:
//  - a Microsoft 365 group's site is owned by the group's owners: Graph v1.0 `groups?$filter=mailNickname eq
//    '<alias>'` finds the group, `groups/{id}/owners` lists them (group-list-owners; GroupMember.Read.All);
//  - a SharePoint site by its site collection administrators: `<site>/_api/web/siteusers?$filter=IsSiteAdmin
//    eq true` on the site's own host (SP.User.IsSiteAdmin). A group site's administrators are the group's
//    owners claim, not people, which is why a group is asked through Graph.
// Only people come back: service principals and SharePoint groups or claims without a UPN are left out.
// Who counts as "the owners" to tell is our reading (docs/moves.md, inferred 14).
import { pathSegment } from '../graph.js';
import type { SiteOwner, SiteOwnersOf } from '../types.js';
import type { OperationContext } from './context.js';

interface GraphList<T> { value: T[]; '@odata.nextLink'?: string }
interface GraphOwner { '@odata.type'?: string; id: string; userPrincipalName?: string | null; displayName?: string | null }

export async function getSiteOwners(ctx: OperationContext, site: SiteOwnersOf, signal?: AbortSignal): Promise<SiteOwner[]> {
  return site.kind === 'group' && site.alias ? groupOwners(ctx, site.alias, signal) : siteAdmins(ctx, site.siteUrl, signal);
}

async function groupOwners(ctx: OperationContext, alias: string, signal?: AbortSignal): Promise<SiteOwner[]> {
  const filter = encodeURIComponent(`mailNickname eq '${alias.replace(/'/g, "''")}'`);
  const groups = await ctx.graph.getJson<GraphList<{ id: string }>>(`/v1.0/groups?$filter=${filter}&$select=id`, signal);
  const group = groups.value[0];
  if (!group) return [];
  const owners: SiteOwner[] = [];
  let next: string | undefined = `/v1.0/groups/${pathSegment(group.id)}/owners?$select=id,userPrincipalName,displayName`;
  while (next) {
    const page: GraphList<GraphOwner> = await ctx.graph.getJson<GraphList<GraphOwner>>(next, signal);
    for (const o of page.value) {
      if (o.userPrincipalName && (o['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user') {
        owners.push({ upn: o.userPrincipalName, displayName: o.displayName ?? undefined });
      }
    }
    // The next page's link is absolute: its path and query, under the same Graph root.
    const link = page['@odata.nextLink'];
    next = link ? new URL(link).pathname + new URL(link).search : undefined;
  }
  return owners;
}

async function siteAdmins(ctx: OperationContext, siteUrl: string, signal?: AbortSignal): Promise<SiteOwner[]> {
  const admins = await ctx.spo.readSiteAdmins(siteUrl, signal);
  return admins.flatMap((a) => {
    const upn = a.UserPrincipalName || claimUpn(a.LoginName);
    return upn ? [{ upn, displayName: a.Title || undefined }] : [];
  });
}

/** `i:0#.f|membership|<upn>`: a person's claim; anything else (a group's claim) names no one to tell. */
function claimUpn(loginName: string | undefined): string | undefined {
  const m = /^i:0#\.f\|membership\|(.+)$/i.exec(loginName ?? '');
  return m?.[1];
}
