// The one way a command's Reply is delivered, wherever it goes: as new messages in the turn, in place of a
// reading card once a slow answer is ready, or as the answer to a click. `posted` learns where each card
// landed (a plan card is edited there later), `later` where the first one did (a reading card's answer
// replaces it there).
import type { Card } from '../cards/render.js';
import type { ConversationAddress } from '../services/approvals/types.js';
import type { Reply } from './commands/command.js';

export interface ReplyChannel {
  /** Shows the first card; answers where it landed, undefined when nowhere (its conversation is gone). */
  first(card: Card): Promise<ConversationAddress | undefined>;
  /** Shows each further card as a message of its own; answers where it landed. */
  next(card: Card): Promise<ConversationAddress | undefined>;
}

export async function sendReply(reply: Reply, channel: ReplyChannel): Promise<void> {
  for (const [i, card] of reply.cards.entries()) {
    const at = await (i === 0 ? channel.first(card) : channel.next(card));
    if (!at) return;
    if (!at.activityId) continue;
    await reply.posted?.(at, i);
    if (i === 0) reply.later?.(at);
  }
}

/**
 * A click is answered with one card, replacing the clicked one (the invoke answer carries one card); it
 * lands in the clicked message.
 */
export async function clickAnswer(reply: Reply, clicked: ConversationAddress): Promise<Card> {
  await sendReply({ ...reply, cards: reply.cards.slice(0, 1) }, { first: async () => clicked, next: async () => undefined });
  return reply.cards[0]!;
}
