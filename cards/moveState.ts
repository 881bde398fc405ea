import type template from './moveState.json';
import { inWords, when } from './readable.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as MoveStateTemplate };

const NONE = '—';

/** One person's move state as plain data; `state` null when the service has no move for them. */
export interface MoveStateCardData {
  askedFor: string;
  sourceUpn: string;
  targetUpn?: string;
  state: { status: string; startedDateTime?: string; lastUpdatedDateTime?: string; finishedDateTime?: string; error?: string } | null;
}

/** recordedAt: the state comes from the record kept before trust removal, not from the tenant. */
export function renderMoveStateCard(data: MoveStateCardData, view: CardView, recordedAt?: string): Card {
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
