import type template from './notAllowed.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as NotAllowedTemplate };

/**
 * userId is shown so the person can hand it to whoever maintains the admin list or group. `denial` is what
 * the role check says of the refusal: groups were asked, and whether they could be read. No group is named:
 * a refused person learns nothing of the configuration.
 */
export function renderNotAllowedCard(data: { userId: string; denial?: { checkedGroupIds?: string; membership?: string } }, view: CardView): Card {
  return renderCard(loadTemplate('notAllowed'), {
    userId: data.userId || 'unknown', groups: Boolean(data.denial?.checkedGroupIds), unreadable: data.denial?.membership === 'unreadable',
  }, view);
}
