// The card a moved site's owner gets: the new address, and what changed for them (docs/moves.md SP-7: sign
// in with the target identity, old links redirect until the redirect site is removed, labels removed
// before the move are added again by hand), with one acknowledgement button. Like the guidance card it
// carries only the campaign id back; who answered is the Entra id Teams sends with the click.
import type template from './siteNotice.json';
import type { SiteNoticeContent } from '../services/guidance/siteNotice.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as SiteNoticeTemplate };

export function renderSiteNoticeCard(c: SiteNoticeContent, view: CardView): Card {
  const what = c.kind === 'group' ? 'group site' : 'site';
  return renderCard(loadTemplate('siteNotice'), {
    title: c.kind === 'group' ? 'Your group site has moved' : 'Your site has moved',
    what, name: c.name, targetUpn: c.targetUpn, sourceSiteUrl: c.sourceSiteUrl, targetSiteUrl: c.targetSiteUrl,
    campaignId: c.campaignId, answered: c.answered ?? '',
  }, view);
}
