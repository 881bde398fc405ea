// Remove-SPOCrossTenantRelationship -Scenario MnA -PartnerRole R -PartnerCrossTenantHostUrl U:
// CSOM Tenant.RemoveSPOTenantOrgRelation(OrgRelationScenario, OrgRelationRole, string) → void. The
// signature is public, no capture is: we send it in the shape of a recorded void tenant method (an
// ObjectPath action on the tenant, then the Method action; wire: spo-csom-void-tenant-method.request.xml).
// The enum integers are inferred (csomEnums.ts), so they are logged beside their names, as getTrust does.
// PartnerRole is the PARTNER's role: on the source, Target + the target's host URL, and the reverse.
//
// Retried on a connection reset like every request (pipeline/retry.ts): if the first attempt did land, the
// repeat answers "no relationship" (a TenantError); the job reads the relation back after any answer
// (jobs/steps.ts), so a repeat finds its own removal done and never removes anything it was not asked to.
import { TenantError } from '../../errors.js';
import { csomResult, enm, str, tenantMethods } from '../csom.js';
import { OrgRelationRole, OrgRelationScenario } from '../csomEnums.js';
import { otherSlashForm, withTrailingSlash } from '../redirectTemplates.js';
import type { PartnerRole } from '../types.js';
import type { OperationContext } from './context.js';

export function removeTrustRequest(appName: string, partnerRole: PartnerRole, partnerHostUrl: string) {
  return tenantMethods(appName, [{
    name: 'RemoveSPOTenantOrgRelation',
    params: [enm(OrgRelationScenario.MnA), enm(OrgRelationRole[partnerRole]), str(partnerHostUrl)],
  }]);
}

export async function removeTrust(ctx: OperationContext, partnerRole: PartnerRole, partnerHostUrl: string, signal?: AbortSignal): Promise<void> {
  const partnerHost = withTrailingSlash(partnerHostUrl);
  try {
    await removeOnce(ctx, partnerRole, partnerHost, signal);
  } catch (err) {
    // A refusal may only mean the relation was set with the host in its other form (the docs write both):
    // that form is tried before the refusal is believed. Same role, same partner: never another relation.
    if (!(err instanceof TenantError) || err.httpStatus !== 200 || err.serviceCode === 'FeatureIsNotEnabled') throw err;
    await removeOnce(ctx, partnerRole, otherSlashForm(partnerHost), signal).catch(() => { throw err; });
  }
}

async function removeOnce(ctx: OperationContext, partnerRole: PartnerRole, partnerHost: string, signal?: AbortSignal): Promise<void> {
  const request = removeTrustRequest(ctx.appName, partnerRole, partnerHost);
  const sent = { scenario: `MnA=${OrgRelationScenario.MnA}`, partnerRole: `${partnerRole}=${OrgRelationRole[partnerRole]}` };
  try {
    const reply = await ctx.csom.execute(request, 'RemoveSPOTenantOrgRelation', signal);
    // The method is void; the ObjectPath action's {IsNull:false} only shows the tenant object resolved.
    const tenantPath = csomResult(reply, request, 2) as { IsNull?: boolean } | undefined;
    ctx.logger.info({ side: ctx.side, csom: 'RemoveSPOTenantOrgRelation', partnerHost, sent, tenantResolved: tenantPath?.IsNull === false }, 'trust removed');
  } catch (err) {
    ctx.logger.warn({ side: ctx.side, csom: 'RemoveSPOTenantOrgRelation', partnerHost, sent }, 'trust removal refused');
    throw err;
  }
}
