// notify status: where the first notice stands for everyone in the identity map, from the stored
// per-person records (not from the cards: only the records know who answered).
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { siteMoveKey } from '../knowledge/moveKeys.js';
import { siteNoticeCampaign, type SiteNoticeIndex } from './siteNotice.js';
import { GUIDANCE_CAMPAIGN } from './campaign.js';
import { recipientKey, type RecipientRecord, type RecipientStore } from './recipientStore.js';

export interface CampaignStatus {
  /** People in the identity map. */
  people: number;
  /** Got the card and have not answered yet. */
  unanswered: number;
  /** Got the guidance by e-mail (Teams could not reach them); an e-mail has no buttons to answer. */
  sentByEmail: number;
  done: number;
  help: number;
  failed: number;
  failedByReason: Record<string, number>;
  /** Being sent right now. */
  sending: number;
  /** Never sent (no record, or waiting). */
  notSent: number;
  /** Latest help requests first, at most HELP_LISTED. */
  helpRequests: { upn: string; text: string; at: string }[];
  /** First failures in map order, at most FAILURES_LISTED. */
  failures: { upn: string; reason: string }[];
  /** The moved sites' owners, counted apart (one notice per owner per site); absent without a site map. */
  siteOwners?: SiteOwnersStatus;
}

export interface SiteOwnersStatus {
  /** Sites in the site map, and those with at least one owner notice. */
  sites: number;
  sitesTold: number;
  /** Owner notices (one per owner per site) sent or being sent. */
  notices: number;
  acknowledged: number;
  unanswered: number;
  failed: number;
  failedByReason: Record<string, number>;
  sending: number;
}

const HELP_LISTED = 10;
const FAILURES_LISTED = 20;

/**
 * Where one person's first notice stands, as `notify status` counts it (the per-person export uses the
 * same words, so its rows add up to the card's counts).
 */
export type NoticeOutcome = 'unanswered' | 'sent by email' | 'done' | 'help' | 'failed' | 'sending' | 'not sent';

export function noticeOutcome(record: RecipientRecord | undefined): NoticeOutcome {
  switch (record?.state) {
    case 'sent': return record.channel === 'email' ? 'sent by email' : 'unanswered';
    case 'done': return 'done';
    case 'help': return 'help';
    case 'sending': return 'sending';
    case 'failed': return 'failed';
    default: return 'not sent';
  }
}

/** Everyone's record in the identity map, by lower-case target UPN (missing ones left out). */
export function campaignRecords(map: IdentityMap, recipients: RecipientStore): Promise<Map<string, RecipientRecord>> {
  return recipients.getMany(GUIDANCE_CAMPAIGN, map.users.map((u) => u.targetUpn));
}

export async function campaignStatus(map: IdentityMap, recipients: RecipientStore): Promise<CampaignStatus> {
  const records = await campaignRecords(map, recipients);
  const s: CampaignStatus = { people: map.users.length, unanswered: 0, sentByEmail: 0, done: 0, help: 0, failed: 0, failedByReason: {}, sending: 0, notSent: 0, helpRequests: [], failures: [] };
  const help: CampaignStatus['helpRequests'] = [];
  for (const u of map.users) {
    const r = records.get(u.targetUpn.toLowerCase());
    switch (noticeOutcome(r)) {
      case 'unanswered': s.unanswered++; break;
      case 'sent by email': s.sentByEmail++; break;
      case 'done': s.done++; break;
      case 'help': s.help++; if (r?.help) help.push({ upn: u.targetUpn, ...r.help }); break;
      case 'sending': s.sending++; break;
      case 'failed': {
        const reason = r?.reason ?? 'failed';
        s.failed++;
        s.failedByReason[reason] = (s.failedByReason[reason] ?? 0) + 1;
        if (s.failures.length < FAILURES_LISTED) s.failures.push({ upn: u.targetUpn, reason });
        break;
      }
      default: s.notSent++;
    }
  }
  s.helpRequests = help.sort((a, b) => b.at.localeCompare(a.at)).slice(0, HELP_LISTED);
  return s;
}

/** Where the owners' notices stand, from each site's index of owners and their records (read in batches). */
export async function siteOwnersStatus(map: SiteMap, index: SiteNoticeIndex, recipients: RecipientStore): Promise<SiteOwnersStatus> {
  const campaigns = map.entries.map((e) => siteNoticeCampaign(siteMoveKey(e)));
  const owners = await index.ownersOf(campaigns);
  const s: SiteOwnersStatus = { sites: map.entries.length, sitesTold: owners.size, notices: 0, acknowledged: 0, unanswered: 0, failed: 0, failedByReason: {}, sending: 0 };
  const pairs = [...owners].flatMap(([campaignId, upns]) => upns.map((targetUpn) => ({ campaignId, targetUpn })));
  const records = await recipients.getPairs(pairs);
  for (const { campaignId, targetUpn } of pairs) {
    const r = records.get(recipientKey(campaignId, targetUpn));
    s.notices++;
    switch (noticeOutcome(r)) {
      case 'done': s.acknowledged++; break;
      case 'unanswered': case 'sent by email': s.unanswered++; break;
      case 'failed': s.failed++; s.failedByReason[r?.reason ?? 'failed'] = (s.failedByReason[r?.reason ?? 'failed'] ?? 0) + 1; break;
      default: s.sending++;
    }
  }
  return s;
}
