import type { TenantPair } from './tenantPair.js';
import { tenantName } from './tenantPair.js';

export interface HostUrls {
  source: { tenant: string; hostUrl: string };
  target: { tenant: string; hostUrl: string };
}

export async function getHostUrls(tenants: TenantPair): Promise<HostUrls> {
  const [source, target] = await Promise.all([tenants.source.getHostUrl(), tenants.target.getHostUrl()]);
  return {
    source: { tenant: tenantName(tenants.source.adminUrl), hostUrl: source },
    target: { tenant: tenantName(tenants.target.adminUrl), hostUrl: target },
  };
}
