import { z } from 'zod';
import { VERBS } from '../../cards/verbs.js';
import { MAX_HELP_TEXT } from '../../services/guidance/guidanceDesk.js';
import type { CardAction } from './action.js';
import { answerAs, campaignId } from './guidanceAnswer.js';

/**
 * I need help → Send: what the person wrote (the card's required input) goes, with their details and
 * move state, to the migration team; the person's card says so.
 */
export const guidanceHelpAction: CardAction<{ campaignId: string; helpText: string }> = {
  verb: VERBS.guidanceHelp,
  data: z.object({
    campaignId,
    helpText: z.string().trim().min(1, 'say what is wrong').max(MAX_HELP_TEXT, `at most ${MAX_HELP_TEXT} characters`),
  }),
  run: ({ helpText }, ctx) => answerAs(ctx, (m, extra) => ctx.services.guidance!.desk.help(m, helpText, extra)),
};
