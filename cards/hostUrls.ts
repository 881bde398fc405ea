import type { HostUrls } from '../services/insights/hostUrls.js';
import type template from './hostUrls.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as HostUrlsTemplate };

export function renderHostUrlsCard(data: HostUrls, view: CardView): Card {
  return renderCard(loadTemplate('hostUrls'), data, view);
}
