import type template from './hostUrls.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as HostUrlsTemplate };

/** Each tenant's short name and cross-tenant host URL, as plain data. */
export interface HostUrlsCardData {
  source: { tenant: string; hostUrl: string };
  target: { tenant: string; hostUrl: string };
}

export function renderHostUrlsCard(data: HostUrlsCardData, view: CardView): Card {
  return renderCard(loadTemplate('hostUrls'), data, view);
}
