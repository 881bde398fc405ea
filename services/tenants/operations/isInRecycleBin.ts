// Whether a URL is held by a site in the tenant recycle bin: CSOM Tenant.GetDeletedSitePropertiesByUrl(url)
// (signature public; CLI for Microsoft 365 calls it after a SpoNoSiteException to look in the bin).
// Not in the bin: this method answers ErrorInfo Microsoft.SharePoint.Client.UnknownError ("Unknown Error",
// -1), which CLI for Microsoft 365 reads as "not there" (src/utils/spo.ts siteExistsInTheRecycleBin and its
// spec "handles no site in recycle bin exception because of unknown error"). RemoveDeletedSite's recorded
// "Unable to find the deleted site" (System.ArgumentException) and SpoNoSiteException are read the same
// way, as INFERRED for this method. Any other refusal is an error, not a "no".
import { TenantError } from '../../errors.js';
import { csomResult, str, tenantObjectQuery } from '../csom.js';
import type { OperationContext } from './context.js';
import { NO_SITE } from './getSiteProperties.js';

export function deletedSiteRequest(appName: string, url: string) {
  return tenantObjectQuery(appName, { name: 'GetDeletedSitePropertiesByUrl', params: [str(url)] }, { childItems: false });
}

const UNKNOWN_ERROR = 'Microsoft.SharePoint.Client.UnknownError';

export function isNotInBin(err: unknown): boolean {
  if (!(err instanceof TenantError)) return false;
  if (err.serviceCode === NO_SITE || err.serviceCode === UNKNOWN_ERROR) return true;
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
