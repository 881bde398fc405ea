// Verify-SPOCrossTenantRelationship: CSOM Tenant.VerifySPOTenantOrgRelation(MnA, partnerRole, partnerHost)
// → OrgRelationVerificationStatus, plus GetSPOTenantOrgRelationByScenario(MnA, partnerRole) → opaque text.
// Both signatures are public; the enum integers are inferred (csomEnums.ts), so both are logged.
import { TenantError } from '../../errors.js';
import { csomResult, enm, str, tenantMethods } from '../csom.js';
import { OrgRelationRole, OrgRelationScenario, verificationFromWire } from '../csomEnums.js';
import { withTrailingSlash } from '../redirectTemplates.js';
import type { PartnerRole, TrustStatus } from '../types.js';
import type { OperationContext } from './context.js';

export async function getTrust(ctx: OperationContext, partnerRole: PartnerRole, partnerHostUrl: string, signal?: AbortSignal): Promise<TrustStatus> {
  const partnerHost = withTrailingSlash(partnerHostUrl);
  const role = OrgRelationRole[partnerRole];
  const request = tenantMethods(ctx.appName, [{
    name: 'VerifySPOTenantOrgRelation', params: [enm(OrgRelationScenario.MnA), enm(role), str(partnerHost)],
  }]);
  const received = csomResult(await ctx.csom.execute(request, 'VerifySPOTenantOrgRelation', signal), request, request.methodIds[0]);
  const verification = verificationFromWire(received);
  ctx.logger.info({
    side: ctx.side, csom: 'VerifySPOTenantOrgRelation', partnerHost,
    sent: { scenario: `MnA=${OrgRelationScenario.MnA}`, partnerRole: `${partnerRole}=${role}` },
    received: `${String(received)}=${verification}`,
  }, 'trust verification');
  return { side: ctx.side, partnerRole, partnerHostUrl: partnerHost, verification, relationText: await relationText(ctx, partnerRole, signal) };
}

/** The relation text is shown as is. With no relation the service may answer an error: that is "none" here, logged. */
async function relationText(ctx: OperationContext, partnerRole: PartnerRole, signal?: AbortSignal): Promise<string | null> {
  const request = tenantMethods(ctx.appName, [{
    name: 'GetSPOTenantOrgRelationByScenario', params: [enm(OrgRelationScenario.MnA), enm(OrgRelationRole[partnerRole])],
  }]);
  try {
    const value = csomResult(await ctx.csom.execute(request, 'GetSPOTenantOrgRelationByScenario', signal), request, request.methodIds[0]);
    if (value === null || value === undefined || value === '') return null;
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof TenantError) || err.httpStatus !== 200) throw err;
    ctx.logger.warn({ side: ctx.side, csom: 'GetSPOTenantOrgRelationByScenario', serviceCode: err.serviceCode }, 'no relation text');
    return null;
  }
}
