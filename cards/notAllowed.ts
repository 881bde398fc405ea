import type template from './notAllowed.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as NotAllowedTemplate };

/** userId is shown so the person can hand it to whoever maintains ADMIN_IDS. */
export function renderNotAllowedCard(data: { userId: string }, view: CardView): Card {
  return renderCard(loadTemplate('notAllowed'), { userId: data.userId || 'unknown' }, view);
}
