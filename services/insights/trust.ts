// Trust is checked from both ends, each naming the *partner's* role: the source sees the target as
// partner role Target, the target sees the source as partner role Source.
import type { TrustStatus } from '../tenants/types.js';
import { getHostUrls } from './hostUrls.js';
import type { TenantPair } from './tenantPair.js';
import { tenantName } from './tenantPair.js';

export interface TrustView extends TrustStatus { tenant: string; remains: boolean }

export async function getTrustBothSides(tenants: TenantPair): Promise<{ source: TrustView; target: TrustView }> {
  const hosts = await getHostUrls(tenants);
  const [source, target] = await Promise.all([
    tenants.source.getTrust('Target', hosts.target.hostUrl),
    tenants.target.getTrust('Source', hosts.source.hostUrl),
  ]);
  return {
    source: { ...source, tenant: tenantName(tenants.source.adminUrl), remains: trustRemains(source) },
    target: { ...target, tenant: tenantName(tenants.target.adminUrl), remains: trustRemains(target) },
  };
}

/** Trust is gone only when the tenant says so; anything else (including unknown values) still counts. */
export function trustRemains(status: TrustStatus): boolean {
  return status.verification !== 'NotEstablished';
}
