import type template from './error.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as ErrorTemplate };

export type ErrorCardData =
  | { kind: 'input'; message: string; usage?: string }
  /** A valid request the tenants' state does not allow yet (unfinished moves): what stops it, and what to do. */
  | { kind: 'blocked'; message: string }
  | { kind: 'domain'; message: string; correlationId?: string }
  | { kind: 'expired'; command?: string }
  | { kind: 'unexpected'; correlationId: string };

export function renderErrorCard(data: ErrorCardData, view: CardView): Card {
  return renderCard(loadTemplate('error'), data, view);
}
