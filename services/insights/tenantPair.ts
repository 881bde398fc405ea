import type { TenantOperations, TenantSide } from '../tenants/types.js';

/** Both tenant clients; read-only queries pick a side by name. */
export interface TenantPair {
  source: TenantOperations;
  target: TenantOperations;
}

/** The tenant's short name from its admin URL (https://contoso-admin.sharepoint.com → contoso). */
export function tenantName(adminUrl: string): string {
  const host = new URL(adminUrl).hostname;
  return host.split('.')[0]!.replace(/-admin$/, '');
}

export const SIDES: readonly TenantSide[] = ['source', 'target'];
