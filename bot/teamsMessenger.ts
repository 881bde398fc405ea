// The services' PlanMessenger, with botbuilder: proactive posts and in-place edits of cards. Every card
// edit goes through replace(), the one place that handles a message or conversation that is gone (posted
// anew once, or edits stop, logged once). Plan card edits are paced per plan by the card-edit throttle,
// always drawn from the latest record, and the last state is never dropped.
import { ActivityTypes, MessageFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import type { FileAttachment } from '../cards/exports.js';
import type { Card } from '../cards/render.js';
import type { ConversationAddress, PlanMessenger, PlanRecord } from '../services/approvals/types.js';
import { CARD_EDIT_INTERVAL_MS, EditThrottle } from '../services/core/editThrottle.js';
import type { Logger } from '../services/ports.js';
import { GoneCards, goneOf, type Gone } from './goneCards.js';

/** Posting and editing cards, as the bot's card keepers (reading cards, tracking cards) use it. */
export interface CardPoster {
  /** Posts a card as a new message; returns its activity id (for later edits). */
  post(address: ConversationAddress, card: Card): Promise<string>;
  /** Replaces the card of message `address.activityId`; answers where the card is now, undefined when nowhere. */
  replace(address: ConversationAddress, card: Card): Promise<ConversationAddress | undefined>;
}

/** The part of CloudAdapter the messenger uses, so tests and other adapters can stand in. */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

export interface TeamsMessengerOptions {
  adapter: ProactiveAdapter;
  /** MicrosoftAppId, or '' with authentication off (botbuilder then sends without a token). */
  appId: string;
  /** Draws the card every viewer gets by default (the base view) for a record. */
  render: (record: PlanRecord) => Promise<Card>;
  /** Other messages showing the same plan (cards shown again by `pending`): edited alongside. */
  copiesOf?: (planId: string) => Promise<ConversationAddress[]>;
  logger: Logger;
  minIntervalMs?: number;
}

export class TeamsMessenger implements PlanMessenger, CardPoster {
  private readonly edits: EditThrottle<string, PlanRecord>;
  private readonly gone = new GoneCards();
  private closed = false;

  constructor(private readonly o: TeamsMessengerOptions) {
    this.edits = new EditThrottle({
      intervalMs: o.minIntervalMs ?? CARD_EDIT_INTERVAL_MS,
      send: (_planId, record) => this.edit(record),
      failed: (planId, err) => o.logger.warn({ planId, err: err instanceof Error ? err.message : String(err) }, 'could not update the plan card'),
    });
  }

  /**
   * Posts a card as a new message; returns its activity id (for later edits), or '' when the conversation
   * is gone or the bot was removed from it (logged once).
   */
  async post(address: ConversationAddress, card: Card): Promise<string> {
    let id = '';
    try {
      await this.continueIn(address, async (context) => {
        id = (await context.sendActivity(cardMessage(card)))?.id ?? '';
      });
    } catch (err) {
      if (!goneOf(err)) throw err;
      this.conversationGone(address, err);
      return '';
    }
    this.gone.conversationBack(address);
    return id;
  }

  /**
   * Replaces the card of message `address.activityId` (or of the message it was posted anew as). A message
   * that is gone gets the card posted anew, once; a conversation that is gone (or a bot removed from it) is
   * not edited again, with one log line. Answers where the card is now, undefined when nowhere.
   */
  async replace(address: ConversationAddress, card: Card): Promise<ConversationAddress | undefined> {
    const at = this.gone.current(address);
    if (!at) return undefined;
    try {
      await this.continueIn(at, async (context) => {
        await context.updateActivity({ ...cardMessage(card), id: at.activityId, type: ActivityTypes.Message });
      });
      return at;
    } catch (err) {
      const gone = goneOf(err);
      if (!gone) throw err;
      return this.cardGone(address, at, card, gone, err);
    }
  }

  /** Posts a message with one attachment that is not an Adaptive Card (Teams' file cards); returns its id. */
  async postAttachment(address: ConversationAddress, attachment: FileAttachment, text?: string): Promise<string> {
    let id = '';
    await this.continueIn(address, async (context) => {
      id = (await context.sendActivity(MessageFactory.attachment({ ...attachment }, text)))?.id ?? '';
    });
    return id;
  }

  async notify(address: ConversationAddress, text: string): Promise<void> {
    await this.continueIn(address, async (context) => { await context.sendActivity(MessageFactory.text(text)); });
  }

  /** Returns at once: the edit goes out now or when the plan's interval is over. */
  async planChanged(record: PlanRecord): Promise<void> {
    if (!record.card?.activityId || this.closed) return;
    this.edits.change(record.plan.id, record);
  }

  /** Waits until every edit asked for so far has been sent (tests, shutdown). */
  async flush(): Promise<void> {
    await this.edits.flush();
  }

  /** Sends what is still waiting, then refuses further edits. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async edit(record: PlanRecord): Promise<void> {
    const card = await this.o.render(record);
    const copies = this.o.copiesOf ? await this.o.copiesOf(record.plan.id) : [];
    for (const address of [record.card!, ...copies.filter((c) => c.activityId !== record.card!.activityId)]) {
      await this.replace(address, card);
    }
  }

  private async cardGone(original: ConversationAddress, at: ConversationAddress, card: Card, gone: Gone, err: unknown): Promise<ConversationAddress | undefined> {
    const why = err instanceof Error ? err.message : String(err);
    if (gone === 'message' && !this.gone.mayRepost(at)) {
      this.gone.stop(original);
      this.o.logger.info({ conversationId: at.conversationId, activityId: at.activityId, why }, 'card deleted again after it was posted anew: its edits stop');
      return undefined;
    }
    if (gone === 'message') {
      const { activityId: _gone, ...conversation } = at;
      const activityId = await this.post(conversation, card);
      if (!activityId) return undefined; // the conversation is gone too (logged by post)
      this.gone.postedAnew(original, activityId);
      this.o.logger.info({ conversationId: at.conversationId, activityId: at.activityId, postedAs: activityId, why }, 'card message gone: card posted anew');
      return { ...conversation, activityId };
    }
    return this.conversationGone(at, err);
  }

  private conversationGone(at: ConversationAddress, err: unknown): undefined {
    if (this.gone.conversationGone(at)) {
      this.o.logger.warn({ conversationId: at.conversationId, why: err instanceof Error ? err.message : String(err) }, 'conversation gone or bot removed from it: card edits there stop');
    }
    return undefined;
  }

  /**
   * Runs `logic` in the conversation. A failure comes back to the caller, never to the adapter's
   * turn-error handler: that would post an error card into the very chat that failed, for no one's turn.
   */
  private async continueIn(address: ConversationAddress, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { err: unknown } | undefined;
    await this.o.adapter.continueConversationAsync(this.o.appId, referenceOf(address), async (context) => {
      // botbuilder makes every send a reply to the (made-up) continuation activity; ours are new messages
      // in the conversation, not replies to a message that does not exist.
      context.onSendActivities(async (_c, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      try {
        await logic(context);
      } catch (err) {
        failure = { err };
      }
    });
    if (failure) throw failure.err;
  }
}

/** A conversation reference from what the plan stored: enough for the connector to reach the chat. */
export function referenceOf(address: ConversationAddress): Partial<ConversationReference> {
  return {
    channelId: address.channelId ?? 'msteams',
    serviceUrl: address.serviceUrl,
    conversation: { id: address.conversationId, tenantId: address.tenantId, isGroup: false, conversationType: '', name: '' },
    ...(address.activityId ? { activityId: address.activityId } : {}),
  };
}

function cardMessage(card: Card) {
  return MessageFactory.attachment({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
}
