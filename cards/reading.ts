import type template from './reading.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as ReadingTemplate };

export interface ReadingCardData {
  /** The command being answered, as typed by its canonical name (e.g. "status"). */
  command: string;
  /** One line per part still being read ("Move states: 3,200 of 10,000 people read"). */
  lines: string[];
  seconds: number;
}

export function renderReadingCard(data: ReadingCardData, view: CardView): Card {
  return renderCard(loadTemplate('reading'), { ...data, lines: data.lines.length ? data.lines : ['Reading…'] }, view);
}
