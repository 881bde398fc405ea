// SpoOperation: what long-running tenant calls (RemoveSite, RemoveDeletedSite, SiteProperties.Update) answer.
// App-only recordings of RemoveSite / RemoveDeletedSite (PnP Core mock data) answer complete at once with
// PollingInterval 15000: most of ours do too. Every Nth of them per tenant (WorldSettings.pendingOperationEvery)
// and every SetSite stay pending: IsComplete false until their (short) PollingInterval has passed.
import { randomUUID } from 'node:crypto';
import type { SpoOperationRecord, TenantState } from '../model.js';
import { CsomObject, identityUrl, objectIdentity } from './answer.js';
import type { CsomContext } from './siteProperties.js';

const NS = 'Microsoft.Online.SharePoint.TenantAdministration';
/** .NET ticks at the Unix epoch, for the operation identity's timestamp field. */
const EPOCH_TICKS = 621355968000000000n;

export type OperationKind = 'RemoveSite' | 'RemoveDeletedSite' | 'SetSite';

/** What the app-only recordings show on an operation that is already complete. */
export const RECORDED_POLLING_MS = 15000;

const removals = new WeakMap<TenantState, number>();

/** The 2nd, then every Nth RemoveSite / RemoveDeletedSite of a tenant stays pending (0 = none, 1 = all). */
function nextIsPending(ctx: CsomContext): boolean {
  const every = ctx.world.settings.pendingOperationEvery ?? 3;
  const count = removals.get(ctx.tenant) ?? 0;
  removals.set(ctx.tenant, count + 1);
  return every > 0 && count % every === (every === 1 ? 0 : 1);
}

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
  const atOnce = kind !== 'SetSite' && !nextIsPending(ctx);
  const polling = atOnce ? RECORDED_POLLING_MS : ctx.world.settings.operationPollingMs;
  const op: SpoOperationRecord = {
    key, pollingInterval: polling, completeAt: atOnce ? now : now + polling,
    identity: objectIdentity(ctx.correlation, ctx.tenant.adminSiteId, 'SpoOperation', kind, ticks, identityUrl(url.toLowerCase()), key),
  };
  ctx.tenant.operations.set(key, op);
  return { object: operationObject(ctx, op), completeAt: op.completeAt };
}
