// Whether a URL is held by a site in the tenant recycle bin: CSOM Tenant.GetDeletedSitePropertiesByUrl(url)
// (signature public; CLI for Microsoft 365 calls it after a SpoNoSiteException to look in the bin).
// Not in the bin: the documented answer for RemoveDeletedSite is System.ArgumentException "Unable to find
// the deleted site: <url>." (wire: spo-csom-error-deletedsite-notfound.json); we read the same answer here,
// and, as INFERRED, SpoNoSiteException too. Any other refusal is an error, not a "no".
import { TenantError } from '../../errors.js';
import { csomResult, str, tenantObjectQuery } from '../csom.js';
import type { OperationContext } from './context.js';
import { NO_SITE } from './getSiteProperties.js';

export function deletedSiteRequest(appName: string, url: string) {
  return tenantObjectQuery(appName, { name: 'GetDeletedSitePropertiesByUrl', params: [str(url)] }, { childItems: false });
}

export function isNotInBin(err: unknown): boolean {
  if (!(err instanceof TenantError)) return false;
  if (err.serviceCode === NO_SITE) return true;
  return err.serviceCode === 'System.ArgumentException' && /unable to find the deleted site/i.test(err.userMessage);
}

export async function isInRecycleBin(ctx: OperationContext, url: string, signal?: AbortSignal): Promise<boolean> {
  const request = deletedSiteRequest(ctx.appName, url);
  try {
    const value = csomResult(await ctx.csom.execute(request, 'GetDeletedSitePropertiesByUrl', signal), request, request.queryId);
    return value !== null && typeof value === 'object';
  } catch (err) {
    if (isNotInBin(err)) return false;
    throw err;
  }
}
