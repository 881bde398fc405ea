// A tenant without cross-tenant migration (SandboxOptions.featureDisabled) refuses the org-relation
// methods, the first thing an admin meets when the add-on is missing. The status name is the public
// MnAStatusCode `FeatureIsNotEnabled`; that it arrives as ErrorInfo.ErrorValue with this message and type
// is INFERRED (no public capture of the refusal).
import { CsomError } from './answer.js';
import type { CsomContext } from './siteProperties.js';

const CROSS_TENANT_METHODS = new Set([
  'GetSPOTenantOrgRelationByScenario', 'GetSPOTenantOrgRelationByPartner', 'GetSPOTenantOrgRelationAll',
  'VerifySPOTenantOrgRelation', 'RemoveSPOTenantOrgRelation',
]);

export function checkCrossTenantFeature(ctx: CsomContext, method: string): void {
  if (!ctx.tenant.crossTenantFeatureDisabled || !CROSS_TENANT_METHODS.has(method)) return;
  throw new CsomError('The cross-tenant migration feature is not enabled for this tenant.', 'Microsoft.SharePoint.SPException', -2146232832, 'FeatureIsNotEnabled');
}
