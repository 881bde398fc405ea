// Dispatch only: tenant allow-list, mention strip, messages to the command router (files sent to the
// identity-map upload), card actions to the action router, answers to file consent cards to the exports.
// No decisions about commands or cards are made here.
import {
  MessageFactory, TeamsActivityHandler, TurnContext,
  type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type FileConsentCardResponse,
} from 'botbuilder';
import type { Card } from '../cards/render.js';
import type { ActionRouter } from './actionRouter.js';
import type { BotServices } from './botServices.js';
import type { CommandRouter } from './commandRouter.js';
import type { ExportFiles } from './exportFiles.js';
import { addressOf, callerOf, conversationTypeOf, fromAllowedTenant, personOf } from './identity.js';
import { handleIdentityMapUpload, hasFileUpload } from './identityMapUpload.js';
import { SeenActivities } from './seenActivities.js';
import { errorCard } from './errorReplies.js';
import { sendReply, type ReplyChannel } from './replies.js';

export class TeamsBot extends TeamsActivityHandler {
  private readonly seen = new SeenActivities();

  constructor(
    private readonly services: BotServices,
    private readonly commands: CommandRouter,
    private readonly actions: ActionRouter,
  ) {
    super();
    this.onMessage(async (context, next) => {
      // A file sent to the bot is an identity-map or site-map upload, not a command (any text with it is ignored).
      if (hasFileUpload(context.activity.attachments)) {
        const upload = { attachments: context.activity.attachments ?? [], caller: callerOf(context.activity), conversationType: conversationTypeOf(context.activity) };
        // A 100,000-row map takes longer to fetch and check than a chat answer may: answered like a slow read.
        const reply = await this.services.slowAnswers.answer('identity map or site map',
          async () => ({ cards: [await handleIdentityMapUpload(upload, this.services)] }),
          (err) => errorCard(err, this.services.logger, this.services.view));
        await sendReply(reply, inTurn(context));
        return next();
      }
      // A bare @mention is a person asking what the bot does.
      const reply = await this.commands.route(messageText(context) || 'help', callerOf(context.activity), addressOf(context.activity));
      await sendReply(reply, inTurn(context));
      await next();
    });
    // Teams says so when the app is installed for someone (by a campaign through Graph, or by them):
    // their 1:1 chat is kept, so their guidance and reminders go straight to it.
    this.onInstallationUpdateAdd(async (context, next) => {
      const caller = callerOf(context.activity);
      if (conversationTypeOf(context.activity) === 'personal' && caller.userId) {
        await this.services.guidance?.conversations.put(caller.userId, context.activity.conversation.id);
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const caller = callerOf(context.activity);
    if (!fromAllowedTenant(context.activity, this.services.allowedTenantIds)) {
      // Silently: answering would tell a stranger the bot exists.
      this.services.logger.warn({ type: context.activity.type, tenantId: caller.tenantId }, 'activity from a tenant not allowed: ignored');
      await this.services.audit.append({ event: 'refused.wrong-tenant', actor: personOf(caller), detail: { tenantId: caller.tenantId, type: context.activity.type } });
      return;
    }
    const { type, id } = context.activity;
    if ((type === 'message' || type === 'invoke') && !this.seen.first(id && `${context.activity.conversation?.id}|${id}`)) {
      this.services.logger.info({ type, activityId: id }, 'activity delivered again: already answered, ignored');
      return;
    }
    // Approval cards need the Teams ids of approvers: learn them from whoever writes or clicks.
    await this.services.people.saw(personOf(caller));
    await this.services.people.sawServiceUrl(context.activity.serviceUrl ?? '');
    await super.run(context);
  }

  // fileConsent/invoke: the person answered a file consent card (an export). botbuilder answers the invoke
  // once these return, so the upload itself runs after the turn (exportFiles.ts).
  protected override async handleTeamsFileConsentAccept(context: TurnContext, answer: FileConsentCardResponse): Promise<void> {
    const text = await this.exports().accepted(answer, callerOf(context.activity), addressOf(context.activity));
    if (text) await context.sendActivity(MessageFactory.text(text));
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, answer: FileConsentCardResponse): Promise<void> {
    await context.sendActivity(MessageFactory.text(await this.exports().declined(answer, callerOf(context.activity))));
  }

  private exports(): ExportFiles {
    if (!this.services.exports) throw new Error('exports are not set up in this bot');
    return this.services.exports;
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return this.actions.handle(value, callerOf(context.activity), addressOf(context.activity));
  }
}

/** Every card of a reply to a message is a message of its own in the turn's conversation. */
function inTurn(context: TurnContext): ReplyChannel {
  const send = async (card: Card) => {
    const sent = await context.sendActivity(MessageFactory.attachment({ contentType: 'application/vnd.microsoft.card.adaptive', content: card }));
    return { ...addressOf(context.activity), activityId: sent?.id };
  };
  return { first: send, next: send };
}

/** The typed text without the bot's @mention (and any other leftover <at> tags Teams leaves in). */
function messageText(context: TurnContext): string {
  const withoutMention = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return decodeEntities(withoutMention.replace(/<at>[^<]*<\/at>/gi, ' ')).replace(/\s+/g, ' ').trim();
}

// Teams may send typed text HTML-escaped (an apostrophe in a UPN as &#39;).
const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
function decodeEntities(text: string): string {
  return text.replace(/&(?:nbsp|amp|lt|gt|quot|apos|#39);/g, (e) => ENTITIES[e] ?? e);
}
