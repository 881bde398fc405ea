import type { TrustView } from '../services/insights/trust.js';
import { trustRemains } from '../services/insights/trust.js';
import type template from './trust.json';
import { inWords } from './readable.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as TrustTemplate };

export function renderTrustCard(data: { source: TrustView; target: TrustView }, view: CardView): Card {
  const sides = [data.source, data.target].map((t) => ({ ...t, verification: inWords(t.verification), remains: trustRemains(t) }));
  return renderCard(loadTemplate('trust'), { sides }, view);
}
