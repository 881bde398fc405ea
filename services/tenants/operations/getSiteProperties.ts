// CSOM Tenant.GetSitePropertiesByUrl(url, includeDetail=false): the tenant-admin view of one site (confirmed
// shape: CLI for Microsoft 365; a missing site answers SpoNoSiteException "Cannot get site …").
import { TenantError } from '../../errors.js';
import { bool, csomResult, str, tenantObjectQuery } from '../csom.js';
import type { RedirectSite } from '../types.js';
import type { OperationContext } from './context.js';
import { toRedirectSite } from './listRedirectSites.js';

export async function getSiteProperties(ctx: OperationContext, url: string, signal?: AbortSignal): Promise<RedirectSite> {
  const request = tenantObjectQuery(ctx.appName, { name: 'GetSitePropertiesByUrl', params: [str(url), bool(false)] });
  const value = csomResult(await ctx.csom.execute(request, 'GetSitePropertiesByUrl', signal), request, request.queryId);
  if (!value || typeof value !== 'object') {
    throw new TenantError('CsomUnexpected', `SharePoint answered without the properties of ${url}. Try again.`, 200);
  }
  return toRedirectSite(value as Parameters<typeof toRedirectSite>[0]);
}
