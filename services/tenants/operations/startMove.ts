// Start-SPOCrossTenantUserContentMove: Graph beta POST crossOrganizationMigrationTasks (documented, app-only,
// SharePointCrossTenantMigration.Manage.All), sent on the tenant the content leaves. The body is exactly the
// documented user-move shape; `validateOnly` is sent only when asked, as the docs' Example 7 does.
// A refusal (Graph 400 naming an MnAStatusCode) becomes a TenantError with that code (errorMessages.ts).
//
// Retries: a connection reset after the service accepted the POST makes the retried POST answer
// MnASiteMoveIsInprogressOrFinished; the caller should read the user's move state before calling it a refusal.
import type { MoveRequest, MoveState } from '../types.js';
import type { OperationContext } from './context.js';
import { MIGRATION_TASKS_PATH, toMoveState, type MigrationTask } from './getMoveState.js';

const USER_PARAMETERS = '#microsoft.graph.sharePointUserMigrationTaskParameters';

/** The request body, key order as documented (a fixed shape the tests compare byte for byte). */
export function startMoveBody(move: MoveRequest): { parameters: Record<string, unknown> } {
  return {
    parameters: {
      '@odata.type': USER_PARAMETERS,
      // The docs write the host without a trailing slash; CSOM's GetMySiteHostUrl answers with one.
      targetOrganizationHost: move.targetHostUrl.replace(/\/+$/, ''),
      ...(move.validateOnly ? { validateOnly: true } : {}),
      sourceUserIdentity: { userPrincipalName: move.sourceUpn },
      targetUserIdentity: { userPrincipalName: move.targetUpn },
    },
  };
}

export async function startMove(ctx: OperationContext, move: MoveRequest, signal?: AbortSignal): Promise<MoveState> {
  const task = await ctx.graph.postJson<MigrationTask>(MIGRATION_TASKS_PATH, startMoveBody(move), signal);
  ctx.logger.info({
    side: ctx.side, graph: 'crossOrganizationMigrationTasks', validateOnly: move.validateOnly === true,
    sourceUpn: move.sourceUpn, targetUpn: move.targetUpn, targetHost: move.targetHostUrl, id: task.id ?? null, status: task.status ?? null,
  }, move.validateOnly ? 'move validated' : 'move started');
  // A validate-only answer has no id and status "completed" (docs Example 7): passed through as it comes.
  return toMoveState(task, move.sourceUpn);
}
