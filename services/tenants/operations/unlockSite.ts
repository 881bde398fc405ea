// Set-SPOSite -LockState Unlock: CSOM SiteProperties.LockState = "Unlock", then SiteProperties.Update() →
// SpoOperation, polled (the sequence CSOM and PnP PowerShell send; csom.ts unlockSiteRequest). Admins
// report "access denied" when removing locked redirect sites, so a plan may unlock first.
//
// Idempotent: a repeat after a reset sets the same state again.
import { unlockSiteRequest } from '../csom.js';
import type { OperationOutcome } from '../types.js';
import type { OperationContext } from './context.js';
import { pollOperation } from './pollOperation.js';

export async function unlockSite(ctx: OperationContext, url: string, signal?: AbortSignal): Promise<OperationOutcome> {
  const request = unlockSiteRequest(ctx.appName, url);
  const reply = await ctx.csom.execute(request, 'SetSiteLockState', signal);
  return pollOperation(ctx, 'SetSiteLockState', reply, request, request.queryId, signal);
}
