// Remove-SPOSite: CSOM Tenant.RemoveSite(url) → SpoOperation, polled to completion (confirmed shape: CLI for
// Microsoft 365 and PnP Core; wire: spo-csom-removesite.request.xml). The site goes to the tenant recycle bin.
// Refusals keep the tenant's message: SpoNoSiteException (no site, or already removed), access denied
// (a locked site), a retention hold ("The operation is not supported for the site", errorMessages.ts).
//
// Retried on a connection reset like every request (pipeline/retry.ts). That is safe here: if the first
// attempt did land, the repeat answers SpoNoSiteException or SpoException (-1, "may already be in the
// recycle bin" for PnP Framework); the job counts it as removed only when the recycle bin holds the site,
// and re-reads the site (findSite) before each item, so nothing is removed twice or by guess.
import { str, tenantOperation } from '../csom.js';
import type { OperationOutcome } from '../types.js';
import type { OperationContext } from './context.js';
import { pollOperation } from './pollOperation.js';

export function removeSiteRequest(appName: string, url: string) {
  return tenantOperation(appName, { name: 'RemoveSite', params: [str(url)] });
}

export async function removeSite(ctx: OperationContext, url: string, signal?: AbortSignal): Promise<OperationOutcome> {
  const request = removeSiteRequest(ctx.appName, url);
  const reply = await ctx.csom.execute(request, 'RemoveSite', signal);
  return pollOperation(ctx, 'RemoveSite', reply, request, request.queryId, signal);
}
