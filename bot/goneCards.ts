// Cards the bot keeps editing can vanish under it: the admin deletes the message (404 "Message does not
// exist in the thread"), the chat goes or the bot leaves it (404 "Conversation not found"), or the bot is
// removed (403). Editing on would fail at every progress tick. What is known of each is kept here: a card
// posted anew after its message went is edited there from then on; a conversation that went is not
// edited again until a post lands in it.
import type { ConversationAddress } from '../services/approvals/types.js';
import { errorCodeOf, type ConnectorFailure } from './guidanceSender.js';

export type Gone = 'message' | 'conversation';

/** Cards and conversations remembered, at most (the oldest are forgotten first). */
const KEEP = 10_000;

/** What a failed connector call says is gone, if anything (other failures may pass: throttling, outages). */
export function goneOf(err: unknown): Gone | undefined {
  const failure = (err ?? {}) as ConnectorFailure;
  if (failure.statusCode === 403) return 'conversation';
  if (failure.statusCode !== 404) return undefined;
  // A 404 without Teams' code is taken for the message: posting anew then tells whether the chat is there.
  return errorCodeOf(failure) === 'ConversationNotFound' ? 'conversation' : 'message';
}

export class GoneCards {
  /** Card (conversation + first message id) → the message it was posted anew as; null: edits of it stopped. */
  private readonly moved = new Map<string, string | null>();
  private readonly reposts = new Set<string>();
  private readonly goneConversations = new Set<string>();

  /** Where an edit of the card first posted at `address` goes now; undefined: nowhere. */
  current(address: ConversationAddress): ConversationAddress | undefined {
    if (this.goneConversations.has(address.conversationId)) return undefined;
    const moved = this.moved.get(cardKey(address));
    if (moved === null) return undefined;
    return moved ? { ...address, activityId: moved } : address;
  }

  /** Whether the message at `at` (where `original` is now) may be posted anew: once per card only. */
  mayRepost(at: ConversationAddress): boolean {
    return !this.reposts.has(cardKey(at));
  }

  postedAnew(original: ConversationAddress, activityId: string): void {
    remember(this.moved, cardKey(original), activityId);
    remember(this.reposts, cardKey({ ...original, activityId }));
  }

  /** Its message went again after being posted anew: the admin does not want it. */
  stop(original: ConversationAddress): void {
    remember(this.moved, cardKey(original), null);
  }

  /** True the first time the conversation is found gone (for one log line). */
  conversationGone(address: ConversationAddress): boolean {
    if (this.goneConversations.has(address.conversationId)) return false;
    remember(this.goneConversations, address.conversationId);
    return true;
  }

  /** A post landed in it: the bot is back in that conversation. */
  conversationBack(address: ConversationAddress): void {
    this.goneConversations.delete(address.conversationId);
  }
}

const cardKey = (a: ConversationAddress) => `${a.conversationId}|${a.activityId ?? ''}`;

function remember<T>(where: Map<string, T> | Set<string>, key: string, value?: T): void {
  if (where instanceof Map) where.set(key, value as T);
  else where.add(key);
  // Insertion order: the oldest goes first.
  if (where.size > KEEP) where.delete(where.keys().next().value as string);
}
