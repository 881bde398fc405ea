// A person's OneDrive, a site or a group site moved back to the original tenant, tracked from the request to
// the removal of the redirect the reverse move left behind. Plain values only: the record lives in storage
// and is drawn on cards. Entries stored before sites could move back have no `kind`: they are people.
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
  /** Absent for a person's OneDrive; a site or a Microsoft 365 group's site otherwise. */
  kind?: 'site' | 'group';
  /** UPN on the tenant the content leaves (the old target); a site's URL there (as typed; compared in normalSiteUrl form). */
  currentUpn: string;
  /** UPN on the tenant the content goes back to (the original source); a site's URL there (as typed; compared in normalSiteUrl form). */
  originalUpn: string;
  /** Group sites: the group aliases the reverse move names (current tenant's, original tenant's). */
  aliases?: { current: string; original: string };
  currentSide: TenantSide;
  originalSide: TenantSide;
  /** The OneDrive or site URL on the original tenant (where the content lands again). */
  originalUrl: string;
  /** The OneDrive or site URL on the current tenant: a redirect once the reverse move completes. */
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

/** How lists and notes name an entry: the UPN for a person, "site https://…" or "group site https://…" otherwise. */
export function trackedName(user: Pick<TrackedUser, 'kind' | 'currentUpn'>, subject = user.currentUpn): string {
  return user.kind === 'group' ? `group site ${subject}` : user.kind === 'site' ? `site ${subject}` : subject;
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
