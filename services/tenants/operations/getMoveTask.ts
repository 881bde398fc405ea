// Graph beta GET crossOrganizationMigrationTasks/{id} (documented: 404 "could not be found", 422 when the
// relationship is gone — errorMessages.ts turns that into NoCrossTenantRelationship). Watches a move by the
// id startMove answered, so a user with several moves over time is read without ambiguity.
import { TenantError } from '../../errors.js';
import { pathSegment } from '../graph.js';
import type { MoveState } from '../types.js';
import type { OperationContext } from './context.js';
import { MIGRATION_TASKS_PATH, toMoveState, type MigrationTask } from './getMoveState.js';

export async function getMoveTask(ctx: OperationContext, id: string, signal?: AbortSignal): Promise<MoveState | null> {
  let task: MigrationTask;
  try {
    task = await ctx.graph.getJson<MigrationTask>(`${MIGRATION_TASKS_PATH}/${pathSegment(id)}`, signal);
  } catch (err) {
    if (err instanceof TenantError && err.httpStatus === 404) return null;
    throw err;
  }
  return toMoveState(task, '');
}
