// The one SpoOperation poller. RemoveSite, RemoveDeletedSite and SiteProperties.Update answer with an
// operation {IsComplete, PollingInterval, _ObjectIdentity_}; while it is not complete we query it again
// through an `Identity` object path (the form CLI for Microsoft 365 sends, see tenant-apis.md), waiting
// PollingInterval MILLISECONDS between polls (a live app-only recording shows 15000).
import { TenantError } from '../../errors.js';
import { csomResult, operationPoll, type CsomReply, type CsomRequest } from '../csom.js';
import type { OperationOutcome } from '../types.js';
import type { OperationContext } from './context.js';

/**
 * Poll policy. PnP Core gives up after 10 polls; we allow 20: with the live 15 s interval that is about
 * 5 minutes, long enough for a slow deletion, short enough that a job item does not hang. Reaching the
 * cap is not an error: the outcome says `complete: false` and the job re-checks the site later (the
 * site has already left the active list when RemoveSite answers). The interval is clamped: 0 (which
 * test fixtures show) must not make us spin, and a huge value must not stall a job for hours.
 */
export const POLL_POLICY = { maxPolls: 20, minIntervalMs: 50, maxIntervalMs: 30_000 } as const;

interface OperationState { identity?: string; isComplete?: boolean; pollingInterval?: number; hasTimedOut?: boolean }

function readOperation(value: unknown, what: string): OperationState {
  if (!value || typeof value !== 'object') {
    throw new TenantError('CsomUnexpected', `SharePoint answered ${what} without the operation to follow. Check the site in the SharePoint admin center.`, 200);
  }
  const v = value as { _ObjectIdentity_?: unknown; IsComplete?: unknown; PollingInterval?: unknown; HasTimedout?: unknown };
  return {
    identity: typeof v._ObjectIdentity_ === 'string' ? v._ObjectIdentity_ : undefined,
    isComplete: typeof v.IsComplete === 'boolean' ? v.IsComplete : undefined,
    pollingInterval: typeof v.PollingInterval === 'number' ? v.PollingInterval : undefined,
    hasTimedOut: v.HasTimedout === true,
  };
}

/**
 * The operation in a reply: by the query id we sent (csomResult), else the one SpoOperation object in it,
 * since recorded replies number their actions differently from the request (wire/README.md).
 */
export function operationIn(reply: CsomReply, request: CsomRequest, queryId: number): unknown {
  const value = csomResult(reply, request, queryId);
  if (value !== undefined) return value;
  const ops = reply.pairs.map(([, v]) => v)
    .filter(v => typeof (v as { _ObjectType_?: unknown })?._ObjectType_ === 'string' && (v as { _ObjectType_: string })._ObjectType_.endsWith('.SpoOperation'));
  return ops.length === 1 ? ops[0] : undefined;
}

export function clampInterval(ms: number | undefined): number {
  if (ms === undefined || !Number.isFinite(ms)) return POLL_POLICY.minIntervalMs;
  return Math.min(POLL_POLICY.maxIntervalMs, Math.max(POLL_POLICY.minIntervalMs, Math.round(ms)));
}

/**
 * Follows the operation answered at `queryId` in `reply` until it completes, times out on the service
 * side, or the poll cap is reached. `polls` counts the poll requests sent after the first answer.
 */
export async function pollOperation(
  ctx: OperationContext, what: string, reply: CsomReply, request: CsomRequest, queryId: number, signal?: AbortSignal,
): Promise<OperationOutcome> {
  let state = readOperation(operationIn(reply, request, queryId), what);
  const identity = state.identity;
  let polls = 0;
  while (state.isComplete !== true && !state.hasTimedOut && polls < POLL_POLICY.maxPolls) {
    if (!identity) {
      throw new TenantError('CsomUnexpected', `SharePoint started ${what} but gave no operation identity to follow. Check the site in the SharePoint admin center.`, 200);
    }
    await ctx.clock.sleep(clampInterval(state.pollingInterval), signal);
    signal?.throwIfAborted();
    const poll = operationPoll(ctx.appName, identity);
    polls += 1;
    const next = readOperation(operationIn(await ctx.csom.execute(poll, `${what} poll`, signal), poll, poll.queryId), what);
    state = { ...next, identity };
  }
  const complete = state.isComplete === true;
  const log = { side: ctx.side, csom: what, polls, complete, hasTimedOut: state.hasTimedOut || undefined };
  if (complete) ctx.logger.info(log, 'operation complete');
  else ctx.logger.warn({ ...log, maxPolls: POLL_POLICY.maxPolls }, 'operation not complete when polling stopped');
  return { complete, polls };
}
