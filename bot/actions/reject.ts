import { z } from 'zod';
import { VERBS } from '../../cards/verbs.js';
import type { CardAction } from './action.js';
import { onPlan, planRef } from './planRef.js';

/** The reason comes from the card's text box: the one field besides id and hash that is read, and capped. */
export const REASON_MAX = 500;

export const rejectAction: CardAction<{ planId: string; hash: string; reason?: string }> = {
  verb: VERBS.reject,
  data: planRef.extend({ reason: z.string().max(REASON_MAX).optional() }),
  run: async ({ planId, hash, reason }, ctx) => {
    const why = reason?.trim() ?? '';
    if (!why) {
      // Nothing is decided without a reason: show the card again, asking for one.
      const record = await ctx.services.approvals.get(planId);
      if (record) return ctx.services.planCards.forCaller(record, ctx.caller, { notice: 'reasonNeeded' });
    }
    return onPlan(planId, ctx, (by) => ctx.services.approvals.reject(planId, hash, by, why));
  },
};
