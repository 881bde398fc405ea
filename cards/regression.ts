// The tracking card of one person, site or group site moved back: where they are, the timeline of every state reached (with
// when and what the service said), why it failed if it did, and "Check access" once the move completed.
// The button carries only the UPN; the bot re-reads the tracking record before doing anything.
import { STATE_LABELS, TRACKING_STATES, trackedName, type TrackedUser } from '../services/regression/types.js';
import { inWords, instantsIn, when } from './readable.js';
import type template from './regression.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as RegressionTemplate };

/** A line above the card about what the click or command just did (texts in the template). */
export type TrackingNotice = 'accessConfirmed' | 'cleanupPosted' | 'notReachable' | 'refused';

export interface TrackingCardOptions { notice?: TrackingNotice; message?: string }

const NOTE_MAX = 300;

export function renderTrackingCard(user: TrackedUser, view: CardView, options: TrackingCardOptions = {}): Card {
  const failed = user.state === 'failed';
  return renderCard(loadTemplate('regression'), {
    currentUpn: user.currentUpn,
    subject: trackedName(user),
    isSite: user.kind !== undefined,
    originalUpn: user.originalUpn,
    currentTenant: tenantOf(user.leftBehindUrl),
    originalTenant: tenantOf(user.originalUrl),
    state: user.state,
    stateLabel: STATE_LABELS[user.state],
    stateStyle: failed ? 'attention' : user.state === 'done' ? 'good' : user.state === 'completed' ? 'accent' : 'default',
    reason: clip(user.reason ?? ''),
    reasonColor: failed ? 'Attention' : 'Warning',
    planId: user.planId,
    requester: user.requestedBy.name || user.requestedBy.id,
    originalUrl: user.originalUrl,
    leftBehindUrl: user.leftBehindUrl,
    moveId: user.moveId ?? '',
    moveStatus: inWords(user.moveStatus),
    cleanupPlanId: user.cleanupPlanId ?? '',
    steps: timeline(user),
    canCheck: user.state === 'completed',
    notice: options.notice ?? '',
    message: options.message ?? '',
  }, view);
}

/** Every state in order: reached ones with their time and note, the failure where it happened, the rest to come. */
export function timeline(user: TrackedUser): { mark: string; label: string; detail: string; color: string; weight: string }[] {
  const reached = new Map(user.history.map((e) => [e.state, e]));
  const rows = TRACKING_STATES.flatMap((state) => {
    const event = reached.get(state);
    if (!event && user.state === 'failed') return [];
    const current = state === user.state;
    return [{
      mark: event ? '✔' : '○',
      label: STATE_LABELS[state],
      detail: event ? `${when(event.at)}${event.note ? ` · ${instantsIn(clip(event.note))}` : ''}` : '',
      color: event ? (current ? 'Accent' : 'Good') : 'Default',
      weight: current ? 'Bolder' : 'Default',
    }];
  });
  const failure = reached.get('failed');
  if (failure) rows.push({ mark: '✖', label: STATE_LABELS.failed, detail: clip(`${when(failure.at)}${failure.note ? ` · ${failure.note}` : ''}`), color: 'Attention', weight: 'Bolder' });
  return rows;
}

/** The tenant's short name from a OneDrive or site URL (https://contoso-my.sharepoint.com/… → contoso). */
function tenantOf(url: string): string {
  return new URL(url).hostname.split('.')[0]!.replace(/-my$/, '');
}

function clip(text: string): string {
  return text.length > NOTE_MAX ? `${text.slice(0, NOTE_MAX)}…` : text;
}
