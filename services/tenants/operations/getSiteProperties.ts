// CSOM Tenant.GetSitePropertiesByUrl(url, includeDetail=false): the tenant-admin view of one site (confirmed
// shape: CLI for Microsoft 365; a missing site answers SpoNoSiteException "Cannot get site …").
import { TenantError } from '../../errors.js';
import { bool, csomResult, str, tenantObjectQuery } from '../csom.js';
import type { SiteProperties } from '../types.js';
import type { OperationContext } from './context.js';
import { toRedirectSite } from './listRedirectSites.js';

export const NO_SITE = 'Microsoft.Online.SharePoint.Common.SpoNoSiteException';

export function sitePropertiesRequest(appName: string, url: string) {
  return tenantObjectQuery(appName, { name: 'GetSitePropertiesByUrl', params: [str(url), bool(false)] }, { childItems: false });
}

export async function getSiteProperties(ctx: OperationContext, url: string, signal?: AbortSignal): Promise<SiteProperties> {
  const request = sitePropertiesRequest(ctx.appName, url);
  const value = csomResult(await ctx.csom.execute(request, 'GetSitePropertiesByUrl', signal), request, request.queryId);
  if (!value || typeof value !== 'object') {
    throw new TenantError('CsomUnexpected', `SharePoint answered without the properties of ${url}. Try again.`, 200);
  }
  const site: SiteProperties = toRedirectSite(value as Parameters<typeof toRedirectSite>[0]);
  const holds = (value as { HasHolds?: unknown }).HasHolds;
  if (typeof holds === 'boolean') site.hasHolds = holds;
  return site;
}

