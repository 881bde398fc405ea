// The send-site-notice plan step: one owner, one site, one card, through the same deliver() as people's
// guidance (lookup on the target, install, 1:1 chat, send, all paced and claimed once), under the site's
// own campaign. The owner is noted in the site's index first, so `notify status` counts them however the
// send ends.
import type { PlanStep } from '../approvals/types.js';
import type { Clock, Logger } from '../ports.js';
import type { TenantClientApi } from '../tenants/types.js';
import type { ConversationBook } from './conversationBook.js';
import { deliver } from './delivery.js';
import { resultOf, type StepResult } from './guidanceStep.js';
import type { GuidanceSender } from './ports.js';
import type { RecipientStore } from './recipientStore.js';
import { siteNoticeCampaign, siteNoticeContent, type SiteNoticeIndex, type SiteNoticeRenderer } from './siteNotice.js';
import type { TeamsLimits } from './teamsRateLimit.js';

export type SendSiteNoticeStep = Extract<PlanStep, { type: 'send-site-notice' }>;

export interface SiteNoticeStepDeps {
  /** The target tenant: where the owners and the moved site are now. */
  target: Pick<TenantClientApi, 'getUser' | 'installAppForUser'>;
  targetTenantId: string;
  catalogAppId: string;
  sender: GuidanceSender;
  recipients: RecipientStore;
  index: SiteNoticeIndex;
  conversations: ConversationBook;
  limits: TeamsLimits;
  render: SiteNoticeRenderer;
  clock: Clock;
  logger: Logger;
}

export function createSiteNoticeStep(deps: SiteNoticeStepDeps) {
  return async function sendSiteNotice(step: SendSiteNoticeStep, run: { planId: string; runId: string }): Promise<StepResult> {
    const campaignId = siteNoticeCampaign(step.siteKey);
    await deps.index.add(campaignId, step.targetUpn);
    // An approved plan naming an owner who could not be reached before is the decision to try again.
    await deps.recipients.reopen(campaignId, step.targetUpn, deps.clock.now());
    const outcome = await deliver({ targetUpn: step.targetUpn }, {
      campaignId, owner: { job: run.planId, run: run.runId }, tenantId: deps.targetTenantId, catalogAppId: deps.catalogAppId,
      directory: deps.target, sender: deps.sender, store: deps.recipients, limits: deps.limits, clock: deps.clock,
      logger: deps.logger, conversations: deps.conversations,
      renderCard: (_r, user) => deps.render(siteNoticeContent(step, user)),
    });
    return resultOf(outcome, false);
  };
}
