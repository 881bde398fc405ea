// Verify-SPOCrossTenantRelationship: CSOM Tenant.VerifySPOTenantOrgRelation(MnA, partnerRole, partnerHost)
// → OrgRelationVerificationStatus, plus GetSPOTenantOrgRelationByScenario(MnA, partnerRole) → opaque text
// (operations/relationRead.ts).
// Both signatures are public; the enum integers are inferred (csomEnums.ts), so both are logged.
import { csomResult, enm, str, tenantMethods } from '../csom.js';
import { OrgRelationRole, OrgRelationScenario, verificationFromWire } from '../csomEnums.js';
import { otherSlashForm, withTrailingSlash } from '../redirectTemplates.js';
import type { PartnerRole, TrustStatus, TrustVerification } from '../types.js';
import type { OperationContext } from './context.js';
import { readRelationText } from './relationRead.js';

export async function getTrust(ctx: OperationContext, partnerRole: PartnerRole, partnerHostUrl: string, signal?: AbortSignal): Promise<TrustStatus> {
  let partnerHost = withTrailingSlash(partnerHostUrl);
  let verification = await verify(ctx, partnerRole, partnerHost, signal);
  if (verification === 'NotEstablished') {
    // The relation may have been set with the host in its other form (the docs write both): ask that
    // form too before believing there is none, and keep the form that answered.
    const other = otherSlashForm(partnerHost);
    const second = await verify(ctx, partnerRole, other, signal);
    if (second !== 'NotEstablished') { partnerHost = other; verification = second; }
  }
  const relationText = await readRelationText(ctx, 'GetSPOTenantOrgRelationByScenario', [enm(OrgRelationScenario.MnA), enm(OrgRelationRole[partnerRole])], signal);
  return { side: ctx.side, partnerRole, partnerHostUrl: partnerHost, verification, relationText };
}

async function verify(ctx: OperationContext, partnerRole: PartnerRole, partnerHost: string, signal?: AbortSignal): Promise<TrustVerification> {
  const role = OrgRelationRole[partnerRole];
  const request = tenantMethods(ctx.appName, [{
    name: 'VerifySPOTenantOrgRelation', params: [enm(OrgRelationScenario.MnA), enm(role), str(partnerHost)],
  }]);
  const received = csomResult(await ctx.csom.execute(request, 'VerifySPOTenantOrgRelation', signal), request, request.methodIds[0]!);
  const verification = verificationFromWire(received);
  ctx.logger.info({
    side: ctx.side, csom: 'VerifySPOTenantOrgRelation', partnerHost,
    sent: { scenario: `MnA=${OrgRelationScenario.MnA}`, partnerRole: `${partnerRole}=${role}` },
    received: `${String(received)}=${verification}`,
  }, 'trust verification');
  return verification;
}
