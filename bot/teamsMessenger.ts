// The services' PlanMessenger, with botbuilder: proactive posts and in-place edits of plan cards in the
// conversation stored with the plan. Edits are throttled per plan (a 2,000-item job would otherwise edit
// the card thousands of times and hit Teams' per-conversation limits): at most one edit per plan per
// interval, always drawn from the latest record, and the last state is never dropped.
import { ActivityTypes, MessageFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import type { FileAttachment } from '../cards/exports.js';
import type { Card } from '../cards/render.js';
import type { ConversationAddress, PlanMessenger, PlanRecord } from '../services/approvals/types.js';
import type { Logger } from '../services/ports.js';

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

interface PlanEdits {
  latest?: PlanRecord;
  lastSentAt: number;
  timer?: NodeJS.Timeout;
  sending?: Promise<void>;
}

export const EDIT_INTERVAL_MS = 2000;
const FINAL = new Set<PlanRecord['state']>(['done', 'partly-failed', 'failed', 'rejected', 'cancelled', 'expired']);

export class TeamsMessenger implements PlanMessenger {
  private readonly plans = new Map<string, PlanEdits>();
  private readonly interval: number;
  private closed = false;

  constructor(private readonly o: TeamsMessengerOptions) {
    this.interval = o.minIntervalMs ?? EDIT_INTERVAL_MS;
  }

  /** Posts a card as a new message; returns its activity id (for later edits). */
  async post(address: ConversationAddress, card: Card): Promise<string> {
    let id = '';
    await this.continueIn(address, async (context) => {
      id = (await context.sendActivity(cardMessage(card)))?.id ?? '';
    });
    return id;
  }

  /** Replaces the card of message `address.activityId` (cards other than plans: no throttle, few edits). */
  async replace(address: ConversationAddress, card: Card): Promise<void> {
    await this.continueIn(address, async (context) => {
      await context.updateActivity({ ...cardMessage(card), id: address.activityId, type: ActivityTypes.Message });
    });
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
    const edits = this.plans.get(record.plan.id) ?? { lastSentAt: 0 };
    this.plans.set(record.plan.id, edits);
    edits.latest = record;
    this.schedule(record.plan.id, edits);
  }

  /** Waits until every edit asked for so far has been sent (tests, shutdown). */
  async flush(): Promise<void> {
    for (;;) {
      const busy = [...this.plans.entries()].filter(([, e]) => e.latest || e.sending);
      if (busy.length === 0) return;
      for (const [planId, edits] of busy) {
        if (edits.timer) { clearTimeout(edits.timer); edits.timer = undefined; void this.send(planId, edits); }
        await edits.sending;
      }
    }
  }

  /** Sends what is still waiting, then refuses further edits. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule(planId: string, edits: PlanEdits): void {
    if (edits.timer || edits.sending) return; // the running send or timer picks up `latest`
    const wait = edits.lastSentAt + this.interval - Date.now();
    if (wait <= 0) { void this.send(planId, edits); return; }
    edits.timer = setTimeout(() => { edits.timer = undefined; void this.send(planId, edits); }, wait);
  }

  private send(planId: string, edits: PlanEdits): Promise<void> {
    const record = edits.latest;
    if (!record) return Promise.resolve();
    edits.latest = undefined;
    edits.lastSentAt = Date.now();
    edits.sending = this.edit(record).catch((err: unknown) => {
      this.o.logger.warn({ planId, err: err instanceof Error ? err.message : String(err) }, 'could not update the plan card');
    }).finally(() => {
      edits.sending = undefined;
      // The entry keeps lastSentAt for the throttle; a plan that reached its last state needs it no more.
      if (edits.latest) this.schedule(planId, edits);
      else if (!edits.timer && FINAL.has(record.state)) this.plans.delete(planId);
    });
    return edits.sending;
  }

  private async edit(record: PlanRecord): Promise<void> {
    const card = await this.o.render(record);
    const copies = this.o.copiesOf ? await this.o.copiesOf(record.plan.id) : [];
    for (const address of [record.card!, ...copies.filter((c) => c.activityId !== record.card!.activityId)]) {
      await this.continueIn(address, async (context) => {
        await context.updateActivity({ ...cardMessage(card), id: address.activityId, type: ActivityTypes.Message });
      });
    }
  }

  private continueIn(address: ConversationAddress, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.o.adapter.continueConversationAsync(this.o.appId, referenceOf(address), async (context) => {
      // botbuilder makes every send a reply to the (made-up) continuation activity; ours are new messages
      // in the conversation, not replies to a message that does not exist.
      context.onSendActivities(async (_c, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      await logic(context);
    });
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
