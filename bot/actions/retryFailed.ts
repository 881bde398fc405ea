import { VERBS } from '../../cards/verbs.js';
import { refuseNotAdmin, type CardAction } from './action.js';
import { onPlan, planRef, type PlanRef } from './planRef.js';

/**
 * "Retry failed" asks for a new plan of just the failed items: a new request by whoever clicked (so an
 * admin), approved like any other. Its card is posted where the original lives; the clicked card says so.
 */
export const retryFailedAction: CardAction<PlanRef> = {
  verb: VERBS.retryFailed,
  data: planRef,
  run: async ({ planId }, ctx) => {
    const { services, caller } = ctx;
    if (!(await services.roles.has('admin', caller.userId))) return refuseNotAdmin(ctx, VERBS.retryFailed);
    let retryPlanId = '';
    return onPlan(planId, ctx, async (by) => {
      const retry = await services.approvals.retryFailed(planId, by);
      await services.planCards.publish(retry);
      retryPlanId = retry.plan.id;
      return (await services.approvals.get(planId))!;
    }, () => ({ notice: 'retryPosted', retryPlanId }));
  },
};
