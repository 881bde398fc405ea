// What delivery needs from the bot: open a 1:1 conversation with a user and send one card into it. The bot
// implements this with botbuilder (CloudAdapter.createConversationAsync / sendActivity); services never
// import botbuilder. Tests implement it with fetch against the sandbox's connector.

export type DeliveryErrorKind =
  | 'blocked' // 403 MessageWritesBlocked: the user blocked the bot
  | 'not-installed' // 403 ForbiddenOperationException: the app is not (yet) installed for the user
  | 'not-found' // the user or conversation does not exist
  | 'throttled' // 429 (retryAfterMs from Retry-After when given)
  | 'transient' // 412, 502, 503, 504, resets: worth another try
  | 'no-onedrive' // the person has no OneDrive on the target tenant (yet): nothing to guide them to
  | 'failed'; // anything else: not retried

export class DeliveryError extends Error {
  /**
   * `retryOnce`: no retry below saw this failure, and the call is safe to repeat: the sender's own deadline
   * on a chat creation (the connector client waits for an answer), or a 412 (it does not retry those).
   * Delivery then tries the call once more.
   */
  constructor(readonly kind: DeliveryErrorKind, message: string, readonly retryAfterMs?: number, readonly retryOnce = false) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The error kind for an HTTP status from the connector (callers refine 403 by the body's code). */
export function deliveryKindOf(status: number): DeliveryErrorKind {
  if (status === 429) return 'throttled';
  if (status === 412 || status === 502 || status === 503 || status === 504) return 'transient';
  if (status === 404) return 'not-found';
  return 'failed';
}

export interface GuidanceSender {
  /** Creates (or finds) the bot's 1:1 conversation with the user. Throws DeliveryError. */
  openConversation(user: { aadObjectId: string; tenantId: string }): Promise<{ conversationId: string }>;
  /** Sends one message carrying `card` (an Adaptive Card) as its attachment. Throws DeliveryError. */
  send(conversationId: string, card: object): Promise<{ activityId: string }>;
}
