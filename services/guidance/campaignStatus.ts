// notify status: where the first notice stands for everyone in the identity map, from the stored
// per-person records (not from the cards: only the records know who answered).
import type { IdentityMap } from '../identityMap/identityMap.js';
import { GUIDANCE_CAMPAIGN } from './campaign.js';
import type { RecipientStore } from './recipientStore.js';

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
}

const HELP_LISTED = 10;
const FAILURES_LISTED = 20;

export async function campaignStatus(map: IdentityMap, recipients: RecipientStore): Promise<CampaignStatus> {
  const records = await recipients.getMany(GUIDANCE_CAMPAIGN, map.users.map((u) => u.targetUpn));
  const s: CampaignStatus = { people: map.users.length, unanswered: 0, sentByEmail: 0, done: 0, help: 0, failed: 0, failedByReason: {}, sending: 0, notSent: 0, helpRequests: [], failures: [] };
  const help: CampaignStatus['helpRequests'] = [];
  for (const u of map.users) {
    const r = records.get(u.targetUpn.toLowerCase());
    switch (r?.state) {
      case 'sent': if (r.channel === 'email') s.sentByEmail++; else s.unanswered++; break;
      case 'done': s.done++; break;
      case 'help': s.help++; if (r.help) help.push({ upn: u.targetUpn, ...r.help }); break;
      case 'sending': s.sending++; break;
      case 'failed': {
        const reason = r.reason ?? 'failed';
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
