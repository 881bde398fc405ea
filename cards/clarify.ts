import type template from './clarify.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as ClarifyTemplate };

/**
 * unsure: two likely commands; none: the closest commands, if any. Each suggestion becomes a `run`
 * button whose data is the command text, which comes back as untrusted text and is parsed again.
 */
export interface ClarifyCardData {
  kind: 'unsure' | 'none';
  heard: string;
  suggestions: string[];
}

export function renderClarifyCard(data: ClarifyCardData, view: CardView): Card {
  return renderCard(loadTemplate('clarify'), {
    kind: data.kind,
    heard: data.heard.length > 80 ? `${data.heard.slice(0, 80)}…` : data.heard,
    suggestions: data.suggestions.map((text) => ({ text })),
  }, view);
}
