import { z } from 'zod';
import { renderNotAllowedCard } from '../../cards/notAllowed.js';
import type { Card } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';
import { guidanceOf } from '../commands/notifyUsers.js';
import type { CardAction } from './action.js';
import { campaignId } from './guidanceAnswer.js';

/** "Got it" on a moved site's owner card: recorded for that owner and site; the card comes back with the thanks. */
export const siteNoticeDoneAction: CardAction<{ campaignId: string }> = {
  verb: VERBS.siteNoticeDone,
  data: z.object({ campaignId }),
  run: async ({ campaignId: id }, ctx): Promise<Card> => {
    const guidance = guidanceOf(ctx.services);
    const card = await guidance.acknowledgeSite(id, ctx.caller.userId);
    if (card) return card;
    await ctx.services.audit.append({ event: 'refused.not-site-owner', actor: { id: ctx.caller.userId, name: ctx.caller.name }, detail: { verb: VERBS.siteNoticeDone, campaignId: id } });
    return renderNotAllowedCard({ userId: ctx.caller.userId }, ctx.services.view);
  },
};
