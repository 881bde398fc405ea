import type template from './moveState.json';
import { inWords, when } from './readable.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as MoveStateTemplate };

const NONE = '—';

/** One person's or site's move state as plain data; `state` null when the service has no move for them. */
export interface MoveStateCardData {
  askedFor: string;
  /** Absent: a person's OneDrive (source and target are UPNs). Site and group: site URLs. */
  kind?: 'onedrive' | 'site' | 'group';
  sourceUpn: string;
  targetUpn?: string;
  /** Group sites: the source and target group aliases. */
  aliases?: { source: string; target: string };
  state: { status: string; startedDateTime?: string; lastUpdatedDateTime?: string; finishedDateTime?: string; error?: string } | null;
}

/** What the card calls the two ends of the move, and what to check when the service knows no move. */
function subjectWords(data: MoveStateCardData): Record<string, string> {
  const source = data.sourceUpn;
  const target = data.targetUpn ?? NONE;
  if (!data.kind || data.kind === 'onedrive') {
    return { kindText: 'OneDrive', sourceLabel: 'Source UPN', targetLabel: 'Target UPN', source, target, notFoundHint: 'Check the UPN, or whether this person was in the migration.' };
  }
  return {
    kindText: data.kind === 'group' && data.aliases ? `Group site (group ${data.aliases.source} to ${data.aliases.target})` : data.kind === 'group' ? 'Group site' : 'Site',
    sourceLabel: 'Source site', targetLabel: 'Target site', source, target,
    notFoundHint: 'Check the URL, or whether this site is in the site map.',
  };
}

/** recordedAt: the state comes from the record kept before trust removal, not from the tenant. */
export function renderMoveStateCard(data: MoveStateCardData, view: CardView, recordedAt?: string): Card {
  const s = data.state;
  return renderCard(loadTemplate('moveState'), {
    recordedAt: recordedAt ? when(recordedAt) : '',
    askedFor: data.askedFor,
    ...subjectWords(data),
    found: s !== null,
    status: inWords(s?.status),
    started: when(s?.startedDateTime ?? undefined),
    lastUpdated: when(s?.lastUpdatedDateTime ?? undefined),
    finished: when(s?.finishedDateTime ?? undefined),
    error: s?.error ?? NONE,
  }, view);
}
