// Get-SPOCrossTenantHostUrl: CSOM Tenant.GetMySiteHostUrl() → string (signature known, no public capture).
import { TenantError } from '../../errors.js';
import { csomResult, tenantMethods } from '../csom.js';
import { withTrailingSlash } from '../redirectTemplates.js';
import type { OperationContext } from './context.js';

export async function getHostUrl(ctx: OperationContext, signal?: AbortSignal): Promise<string> {
  if (ctx.hostUrlOverride) return withTrailingSlash(ctx.hostUrlOverride);
  const request = tenantMethods(ctx.appName, [{ name: 'GetMySiteHostUrl', params: [] }]);
  const reply = await ctx.csom.execute(request, 'GetMySiteHostUrl', signal);
  const value = csomResult(reply, request, request.methodIds[0]);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TenantError('CsomUnexpected', `SharePoint did not return the OneDrive host URL of ${ctx.adminUrl}. Set it with the ${ctx.side.toUpperCase()}_HOST_URL setting.`, 200, { received: typeof value });
  }
  return withTrailingSlash(value);
}
