import { z } from 'zod';
import { VERBS } from '../../cards/verbs.js';
import type { CardAction } from './action.js';

/**
 * A suggestion button ("Did you mean…"). Its data is only text: it goes through the same parser and
 * admin check as a typed message, so a forged button can do no more than typing could.
 */
export const runAction: CardAction<{ command: string }> = {
  verb: VERBS.run,
  data: z.object({ command: z.string().trim().min(1).max(500) }),
  run: async ({ command }, { commands, caller, address }) => {
    // The answer replaces the clicked card, so a plan card shown this way lives in that message.
    const reply = await commands.route(command, caller, address);
    if (reply.posted && address.activityId) await reply.posted(address, 0);
    // A reading card answered for a slow command: the answer replaces it in the same message later.
    if (reply.later && address.activityId) reply.later(address);
    return reply.cards[0]!;
  },
};
