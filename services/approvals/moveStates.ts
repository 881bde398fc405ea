// Which move states count as finished. Graph's status set may grow: anything not known to be final
// (scheduled, rescheduled, a new word) counts as unfinished, because removing trust under a running
// move breaks it.
import type { MoveState } from '../tenants/types.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export function isFinishedMove(state: MoveState | null): boolean {
  return state !== null && FINISHED.has(state.status.toLowerCase());
}

export function isCompletedMove(state: MoveState | null): boolean {
  return state?.status.toLowerCase() === 'completed';
}
