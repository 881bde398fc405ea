// Graph v1.0 GET /solutions/migrations/crossTenantMigrationJobs (documented: 20 jobs a page, more through
// @odata.nextLink; least privilege CrossTenantContentMigration.Read.All). The jobs Microsoft's cross-tenant
// migration orchestrator holds on this tenant; the target holds them (docs/moves.md section 3).
import type { MigrationJob } from '../types.js';
import type { OperationContext } from './context.js';

export const MIGRATION_JOBS_PATH = '/v1.0/solutions/migrations/crossTenantMigrationJobs';

interface WireJob {
  id: string; displayName?: string | null; jobType?: string | null; status?: string | null; message?: string | null;
  workloads?: string[] | null; resources?: string[] | null; createdDateTime?: string | null; lastUpdatedDateTime?: string | null;
}

export async function listMigrationJobs(ctx: OperationContext, signal?: AbortSignal): Promise<MigrationJob[]> {
  const jobs = await ctx.graph.getAllPages<WireJob>(MIGRATION_JOBS_PATH, signal);
  return jobs.map((j) => ({
    id: j.id, displayName: j.displayName ?? j.id, jobType: j.jobType ?? 'migrate', status: j.status ?? 'unknown',
    message: j.message ?? undefined, workloads: j.workloads ?? [], resources: j.resources ?? [],
    createdDateTime: j.createdDateTime ?? undefined, lastUpdatedDateTime: j.lastUpdatedDateTime ?? undefined,
  }));
}
