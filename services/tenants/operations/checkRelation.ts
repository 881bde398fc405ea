// The trust guard's read: GetSPOTenantOrgRelationByScenario(MnA, partnerRole) and
// GetSPOTenantOrgRelationByPartner(host) (both signatures public), judged by relationText.ts. It runs
// before a removal and after it, and before a reverse move's trust check, because the role integers we
// send are inferred (csomEnums.ts): a wrong guess would otherwise act on the other direction's relation.
import { enm, str } from '../csom.js';
import { OrgRelationRole, OrgRelationScenario } from '../csomEnums.js';
import { otherSlashForm, withTrailingSlash } from '../redirectTemplates.js';
import { judgeRelation, type RelationJudgement } from '../relationText.js';
import type { PartnerRole } from '../types.js';
import type { OperationContext } from './context.js';
import { readRelationText } from './relationRead.js';

export async function checkRelation(ctx: OperationContext, partnerRole: PartnerRole, partnerHostUrl: string, signal?: AbortSignal): Promise<RelationJudgement> {
  const host = withTrailingSlash(partnerHostUrl);
  const role = OrgRelationRole[partnerRole];
  const byRole = await readRelationText(ctx, 'GetSPOTenantOrgRelationByScenario', [enm(OrgRelationScenario.MnA), enm(role)], signal);
  // The partner host may be stored in either form (the docs show both): ask the other before believing "none".
  const byPartner = await readRelationText(ctx, 'GetSPOTenantOrgRelationByPartner', [str(host)], signal)
    ?? await readRelationText(ctx, 'GetSPOTenantOrgRelationByPartner', [str(otherSlashForm(host))], signal);
  const judged = judgeRelation(partnerRole, host, byRole, byPartner, role);
  const log = { side: ctx.side, csom: 'GetSPOTenantOrgRelation*', partnerHost: host, sent: `${partnerRole}=${role}`, state: judged.state };
  if (judged.state === 'mismatch') ctx.logger.warn({ ...log, detail: judged.detail }, 'relation does not match the role sent');
  else ctx.logger.info(log, 'relation checked');
  return judged;
}
