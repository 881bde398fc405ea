// A tenant without cross-tenant migration (SandboxOptions.featureDisabled) refuses the org-relation
// methods, the first thing an admin meets when the add-on is missing. The message is the one users report
// (microsoft-365-docs #10255, #12073); its ErrorValue and type are not public, so none is given and the
// type is INFERRED.
import { CsomError } from './answer.js';
import type { CsomContext } from './siteProperties.js';

const CROSS_TENANT_METHODS = new Set([
  'GetSPOTenantOrgRelationByScenario', 'GetSPOTenantOrgRelationByPartner', 'GetSPOTenantOrgRelationAll',
  'VerifySPOTenantOrgRelation', 'RemoveSPOTenantOrgRelation',
]);

export function checkCrossTenantFeature(ctx: CsomContext, method: string): void {
  if (!ctx.tenant.crossTenantFeatureDisabled || !CROSS_TENANT_METHODS.has(method)) return;
  throw new CsomError('The Cross-Tenant content move feature is not enabled for this tenant.', 'Microsoft.SharePoint.SPException', -2146232832);
}
