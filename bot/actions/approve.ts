import { VERBS } from '../../cards/verbs.js';
import type { CardAction } from './action.js';
import { onPlan, planRef, type PlanRef } from './planRef.js';

/** The service checks approver, not-own-plan, hash, expiry and pending, and schedules the run itself. */
export const approveAction: CardAction<PlanRef> = {
  verb: VERBS.approve,
  data: planRef,
  run: ({ planId, hash }, ctx) => onPlan(planId, ctx, (by) => ctx.services.approvals.approve(planId, hash, by)),
};
