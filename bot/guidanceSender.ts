// The services' GuidanceSender with botbuilder: CloudAdapter.createConversationAsync opens the 1:1 chat
// (the app is installed for the person first, through Graph) and continueConversationAsync sends the card.
// Connector refusals become DeliveryError kinds, so delivery can tell a blocked person from a throttled
// tenant. Pacing happens before every call.
//
// Retries of connector calls have one home: botbuilder's connector client (@azure/core-rest-pipeline's
// default retry policy, which botbuilder does not let us configure). It sends each call at most 4 times
// (3 retries): 429, and 503 with Retry-After, after the Retry-After; other 5xx (but 501, 505), 408 and
// connection failures after an exponential wait with jitter (1 s base). Nothing above it retries those
// again: delivery tries a call once more only for what this client cannot see (a 412, which it does not
// retry; our deadline on a chat creation; see withOneRetry), and the plan-card posts and edits of
// teamsMessenger.ts are not retried at all. test/faults/triesPerCall.test.ts counts the tries.
import { assertFenced } from '../services/core/fence.js';
import { MessageFactory, type ConversationParameters, type ConversationReference, type TurnContext } from 'botbuilder';
import { DeliveryError, deliveryKindOf, type GuidanceSender } from '../services/guidance/ports.js';

/** The part of CloudAdapter a campaign uses. */
export interface ConversationAdapter {
  createConversationAsync(botAppId: string, channelId: string, serviceUrl: string, audience: string, parameters: ConversationParameters, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/**
 * At most this many HTTP tries per connector call: botbuilder's connector client (1 + @azure/core-rest-pipeline's
 * DEFAULT_RETRY_POLICY_COUNT of 3). Not ours to set; stated so a test holds the product to it.
 */
export const CONNECTOR_TRIES_PER_CALL = 4;

/** The Bot Framework's token audience for calls to the channel (AuthenticationConstants.ToChannelFromBotOAuthScope). */
const CHANNEL_AUDIENCE = 'https://api.botframework.com';

export interface BotGuidanceSenderOptions {
  adapter: ConversationAdapter;
  /** MicrosoftAppId; '' with authentication off. */
  appId: string;
  /** Where Teams' connector answers for the target tenant (see campaignServiceUrl in guidanceSetup.ts). */
  serviceUrl: () => Promise<string>;
  /** How long one connector call may go unanswered (default 30 s). */
  answerTimeoutMs?: number;
}

/**
 * botbuilder's connector client sets no deadline of its own: a connector that takes the request and never
 * answers would hold that person's delivery, and the campaign, forever. Past the deadline the call is left
 * to finish or fail on its own and the person's delivery moves on.
 */
const DEFAULT_ANSWER_TIMEOUT_MS = 30_000;

export class BotGuidanceSender implements GuidanceSender {
  constructor(private readonly o: BotGuidanceSenderOptions) {}

  async openConversation(user: { aadObjectId: string; tenantId: string }): Promise<{ conversationId: string }> {
    const parameters = {
      isGroup: false,
      bot: { id: this.o.appId ? `28:${this.o.appId}` : '', name: '' },
      members: [{ id: user.aadObjectId, name: '' }],
      tenantId: user.tenantId,
      channelData: { tenant: { id: user.tenantId } },
    } as ConversationParameters;
    let conversationId = '';
    const serviceUrl = await this.o.serviceUrl();
    try {
      // No answer: retried like a reset. Teams gives a person's 1:1 chat with the bot one id, so opening
      // it again cannot make a second chat.
      await this.deadline('transient', 'creating the chat', () => this.o.adapter.createConversationAsync(this.o.appId, 'msteams', serviceUrl, CHANNEL_AUDIENCE, parameters, async (context) => {
        conversationId = context.activity.conversation?.id ?? '';
      }));
    } catch (err) {
      throw deliveryErrorOf(err);
    }
    if (!conversationId) throw new DeliveryError('failed', 'the connector answered without a conversation id');
    return { conversationId };
  }

  async send(conversationId: string, card: object): Promise<{ activityId: string }> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams', serviceUrl: await this.o.serviceUrl(),
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    };
    let activityId = '';
    let failure: unknown;
    // No answer: the card may have arrived, so it is not sent again (a failure, never a retry).
    await this.deadline('failed', 'sending the card', () => this.o.adapter.continueConversationAsync(this.o.appId, reference, async (context) => {
      // Caught here: an error thrown out of the turn would go to the adapter's onTurnError, which answers
      // in the person's chat and hides the reason from the campaign.
      try {
        const activity = MessageFactory.attachment({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
        activityId = (await context.sendActivity(activity))?.id ?? '';
      } catch (err) {
        failure = err;
      }
    }));
    if (failure) throw deliveryErrorOf(failure);
    return { activityId };
  }

  private async deadline(kind: 'transient' | 'failed', what: string, call: () => Promise<void>): Promise<void> {
    // Every call to Teams passes here: none leaves once the job it belongs to has lost its lease.
    assertFenced();
    const ms = this.o.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeliveryError(kind, `the Teams connector did not answer ${what} within ${ms / 1000} s`, undefined, kind === 'transient')), ms);
    });
    try {
      await Promise.race([call(), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface ConnectorFailure {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { bodyAsText?: string | null; parsedBody?: unknown; headers?: { get(name: string): string | undefined } };
}

/** botbuilder's connector throws a RestError: its status, and the Teams error code from the body. */
export function deliveryErrorOf(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as ConnectorFailure;
  const status = e.statusCode;
  if (status === undefined) return new DeliveryError('transient', `connector unreachable: ${e.message ?? String(err)}`);
  const code = errorCodeOf(e) ?? `HTTP ${status}`;
  const message = `${code}: ${e.message ?? ''}`.slice(0, 300);
  if (status === 403 && code === 'MessageWritesBlocked') return new DeliveryError('blocked', message);
  if (status === 403 && code === 'ForbiddenOperationException') return new DeliveryError('not-installed', message);
  const retryAfter = Number(e.response?.headers?.get('retry-after'));
  // 412 (a concurrent operation on the conversation, nothing done): Teams asks for a retry, and the
  // connector client's policy does not make one.
  return new DeliveryError(deliveryKindOf(status), message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined, status === 412);
}

export function errorCodeOf(e: ConnectorFailure): string | undefined {
  const parsed = e.response?.parsedBody as { error?: { code?: unknown } } | undefined;
  if (typeof parsed?.error?.code === 'string') return parsed.error.code;
  try {
    const body = JSON.parse(e.response?.bodyAsText ?? '') as { error?: { code?: unknown } };
    if (typeof body.error?.code === 'string') return body.error.code;
  } catch { /* not JSON: fall through */ }
  return typeof e.code === 'string' && e.code ? e.code : undefined;
}
