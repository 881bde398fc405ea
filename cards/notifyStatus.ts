// notify status: the first notice's counts, failures by reason, the latest help requests, and the moved
// sites' owner notices counted apart.
import type template from './notifyStatus.json';
import type { CampaignStatus } from '../services/guidance/campaignStatus.js';
import { when } from './readable.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as NotifyStatusTemplate };

/** Reasons as an admin reads them (the records keep the short codes). */
const REASON_LABELS: Record<string, string> = {
  blocked: 'Blocked the bot', notFound: 'Not found on the target tenant', 'not-installed': 'App not allowed for them',
  noOneDrive: 'No OneDrive on the target yet', throttled: 'Throttled (retry later)', transient: 'Unreachable (retry later)',
  interrupted: 'Cut off mid-send (may have arrived)', failed: 'Other error (see the log)',
};

export function renderNotifyStatusCard(status: CampaignStatus, view: CardView): Card {
  const label = (reason: string) => REASON_LABELS[reason] ?? reason;
  const more = status.failed - status.failures.length;
  return renderCard(loadTemplate('notifyStatus'), {
    ...status,
    reasons: Object.entries(status.failedByReason).map(([reason, count]) => ({ reason: label(reason), count })),
    failureList: status.failures.map((f) => `${f.upn} (${label(f.reason)})`).join(', ') + (more > 0 ? ` and ${more} more` : ''),
    helpRequests: status.helpRequests.map((h) => ({ ...h, at: when(h.at) })),
    hasSites: Boolean(status.siteOwners),
    siteReasons: Object.entries(status.siteOwners?.failedByReason ?? {}).map(([reason, count]) => ({ reason: label(reason), count })),
  }, view);
}
