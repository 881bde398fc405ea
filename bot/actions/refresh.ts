import { VERBS } from '../../cards/verbs.js';
import { InputError } from '../../services/errors.js';
import { refuseNotAdmin, type CardAction } from './action.js';
import { mayView, planRef, type PlanRef } from './planRef.js';

/**
 * Teams asks this for each person in refresh.userIds when they see the card: they get their own view
 * (approver: Approve / Reject; requester: Cancel; anyone else: the state).
 */
export const refreshAction: CardAction<PlanRef> = {
  verb: VERBS.refresh,
  data: planRef,
  run: async ({ planId }, ctx) => {
    if (!(await mayView(ctx))) return refuseNotAdmin(ctx, VERBS.refresh);
    const record = await ctx.services.approvals.get(planId);
    if (!record) throw new InputError(`There is no plan ${planId}.`);
    return ctx.services.planCards.forCaller(record, ctx.caller);
  },
};
