// Start-SPOCrossTenantUserContentMove, …SiteContentMove, …GroupContentMove: Graph beta POST
// crossOrganizationMigrationTasks (documented, app-only, SharePointCrossTenantMigration.Manage.All), sent on
// the tenant the content leaves. Each body is exactly the documented shape of its kind (create page examples
// 1, 4 and 5); `validateOnly` is sent only when asked, where the docs' Example 7 puts it.
// A refusal (Graph 400 naming an MnAStatusCode) becomes a TenantError with that code (errorMessages.ts).
//
// Retries: a connection reset after the service accepted the POST makes the retried POST answer
// MnASiteMoveIsInprogressOrFinished; the caller should read the move state before calling it a refusal.
import type { MoveRequest, MoveState, SiteMoveRequest, SiteMoveState } from '../types.js';
import type { OperationContext } from './context.js';
import { MIGRATION_TASKS_PATH, toMoveState, toSiteMoveState, type MigrationTask } from './getMoveState.js';

const USER_PARAMETERS = '#microsoft.graph.sharePointUserMigrationTaskParameters';
const SITE_PARAMETERS = '#microsoft.graph.sharePointSiteMigrationTaskParameters';
const GROUP_PARAMETERS = '#microsoft.graph.sharePointGroupMigrationTaskParameters';

type Body = { parameters: Record<string, unknown> };

/** What every kind's body starts with, in the documented key order. */
function commonParameters(type: string, targetHostUrl: string, validateOnly?: boolean): Record<string, unknown> {
  return {
    '@odata.type': type,
    // The docs write the host without a trailing slash; CSOM's GetMySiteHostUrl answers with one.
    targetOrganizationHost: targetHostUrl.replace(/\/+$/, ''),
    // Documented for users only; for sites and groups inferred to be the same (docs/moves.md inferred 5).
    ...(validateOnly ? { validateOnly: true } : {}),
  };
}

/** The request body, key order as documented (a fixed shape the tests compare byte for byte). */
export function startMoveBody(move: MoveRequest): Body {
  return {
    parameters: {
      ...commonParameters(USER_PARAMETERS, move.targetHostUrl, move.validateOnly),
      sourceUserIdentity: { userPrincipalName: move.sourceUpn },
      targetUserIdentity: { userPrincipalName: move.targetUpn },
    },
  };
}

/** Example 4: the two full site URLs. */
export function siteMoveBody(move: SiteMoveRequest): Body {
  return { parameters: { ...commonParameters(SITE_PARAMETERS, move.targetHostUrl, move.validateOnly), sourceSiteUrl: move.source, targetSiteUrl: move.target } };
}

/** Example 5: the two groups by alias (mailNickname). */
export function groupMoveBody(move: SiteMoveRequest): Body {
  return {
    parameters: {
      ...commonParameters(GROUP_PARAMETERS, move.targetHostUrl, move.validateOnly),
      sourceGroupIdentity: { mailNickname: move.source },
      targetGroupIdentity: { mailNickname: move.target },
    },
  };
}

export async function startMove(ctx: OperationContext, move: MoveRequest, signal?: AbortSignal): Promise<MoveState> {
  const task = await postTask(ctx, startMoveBody(move), { kind: 'onedrive', source: move.sourceUpn, target: move.targetUpn, targetHost: move.targetHostUrl, validateOnly: move.validateOnly }, signal);
  // A validate-only answer has no id and status "completed" (docs Example 7): passed through as it comes.
  return toMoveState(task, move.sourceUpn);
}

export async function startSiteMove(ctx: OperationContext, move: SiteMoveRequest, signal?: AbortSignal): Promise<SiteMoveState> {
  const body = move.kind === 'site' ? siteMoveBody(move) : groupMoveBody(move);
  const task = await postTask(ctx, body, { kind: move.kind, source: move.source, target: move.target, targetHost: move.targetHostUrl, validateOnly: move.validateOnly }, signal);
  return toSiteMoveState(task, move.kind, move.source);
}

interface MoveLog { kind: string; source: string; target: string; targetHost: string; validateOnly?: boolean }

async function postTask(ctx: OperationContext, body: Body, move: MoveLog, signal?: AbortSignal): Promise<MigrationTask> {
  const task = await ctx.graph.postJson<MigrationTask>(MIGRATION_TASKS_PATH, body, signal);
  ctx.logger.info({
    side: ctx.side, graph: 'crossOrganizationMigrationTasks', validateOnly: move.validateOnly === true, kind: move.kind,
    source: move.source, target: move.target, targetHost: move.targetHost, id: task.id ?? null, status: task.status ?? null,
  }, move.validateOnly ? 'move validated' : 'move started');
  return task;
}
