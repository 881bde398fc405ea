import type { MoveStatusView } from '../services/insights/moveStatus.js';
import type template from './moveState.json';
import { inWords, when } from './readable.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as MoveStateTemplate };

const NONE = '—';

/** recordedAt: the state comes from the record kept before trust removal, not from the tenant. */
export function renderMoveStateCard(data: MoveStatusView, view: CardView, recordedAt?: string): Card {
  const s = data.state;
  return renderCard(loadTemplate('moveState'), {
    recordedAt: recordedAt ? when(recordedAt) : '',
    askedFor: data.askedFor,
    sourceUpn: data.sourceUpn,
    targetUpn: data.targetUpn ?? NONE,
    found: s !== null,
    status: inWords(s?.status),
    started: when(s?.startedDateTime ?? undefined),
    lastUpdated: when(s?.lastUpdatedDateTime ?? undefined),
    finished: when(s?.finishedDateTime ?? undefined),
    error: s?.error ?? NONE,
  }, view);
}
