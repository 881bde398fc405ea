// One GetSPOTenantOrgRelation* call → its text, shown as is (the format is not public). With no relation
// the service may answer an error instead of empty text: that is "none" here, logged. A refusal for the
// missing feature is not "none": it is rethrown so the admin sees it.
import { TenantError } from '../../errors.js';
import { csomResult, tenantMethods, type CsomParameter } from '../csom.js';
import type { OperationContext } from './context.js';

export async function readRelationText(ctx: OperationContext, method: string, params: CsomParameter[], signal?: AbortSignal): Promise<string | null> {
  const request = tenantMethods(ctx.appName, [{ name: method, params }]);
  try {
    const value = csomResult(await ctx.csom.execute(request, method, signal), request, request.methodIds[0]!);
    if (value === null || value === undefined || value === '') return null;
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof TenantError) || err.httpStatus !== 200 || err.serviceCode === 'FeatureIsNotEnabled') throw err;
    ctx.logger.warn({ side: ctx.side, csom: method, serviceCode: err.serviceCode }, 'no relation text');
    return null;
  }
}
