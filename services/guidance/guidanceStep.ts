// The send-guidance plan step: one person, one card, through deliver() (lookup, card, install, 1:1 chat,
// send, all paced). deliver's claim is what keeps a resumed or repeated run from sending twice; this file
// maps its outcome onto the job runner's item states and reads what the card needs (the new OneDrive).
// With GUIDANCE_MAIL_FROM, people Teams cannot reach get the same guidance by e-mail (delivery.ts).
import { ThrottledError } from '../errors.js';
import type { Clock, Logger } from '../ports.js';
import type { PlanStep } from '../approvals/types.js';
import type { TenantClientApi } from '../tenants/types.js';
import { campaignOf, GUIDANCE_CAMPAIGN, guidanceContent, type GuidanceContent, type GuidanceRenderer } from './campaign.js';
import type { ConversationBook } from './conversationBook.js';
import { deliver, type DeliveryOutcome } from './delivery.js';
import { DeliveryError, type GuidanceSender } from './ports.js';
import type { RecipientStore } from './recipientStore.js';
import type { TeamsLimits } from './teamsRateLimit.js';

export type SendGuidanceStep = Extract<PlanStep, { type: 'send-guidance' }>;
export type StepResult = { state: 'done'; reason?: string } | { state: 'failed'; reason: string };

export interface GuidanceStepDeps {
  /** The target tenant: where the people are now. */
  target: Pick<TenantClientApi, 'getUser' | 'installAppForUser' | 'getUserDrive' | 'sendMail'>;
  targetTenantId: string;
  /** The bot's app in the tenant's catalog (TEAMS_APP_ID). */
  catalogAppId: string;
  sender: GuidanceSender;
  recipients: RecipientStore;
  conversations: ConversationBook;
  limits: TeamsLimits;
  render: GuidanceRenderer;
  clock: Clock;
  logger: Logger;
  /** The e-mail fallback: the sending mailbox and the e-mail's renderer (absent: no e-mail). */
  mail?: { from: string; render: GuidanceMailRenderer };
}

/** One person's guidance as an e-mail (the bot's renderer: subject and HTML from the language files). */
export type GuidanceMailRenderer = (content: GuidanceContent) => { subject: string; html: string };

const REASONS: Record<string, string> = {
  blocked: 'The person blocked the bot in Teams (403 MessageWritesBlocked): not sent.',
  notFound: 'No such user on the target tenant: not sent.',
  'not-installed': 'Teams refused the chat: the app is not installed for this person (403 ForbiddenOperationException). Check that the app is allowed for them.',
  noOneDrive: 'The person has no OneDrive on the target tenant yet: not sent.',
  throttled: 'Teams or Graph kept throttling: not sent. Retry later.',
  transient: 'Teams or Graph could not be reached: not sent. Retry later.',
  interrupted: 'A send was cut off mid-way: the card may or may not have arrived, so it is not sent again by itself ("remind" sends it on purpose).',
  failed: 'Sending failed (see the log).',
};

export function createGuidanceStep(deps: GuidanceStepDeps) {
  return async function sendGuidance(step: SendGuidanceStep, run: { planId: string; runId: string }): Promise<StepResult> {
    const { planId } = run;
    const campaignId = campaignOf(step, planId);
    const now = deps.clock.now();
    let conversationId: string | undefined;
    if (step.reminder) {
      const first = (await deps.recipients.get(GUIDANCE_CAMPAIGN, step.targetUpn))?.record;
      if (first?.state === 'done' || first?.state === 'help') return { state: 'done', reason: `Not reminded: answered meanwhile (${first.state}).` };
      conversationId = first?.conversationId;
    } else {
      await deps.recipients.reopen(campaignId, step.targetUpn, now);
    }
    // What the card was made of, kept for the e-mail: delivery composes it only after the card succeeded.
    let content: GuidanceContent | undefined;
    const mail = deps.mail;
    const outcome = await deliver({ targetUpn: step.targetUpn, sourceUpn: step.sourceUpn, conversationId }, {
      campaignId, owner: { job: planId, run: run.runId }, tenantId: deps.targetTenantId, catalogAppId: deps.catalogAppId, directory: deps.target,
      sender: deps.sender, store: deps.recipients, limits: deps.limits, clock: deps.clock, logger: deps.logger,
      conversations: deps.conversations,
      renderCard: async (_r, user) => {
        const drive = await deps.target.getUserDrive(user.id);
        if (!drive) throw new DeliveryError('no-onedrive', 'no OneDrive on the target tenant');
        content = guidanceContent({ targetEmail: step.targetEmail }, user, drive);
        return deps.render(content);
      },
      mail: mail && {
        from: mail.from,
        // TargetUserEmail of the identity map, else the new sign-in name (also an address on the target).
        compose: (_r, user) => ({ to: step.targetEmail || user.userPrincipalName, ...mail.render(content!) }),
        send: (from, to, subject, html) => deps.target.sendMail(from, to, subject, html),
      },
    });
    return resultOf(outcome, step.reminder);
  };
}

/** The item reasons of a card that went out now (the plan's outcome line counts them). */
export const SENT_REASONS: readonly string[] = ['Sent.', 'Reminder sent.'];
/** The item reasons of guidance e-mailed now because Teams could not reach the person (counted apart). */
export const EMAILED_REASONS: Readonly<Record<string, string>> = {
  blocked: 'Sent by e-mail: the person blocked the bot in Teams.',
  'not-installed': 'Sent by e-mail: Teams refused the chat (the app is not installed or not allowed for this person).',
};

/** A delivery's outcome as the job runner's item state (a site owner's notice is read the same way). */
export function resultOf(outcome: DeliveryOutcome, reminder: boolean): StepResult {
  if (outcome.state === 'sent' && outcome.channel === 'email') return { state: 'done', reason: EMAILED_REASONS[outcome.reason ?? ''] ?? EMAILED_REASONS.blocked! };
  if (outcome.state === 'sent') return { state: 'done', reason: SENT_REASONS[reminder ? 1 : 0] };
  if (outcome.state === 'failed') {
    const reason = REASONS[outcome.reason ?? 'failed'] ?? REASONS.failed!;
    return { state: 'failed', reason: outcome.mailError ? `${reason} E-mail fallback: ${outcome.mailError}` : reason };
  }
  // Another run holds this person right now (two plans naming them at once): try again later.
  if (outcome.reason === 'in-progress') throw new ThrottledError('Another run is sending to this person now.');
  return { state: 'done', reason: outcome.reason === 'done' || outcome.reason === 'help' ? `Already answered (${outcome.reason}): not sent again.` : 'Already sent earlier: not sent again.' };
}
