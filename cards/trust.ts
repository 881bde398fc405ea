import type template from './trust.json';
import { inWords } from './readable.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as TrustTemplate };

/** One tenant's side of the trust, as plain data (whether it remains is decided by the caller). */
export interface TrustCardSide {
  side: string;
  tenant: string;
  partnerRole: string;
  partnerHostUrl: string;
  verification: string;
  remains: boolean;
}

export function renderTrustCard(data: { source: TrustCardSide; target: TrustCardSide }, view: CardView): Card {
  const sides = [data.source, data.target].map((t) => ({ ...t, verification: inWords(t.verification) }));
  return renderCard(loadTemplate('trust'), { sides }, view);
}
