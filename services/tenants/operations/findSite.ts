// findSite: the site's tenant-admin properties read just before acting on it, or null when there is no
// active site at that URL: SpoNoSiteException, or properties with Status "Recycled" (a site in the recycle
// bin; CLI for Microsoft 365 siteExists and PnP Framework CheckIfSiteExists look at Status first). The read
// itself is getSiteProperties; only "missing" differs.
import { TenantError } from '../../errors.js';
import type { SiteProperties } from '../types.js';
import type { OperationContext } from './context.js';
import { getSiteProperties, NO_SITE } from './getSiteProperties.js';

export async function findSite(ctx: OperationContext, url: string, signal?: AbortSignal): Promise<SiteProperties | null> {
  try {
    const site = await getSiteProperties(ctx, url, signal);
    return site.status.toLowerCase() === 'recycled' ? null : site;
  } catch (err) {
    if (err instanceof TenantError && err.serviceCode === NO_SITE) return null;
    throw err;
  }
}
