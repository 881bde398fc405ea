import { z } from 'zod';
import { VERBS } from '../../cards/verbs.js';
import { clickAnswer } from '../replies.js';
import type { CardAction } from './action.js';

/**
 * A suggestion button ("Did you mean…"). Its data is only text: it goes through the same parser and
 * admin check as a typed message, so a forged button can do no more than typing could.
 */
export const runAction: CardAction<{ command: string }> = {
  verb: VERBS.run,
  data: z.object({ command: z.string().trim().min(1).max(500) }),
  run: async ({ command }, { commands, caller, address }) => {
    // The answer replaces the clicked card, so a plan card shown this way lives in that message, and a
    // reading card answered for a slow command is replaced by its answer there later.
    return clickAnswer(await commands.route(command, caller, address), address);
  },
};
