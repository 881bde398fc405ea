import { InputError } from '../../services/errors.js';
import type { SiteOwnersScope } from '../../services/guidance/siteOwnersPlan.js';
import type { Command } from './command.js';
import { parseWith, siteUrl } from './command.js';
import { personOf } from '../identity.js';
import { guidanceOf } from './notifyUsers.js';

const usage = 'notify site owners [all | <site url>]';

/**
 * Plans telling the owners of moved sites and group sites (read on the target now) that their site moved:
 * one card per owner per site, with the new URL and what changed. A preview of the first card follows the
 * plan, so the approver sees what owners will read. Sent only once approved.
 */
export const notifySiteOwnersCommand: Command<{ scope: SiteOwnersScope }> = {
  name: 'notify site owners',
  usage,
  summary: "Plan telling the owners of every moved site and group site whose move completed (or of the one named) its new URL and what changed, in Teams, with an acknowledgement button; shows a preview card.",
  adminOnly: true,
  changesTenant: true,
  parse: (argText) => {
    const words = argText.split(/\s+/).filter(Boolean);
    if (words.length === 0 || (words.length === 1 && words[0]!.toLowerCase() === 'all')) return { scope: { kind: 'all' } };
    if (words.length > 1) throw new InputError('One site URL at a time, or "all".', { usage });
    return { scope: { kind: 'site', site: parseWith(siteUrl, words[0]!, usage) } };
  },
  argsFromEntities: (e) => e.urls[0] ?? 'all',
  run: async ({ scope }, { services, caller, address, progress }) => {
    const guidance = guidanceOf(services);
    const plan = await guidance.planSiteOwners(scope, personOf(caller), progress);
    const reply = await services.planCards.submit(plan, address);
    const first = plan.items[0]?.step;
    const preview = first?.type === 'send-site-notice' ? await guidance.siteNoticePreview(first) : null;
    return preview ? { ...reply, cards: [...reply.cards, preview] } : reply;
  },
};
