// Get-SPOCrossTenantUserContentMoveState: Graph beta getBySourceUserPrincipalName (documented, app-only,
// SharePointCrossTenantMigration.Read.All). 404 = no move for that user. 422 = trust gone (errorMessages.ts).
import { TenantError } from '../../errors.js';
import { pathSegment } from '../graph.js';
import type { MoveState } from '../types.js';
import type { OperationContext } from './context.js';

export const MIGRATION_TASKS_PATH = '/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks';

/** Graph `sharePointMigrationTask`, as far as we read it. The shape of `error` is inferred (string or code + message). */
export interface MigrationTask {
  id?: string | null; status?: string | null; startedDateTime?: string | null; lastUpdatedDateTime?: string | null; finishedDateTime?: string | null;
  error?: string | { code?: string; message?: string } | null;
  parameters?: { sourceUserIdentity?: { userPrincipalName?: string | null } | null } | null;
}

/** OData string literal inside the path: `'` doubled, then percent-encoded as a path segment. */
export function moveStatePath(sourceUpn: string): string {
  const literal = pathSegment(sourceUpn.replace(/'/g, "''"));
  return `${MIGRATION_TASKS_PATH}/getBySourceUserPrincipalName(sourcePrincipalName='${literal}')`;
}

export async function getMoveState(ctx: OperationContext, sourceUpn: string, signal?: AbortSignal): Promise<MoveState | null> {
  let task: MigrationTask;
  try {
    task = await ctx.graph.getJson<MigrationTask>(moveStatePath(sourceUpn), signal);
  } catch (err) {
    if (err instanceof TenantError && err.httpStatus === 404) return null;
    throw err;
  }
  return toMoveState(task, sourceUpn);
}

/** A task as the domain sees it; `sourceUpn` is the caller's when the task does not name it. */
export function toMoveState(task: MigrationTask, sourceUpn: string): MoveState {
  return {
    sourceUpn: task.parameters?.sourceUserIdentity?.userPrincipalName ?? sourceUpn,
    status: task.status ?? 'unknown', // unknown future values pass through unchanged
    // Graph sends null for dates not reached yet; the domain type has them optional.
    id: task.id ?? undefined,
    startedDateTime: task.startedDateTime ?? undefined,
    lastUpdatedDateTime: task.lastUpdatedDateTime ?? undefined,
    finishedDateTime: task.finishedDateTime ?? undefined,
    error: errorText(task.error),
  };
}

/** The MnA code leads when the service gives one, so "why it failed" names the cause admins look up. */
function errorText(error: MigrationTask['error']): string | undefined {
  if (!error) return undefined;
  if (typeof error === 'string') return error;
  if (error.code && error.message) return error.message.startsWith(error.code) ? error.message : `${error.code}: ${error.message}`;
  return error.message ?? error.code ?? JSON.stringify(error);
}
