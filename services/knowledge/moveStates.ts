// Which move states count as finished. Graph's status set may grow: anything not known to be final
// (scheduled, rescheduled, a new word) counts as unfinished, because removing trust under a running
// move breaks it.
import type { MoveState } from '../tenants/types.js';

/** Only the status decides, whatever moved. */
type WithStatus = Pick<MoveState, 'status'>;
import { inWords } from '../stateWords.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export function isFinishedMove(state: WithStatus | null): boolean {
  return state !== null && FINISHED.has(state.status.toLowerCase());
}

/** A move's state as people read it ("in progress"), or `absent` when the service has no move for them. */
export function moveStateWords(state: WithStatus | null | undefined, absent = 'no move found'): string {
  return state ? inWords(state.status) : absent;
}

export function isCompletedMove(state: WithStatus | null): boolean {
  return state?.status.toLowerCase() === 'completed';
}
