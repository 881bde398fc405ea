// Get-SPOCrossTenantUserContentMoveState / …SiteContentMoveState / …GroupContentMoveState: Graph beta
// getBySourceUserPrincipalName, getBySourceSiteUrl, getBySourceGroupMailNickname (documented, app-only,
// SharePointCrossTenantMigration.Read.All). 404 = no move for that user, site or group. 422 = trust gone
// (errorMessages.ts). The task shape is read here once, for every kind (docs/moves.md section 2).
import { TenantError } from '../../errors.js';
import { pathSegment } from '../graph.js';
import type { MoveState, SiteMoveState } from '../types.js';
import type { OperationContext } from './context.js';

export const MIGRATION_TASKS_PATH = '/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks';

/** Graph `sharePointMigrationTask`, as far as we read it. The shape of `error` is inferred (string or code + message: docs/moves.md inferred 6). */
export interface MigrationTask {
  id?: string | null; status?: string | null; startedDateTime?: string | null; lastUpdatedDateTime?: string | null; finishedDateTime?: string | null;
  error?: string | { code?: string; message?: string } | null;
  parameters?: {
    sourceUserIdentity?: { userPrincipalName?: string | null } | null;
    sourceSiteUrl?: string | null; targetSiteUrl?: string | null;
    sourceGroupIdentity?: { mailNickname?: string | null } | null;
  } | null;
}

/** OData string literal inside the path: `'` doubled, then percent-encoded as a path segment. */
function odataLiteral(text: string): string {
  return `'${pathSegment(text.replace(/'/g, "''"))}'`;
}

export function moveStatePath(sourceUpn: string): string {
  return `${MIGRATION_TASKS_PATH}/getBySourceUserPrincipalName(sourcePrincipalName=${odataLiteral(sourceUpn)})`;
}

/** The documented functions (G-BYSITE, G-BYGROUP); the literal quoted as OData does, as the current pages write it. */
export function siteMoveStatePath(kind: 'site' | 'group', source: string): string {
  return kind === 'site'
    ? `${MIGRATION_TASKS_PATH}/getBySourceSiteUrl(sourceSiteUrl=${odataLiteral(source)})`
    : `${MIGRATION_TASKS_PATH}/getBySourceGroupMailNickname(sourceGroupMailNickname=${odataLiteral(source)})`;
}

/** One task by its path; null when the service has none there (404). */
export async function readMigrationTask(ctx: OperationContext, path: string, signal?: AbortSignal): Promise<MigrationTask | null> {
  try {
    return await ctx.graph.getJson<MigrationTask>(path, signal);
  } catch (err) {
    if (err instanceof TenantError && err.httpStatus === 404) return null;
    throw err;
  }
}

export async function getMoveState(ctx: OperationContext, sourceUpn: string, signal?: AbortSignal): Promise<MoveState | null> {
  const task = await readMigrationTask(ctx, moveStatePath(sourceUpn), signal);
  return task && toMoveState(task, sourceUpn);
}

export async function getSiteMoveState(ctx: OperationContext, kind: 'site' | 'group', source: string, signal?: AbortSignal): Promise<SiteMoveState | null> {
  const task = await readMigrationTask(ctx, siteMoveStatePath(kind, source), signal);
  return task && toSiteMoveState(task, kind, source);
}

/** A task as the domain sees it; `sourceUpn` is the caller's when the task does not name it. */
export function toMoveState(task: MigrationTask, sourceUpn: string): MoveState {
  return { sourceUpn: task.parameters?.sourceUserIdentity?.userPrincipalName ?? sourceUpn, ...taskProgress(task) };
}

/**
 * A site or group task; `kind` is the caller's, from how the task was asked for, never the answer's
 * `@odata.type` (docs/moves.md inferred 7: a group task read back may carry site parameters).
 */
export function toSiteMoveState(task: MigrationTask, kind: 'site' | 'group', source: string): SiteMoveState {
  const p = task.parameters;
  return {
    kind, source, ...taskProgress(task),
    ...(p?.sourceSiteUrl ? { sourceSiteUrl: p.sourceSiteUrl } : {}),
    ...(p?.targetSiteUrl ? { targetSiteUrl: p.targetSiteUrl } : {}),
  };
}

/** The source a task names for its kind, when read by id: the site URL, or the source alias if the group identity is there. */
export function taskSource(task: MigrationTask, kind: 'site' | 'group'): string {
  const p = task.parameters;
  return (kind === 'site' ? p?.sourceSiteUrl : p?.sourceGroupIdentity?.mailNickname) ?? '';
}

function taskProgress(task: MigrationTask): Omit<MoveState, 'sourceUpn'> {
  return {
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
/** A task's error as one line, `code: message` (shared with the orchestrator's tasks, listMigrationJobTasks.ts). */
export function errorText(error: MigrationTask['error']): string | undefined {
  if (!error) return undefined;
  if (typeof error === 'string') return error;
  if (error.code && error.message) return error.message.startsWith(error.code) ? error.message : `${error.code}: ${error.message}`;
  return error.message ?? error.code ?? JSON.stringify(error);
}
