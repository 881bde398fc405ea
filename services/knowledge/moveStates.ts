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

/**
 * The orchestrator's OneDrive workload status (a task's `currentStatus` entry for service ODSP) as a move state,
 * so a person's OneDrive reads alike whoever ran the move. Graph documents the words, not what each means for
 * the OneDrive, so every line but the four shared words is inferred (docs/moves.md, inferred 9–12).
 */
const FROM_ORCHESTRATOR: Readonly<Record<string, string>> = {
  notStarted: 'notStarted', inProgress: 'inProgress', completed: 'completed', failed: 'failed', cancelled: 'cancelled',
  // Inferred: checked only (a validate job), nothing moved yet.
  valid: 'notStarted',
  // Inferred: the check refused the person, or the workload stopped on an error: the OneDrive did not move.
  invalid: 'failed', error: 'failed',
  // Inferred: still moving, or waiting for cut-over (`synced`), or being cancelled: not finished, so trust stays.
  syncing: 'inProgress', synced: 'inProgress', finalizing: 'inProgress', pendingCancel: 'inProgress',
  // Inferred: an administrator forced the cut-over; the content is on the target.
  forceComplete: 'completed',
};

/** A word not listed passes through, and so counts as unfinished (isFinishedMove). */
export function moveStatusOfWorkload(status: string): string {
  return FROM_ORCHESTRATOR[status] ?? status;
}
