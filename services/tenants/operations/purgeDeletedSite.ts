// Purge from the tenant recycle bin: CSOM Tenant.RemoveDeletedSite(url) → SpoOperation, polled (confirmed
// shape: CLI for Microsoft 365; wire: spo-csom-removedeletedsite.request.xml). A URL not in the bin answers
// System.ArgumentException "Unable to find the deleted site: <url>.", kept as the item's reason.
//
// A reset-and-retry repeat is safe for the same reason as removeSite: the repeat answers "Unable to find
// the deleted site", and the job checks isInRecycleBin before purging.
import { str, tenantOperation } from '../csom.js';
import type { OperationOutcome } from '../types.js';
import type { OperationContext } from './context.js';
import { pollOperation } from './pollOperation.js';

export function purgeDeletedSiteRequest(appName: string, url: string) {
  return tenantOperation(appName, { name: 'RemoveDeletedSite', params: [str(url)] });
}

export async function purgeDeletedSite(ctx: OperationContext, url: string, signal?: AbortSignal): Promise<OperationOutcome> {
  const request = purgeDeletedSiteRequest(ctx.appName, url);
  const reply = await ctx.csom.execute(request, 'RemoveDeletedSite', signal);
  return pollOperation(ctx, 'RemoveDeletedSite', reply, request, request.queryId, signal);
}
