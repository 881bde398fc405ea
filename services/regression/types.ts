// A person moved back to the original tenant, tracked from the request to the removal of the redirect the
// reverse move left behind. Plain values only: the record lives in storage and is drawn on cards.
import type { ConversationAddress, Person } from '../approvals/types.js';
import type { TenantSide } from '../tenants/types.js';

/** In order; `failed` can follow any state before `done`. */
export const TRACKING_STATES = [
  'requested', 'redirect-cleared', 'move-started', 'moving', 'completed', 'access-confirmed', 'target-redirect-removed', 'done',
] as const;

export type TrackingState = (typeof TRACKING_STATES)[number] | 'failed';

export interface TrackingEvent {
  state: TrackingState;
  at: string;
  note?: string;
}

export interface TrackedUser {
  /** UPN on the tenant the content leaves (the old target). */
  currentUpn: string;
  /** UPN on the tenant the content goes back to (the original source). */
  originalUpn: string;
  currentSide: TenantSide;
  originalSide: TenantSide;
  /** The user's OneDrive URL on the original tenant (where the content lands again). */
  originalUrl: string;
  /** Their OneDrive URL on the current tenant: a redirect once the reverse move completes. */
  leftBehindUrl: string;
  state: TrackingState;
  /** The migrate-back plan. */
  planId: string;
  /** The plan removing the redirect left on the current tenant, once access is confirmed. */
  cleanupPlanId?: string;
  moveId?: string;
  moveStatus?: string;
  /** Why it failed (the failed step and the service's reason), or the last problem worth showing. */
  reason?: string;
  requestedBy: Person;
  /** Where the request was typed: the tracking card goes there. */
  requestedIn: ConversationAddress;
  /** Messages showing this person's tracking card (edited as the state changes). */
  cards: ConversationAddress[];
  history: TrackingEvent[];
  updatedAt: string;
}

/** States in which the person's redirects must stay (removal plans leave them out). */
export function holdsRedirects(state: TrackingState): boolean {
  return !['access-confirmed', 'target-redirect-removed', 'done'].includes(state);
}

export function isFinalTracking(state: TrackingState): boolean {
  return state === 'done' || state === 'failed';
}

export const STATE_LABELS: Record<TrackingState, string> = {
  requested: 'Requested (waiting for approval)',
  'redirect-cleared': 'Redirect cleared on the original tenant',
  'move-started': 'Move started',
  moving: 'Moving',
  completed: 'Move completed: confirm access',
  'access-confirmed': 'Access confirmed',
  'target-redirect-removed': 'Redirect on the other tenant removed',
  done: 'Done',
  failed: 'Failed',
};
