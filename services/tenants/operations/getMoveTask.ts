// Graph beta GET crossOrganizationMigrationTasks/{id} (documented: 404 "could not be found", 422 when the
// relationship is gone — errorMessages.ts turns that into NoCrossTenantRelationship). Watches a move by the
// id startMove answered, so a user or site with several moves over time is read without ambiguity.
import { pathSegment } from '../graph.js';
import type { MoveState, SiteMoveState } from '../types.js';
import type { OperationContext } from './context.js';
import { MIGRATION_TASKS_PATH, readMigrationTask, taskSource, toMoveState, toSiteMoveState } from './getMoveState.js';

const taskPath = (id: string) => `${MIGRATION_TASKS_PATH}/${pathSegment(id)}`;

export async function getMoveTask(ctx: OperationContext, id: string, signal?: AbortSignal): Promise<MoveState | null> {
  const task = await readMigrationTask(ctx, taskPath(id), signal);
  return task && toMoveState(task, '');
}

/** The kind is the caller's (it started the move); the source is what the task names, '' when it names none. */
export async function getSiteMoveTask(ctx: OperationContext, kind: 'site' | 'group', id: string, signal?: AbortSignal): Promise<SiteMoveState | null> {
  const task = await readMigrationTask(ctx, taskPath(id), signal);
  return task && toSiteMoveState(task, kind, taskSource(task, kind));
}
