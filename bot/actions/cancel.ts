import { NotAllowedError } from '../../services/errors.js';
import { VERBS } from '../../cards/verbs.js';
import { personOf } from '../identity.js';
import type { CardAction } from './action.js';
import { onPlan, planRef, type PlanRef } from './planRef.js';

/** Only the requester may cancel (the service checks); a card for another version of the plan is refused here. */
export const cancelAction: CardAction<PlanRef> = {
  verb: VERBS.cancel,
  data: planRef,
  run: ({ planId, hash }, ctx) => onPlan(planId, ctx, async (by) => {
    const record = await ctx.services.approvals.get(planId);
    if (record && record.plan.hash !== hash) {
      await ctx.services.audit.append({ event: 'refused.tampered', actor: personOf(ctx.caller), planId, detail: { verb: 'cancel' } });
      throw new NotAllowedError(`This card does not match stored plan ${planId}. Type "pending" or "cancel ${planId}".`);
    }
    return ctx.services.approvals.cancel(planId, by);
  }),
};
