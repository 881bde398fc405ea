import type { z } from 'zod';
import { renderNotAllowedCard } from '../../cards/notAllowed.js';
import type { Card } from '../../cards/render.js';
import type { ConversationAddress } from '../../services/approvals/types.js';
import type { Verb } from '../../cards/verbs.js';
import type { BotServices } from '../botServices.js';
import type { CommandRouter } from '../commandRouter.js';
import { personOf, type Caller } from '../identity.js';

export interface ActionContext {
  services: BotServices;
  commands: CommandRouter;
  caller: Caller;
  /** The conversation of the click; activityId is the message holding the clicked card. */
  address: ConversationAddress;
}

/** One Action.Execute verb: its card data is validated by `data` before `run` sees it. */
export interface CardAction<D> {
  verb: Verb;
  data: z.ZodType<D>;
  run(data: D, ctx: ActionContext): Promise<Card>;
}

/** The polite refusal for a button someone may not use, audited like the same command typed would be. */
export async function refuseNotAdmin(ctx: ActionContext, verb: Verb): Promise<Card> {
  const denial = ctx.services.roles.denial('admin', ctx.caller.userId);
  await ctx.services.audit.append({ event: 'refused.not-admin', actor: personOf(ctx.caller), detail: { verb, ...denial } });
  return renderNotAllowedCard({ userId: ctx.caller.userId, denial }, ctx.services.view);
}
