// Graph v1.0 GET /solutions/migrations/crossTenantMigrationJobs/{id}/users (documented): the job's
// crossTenantMigrationTask per user, `currentStatus` one entry per workload. Paged like the jobs list (the
// page size is inferred). A task names no UPN: its id is the target user's object id (docs/moves.md, inferred 10).
import { pathSegment } from '../graph.js';
import type { MigrationJobTask } from '../types.js';
import type { OperationContext } from './context.js';
import { errorText } from './getMoveState.js';
import { MIGRATION_JOBS_PATH } from './listMigrationJobs.js';

interface WireTask {
  id: string; lastUpdatedDateTime?: string | null;
  currentStatus?: { service?: string | null; status?: string | null; message?: string | null; errors?: { code?: string | null; message?: string | null }[] | null }[] | null;
}

export async function listMigrationJobTasks(ctx: OperationContext, jobId: string, signal?: AbortSignal): Promise<MigrationJobTask[]> {
  const tasks = await ctx.graph.getAllPages<WireTask>(`${MIGRATION_JOBS_PATH}/${pathSegment(jobId)}/users`, signal);
  return tasks.map((t) => ({
    id: t.id, lastUpdatedDateTime: t.lastUpdatedDateTime ?? undefined,
    currentStatus: (t.currentStatus ?? []).map((w) => ({
      service: w.service ?? '', status: w.status ?? 'unknownFutureValue', message: w.message ?? undefined,
      error: errorText(w.errors?.[0] && { code: w.errors[0].code ?? undefined, message: w.errors[0].message ?? undefined }),
    })),
  }));
}
