import type template from './clarify.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as ClarifyTemplate };

/**
 * unsure: "did you mean" the nearest commands; none: nothing fits, the nearest commands all the same;
 * confirm: one changing command recognised from free text, which is offered, never run (summary says what it
 * would do). Each suggestion becomes a `run` button whose data is the command text, which comes back as
 * untrusted text and is parsed again, with one line of what the command shows or does.
 */
export interface ClarifySuggestion {
  text: string;
  line: string;
}

export interface ClarifyCardData {
  kind: 'unsure' | 'none' | 'confirm';
  heard: string;
  suggestions: ClarifySuggestion[];
  /** confirm: the command's own summary line. */
  summary?: string;
}

export function renderClarifyCard(data: ClarifyCardData, view: CardView): Card {
  return renderCard(loadTemplate('clarify'), {
    kind: data.kind,
    heard: data.heard.length > 80 ? `${data.heard.slice(0, 80)}…` : data.heard,
    suggestions: data.suggestions,
    summary: data.summary ?? '',
  }, view);
}
