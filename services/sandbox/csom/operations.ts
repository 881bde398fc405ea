// SpoOperation: what long-running tenant calls (RemoveSite, RemoveDeletedSite, SiteProperties.Update) answer.
// It reports IsComplete false until its PollingInterval has passed, then true when polled by Identity.
import { randomUUID } from 'node:crypto';
import type { SpoOperationRecord } from '../model.js';
import { CsomObject, identityUrl, objectIdentity } from './answer.js';
import type { CsomContext } from './siteProperties.js';

const NS = 'Microsoft.Online.SharePoint.TenantAdministration';
/** .NET ticks at the Unix epoch, for the operation identity's timestamp field. */
const EPOCH_TICKS = 621355968000000000n;

export type OperationKind = 'RemoveSite' | 'RemoveDeletedSite' | 'SetSite';

export function operationObject(ctx: CsomContext, op: SpoOperationRecord): CsomObject {
  return {
    _ObjectType_: `${NS}.SpoOperation`, _ObjectIdentity_: op.identity, HasTimedout: false,
    IsComplete: ctx.world.now() >= op.completeAt, PollingInterval: op.pollingInterval,
  };
}

/** Identity text as recorded: "<correlation>|<farm>:<site>\nSpoOperation\n<kind>\n<ticks>\n<url-encoded url>\n<guid>". */
export function startOperation(ctx: CsomContext, kind: OperationKind, url: string): { object: CsomObject; completeAt: number } {
  const key = randomUUID();
  const now = ctx.world.now();
  const ticks = (BigInt(now) * 10000n + EPOCH_TICKS).toString();
  const polling = ctx.world.settings.operationPollingMs;
  const op: SpoOperationRecord = {
    key, pollingInterval: polling, completeAt: now + polling,
    identity: objectIdentity(ctx.correlation, ctx.tenant.adminSiteId, 'SpoOperation', kind, ticks, identityUrl(url.toLowerCase()), key),
  };
  ctx.tenant.operations.set(key, op);
  return { object: operationObject(ctx, op), completeAt: op.completeAt };
}
