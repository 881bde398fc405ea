// What plan buttons carry back: the plan id and the hash of the plan the card showed. Nothing else on
// a card is trusted; the record is re-read, and the decision is the service's.
import { z } from 'zod';
import type { Card } from '../../cards/render.js';
import { DomainError } from '../../services/errors.js';
import type { Person, PlanRecord } from '../../services/approvals/types.js';
import { personOf } from '../identity.js';
import type { Notice } from '../planCards.js';
import type { ActionContext } from './action.js';

export const planId = z.string().regex(/^p-[0-9abcdefghjkmnpqrstvwxyz]{8}$/, 'not a plan id');
export const planRef = z.object({ planId, hash: z.string().regex(/^[0-9a-f]{64}$/, 'not a plan hash') });
export type PlanRef = z.infer<typeof planRef>;

/**
 * Runs one service call about a plan and answers with the caller's view of the result. A refusal the
 * service explains (not an approver, own plan, expired, already decided, card out of date) answers with
 * the caller's view of the plan as it is, the reason on top, so the card never disappears.
 */
export async function onPlan(id: string, ctx: ActionContext, call: (by: Person) => Promise<PlanRecord>, notice?: () => Notice): Promise<Card> {
  const { approvals, planCards } = ctx.services;
  try {
    const record = await call(personOf(ctx.caller));
    return await planCards.forCaller(record, ctx.caller, notice?.());
  } catch (err) {
    const record = err instanceof DomainError ? await approvals.get(id) : null;
    if (!record || !(err instanceof DomainError)) throw err;
    return planCards.forCaller(record, ctx.caller, { notice: 'refused', message: err.userMessage });
  }
}

/** Admins and approvers may look at plans; anyone else in the tenant may not even read them. */
export async function mayView(ctx: ActionContext): Promise<boolean> {
  const roles = ctx.services.roles.forMessage(ctx.caller.userId);
  return (await roles.has('admin')) || roles.has('approver');
}
