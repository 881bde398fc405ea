import type template from './help.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as HelpTemplate };
export interface HelpCardData { commands: { usage: string; summary: string }[] }

export function renderHelpCard(data: HelpCardData, view: CardView): Card {
  return renderCard(loadTemplate('help'), data, view);
}
