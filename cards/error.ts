import type template from './error.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as ErrorTemplate };

export type ErrorCardData =
  | { kind: 'input'; message: string; usage?: string }
  | { kind: 'domain'; message: string; correlationId?: string }
  | { kind: 'expired'; command?: string }
  | { kind: 'unexpected'; correlationId: string };

export function renderErrorCard(data: ErrorCardData, view: CardView): Card {
  return renderCard(loadTemplate('error'), data, view);
}
