// The plan lifecycle as data. Every stored transition is checked here first, then made by compare-and-set.
import type { PlanState } from './types.js';

const TRANSITIONS: Readonly<Record<PlanState, readonly PlanState[]>> = {
  pending: ['approved', 'rejected', 'cancelled', 'expired'],
  approved: ['running'],
  running: ['done', 'partly-failed', 'failed'],
  done: [],
  'partly-failed': [],
  failed: [],
  rejected: [],
  cancelled: [],
  expired: [],
};

export function canTransition(from: PlanState, to: PlanState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** No way out: the plan will never change again. */
export function isFinal(state: PlanState): boolean {
  return TRANSITIONS[state].length === 0;
}

/** Someone (or the clock) has decided: no decision can be made any more. */
export function isDecided(state: PlanState): boolean {
  return state !== 'pending';
}

/** Approved and not finished: a job should be running it (resumed after a restart). */
export function isActive(state: PlanState): boolean {
  return state === 'approved' || state === 'running';
}

export const PLAN_STATES = Object.keys(TRANSITIONS) as PlanState[];
