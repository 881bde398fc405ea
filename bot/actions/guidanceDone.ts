import { z } from 'zod';
import { VERBS } from '../../cards/verbs.js';
import type { CardAction } from './action.js';
import { answerAs, campaignId } from './guidanceAnswer.js';

/** Done on a guidance card: recorded for the person who clicked; their card comes back with the thanks. */
export const guidanceDoneAction: CardAction<{ campaignId: string }> = {
  verb: VERBS.guidanceDone,
  data: z.object({ campaignId }),
  run: (_data, ctx) => answerAs(ctx, (m, extra) => ctx.services.guidance!.desk.done(m, extra)),
};
