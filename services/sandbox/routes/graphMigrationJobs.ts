// Graph cross-tenant migration orchestrator, read side: list jobs, get one, list a job's users (tasks).
//   GET /{v1.0|beta}/solutions/migrations/crossTenantMigrationJobs
//   GET …/crossTenantMigrationJobs/{id}
//   GET …/crossTenantMigrationJobs/{id}/users
// Sources (microsoftgraph/microsoft-graph-docs-contrib and learn.microsoft.com/graph/api/…):
//   resources/crosstenantmigrationjob (properties; jobType validate|migrate; status enum: submitted, approved,
//     processing, cuttingOver, inProgress, completed, completedWithErrors, failed, cancelled, pendingCancel,
//     adminActionRequired, validateSubmitted, validateProcessing, validateInProgress, validatePassed,
//     validateFailed, pendingDelete, deleted; workloads Teams, Exchange, ODSP; resourceType Users)
//   resources/crosstenantmigrationtask (id, taskType "Users", lastUpdatedDateTime, currentStatus)
//   resources/crosstenantmigrationservicestatusdetails (service, status, message, errors; status enum:
//     notStarted, valid, invalid, error, inProgress, completed, failed, cancelled, pendingCancel, syncing,
//     synced, finalizing, forceComplete)
//   api/migrationsroot-list-crosstenantmigrationjobs ("By default 20 objects are returned", @odata.nextLink)
//   api/crosstenantmigrationjob-get (least privileged: CrossTenantContentMigration.Read.All; the job without
//     its tasks) · api/crosstenantmigrationjob-migrate (terminal: completed, completedWithErrors, failed)
//
// INFERRED, nothing public shows these:
//   - Which tenant answers: the target (the job carries targetTenantId read-only, as the caller's own);
//     the source tenant answers an empty collection.
//   - A task's id is the target user's object id (the docs say "ID (GUID) of the resource migrated"; a
//     third-party walk-through shows target ids: docs/moves.md, inferred 10).
//   - `service` values in currentStatus are the workload names (Exchange, ODSP, Teams); `message` texts.
//   - $top and an opaque $skiptoken in the nextLink; the users list pages like the jobs list (20).
//   - Errors: 403 is Graph's generic Authorization_RequestDenied; unknown job 404 itemNotFound.
//   - exchangeSettings is null for these jobs; completeAfterDateTime equals createdDateTime.
import { Answer, json } from '../httpIo.js';
import { MoveStatus, TenantState } from '../model.js';
import { OrchestratorJob, jobStatus, taskState } from '../orchestratorJobs.js';
import type { GraphCall, GraphRoute } from './graph.js';
import { GRAPH_ROOT, graphError, skipToken } from './graphShapes.js';

const ORCHESTRATOR_READ = 'CrossTenantContentMigration.Read.All';
const WRITE = 'CrossTenantContentMigration.ReadWrite.All';
const DEFAULT_TOP = 20;
const MAX_TOP = 999;
const JOBS = '/solutions/migrations/crossTenantMigrationJobs';

/** One page of `items` as Graph pages a collection, or the 400 for a bad $top / $skiptoken. */
function page<T>(call: GraphCall, items: T[], path: string, context: string, toJson: (item: T) => unknown): Answer {
  const params = call.req.url.searchParams;
  const top = params.has('$top') ? Number(params.get('$top')) : DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) return graphError(400, 'BadRequest', `Invalid page size specified: '${params.get('$top')}'.`, call.req);
  const token = params.get('$skiptoken');
  const offset = token === null ? 0 : skipToken.decode('migration-jobs', token);
  if (offset === null) return graphError(400, 'BadRequest', 'The specified page token value has expired or is invalid.', call.req);
  const body: Record<string, unknown> = { '@odata.context': `${GRAPH_ROOT}/${call.version}/$metadata#${context}`, value: items.slice(offset, offset + top).map(toJson) };
  if (offset + top < items.length) body['@odata.nextLink'] = `${GRAPH_ROOT}/${call.version}${path}?$top=${top}&$skiptoken=${skipToken.encode('migration-jobs', offset + top)}`;
  return json(200, body);
}

function jobJson(source: TenantState, job: OrchestratorJob): Record<string, unknown> {
  const moves = job.members.map((m) => taskState(source, m, job));
  const odsp = moves.map((t) => t.workloads.find((w) => w.service === 'ODSP')?.status as MoveStatus);
  const created = job.createdDateTime;
  const updated = moves.map((t) => t.lastUpdatedDateTime).filter((d): d is string => !!d).sort().at(-1) ?? created;
  const status = job.jobType === 'validate' ? 'validatePassed' : jobStatus(odsp);
  return {
    id: job.id, displayName: job.displayName, jobType: job.jobType, sourceTenantId: job.sourceTenantId, targetTenantId: job.targetTenantId,
    completeAfterDateTime: created, status, message: status === 'completedWithErrors' ? 'Some users failed to migrate.' : null,
    createdDateTime: created, createdBy: job.createdBy, lastUpdatedDateTime: updated, exchangeSettings: null,
    workloads: ['Exchange', 'ODSP', 'Teams'], resourceType: 'Users', resources: job.members.map((m) => m.id),
  };
}

function taskJson(source: TenantState, job: OrchestratorJob, member: OrchestratorJob['members'][number]): Record<string, unknown> {
  const t = taskState(source, member, job);
  return {
    id: t.id, taskType: 'Users', lastUpdatedDateTime: t.lastUpdatedDateTime,
    currentStatus: t.workloads.map((w) => ({ service: w.service, status: w.status, message: w.errors[0]?.message ?? null, errors: w.errors })),
  };
}

/**
 * `jobsOf(tenant)`: the jobs the tenant holds (none unless the rehearsal is the orchestrator's);
 * `source`: the tenant whose move records give the people's OneDrive states.
 */
export function migrationJobsRoute(jobsOf: (t: TenantState) => OrchestratorJob[], source: TenantState): GraphRoute {
  return (call) => {
    if (call.req.method !== 'GET' || !call.path.toLowerCase().startsWith(JOBS.toLowerCase())) return null;
    const m = /^\/([^/]+)(\/users)?$/i.exec(call.path.slice(JOBS.length));
    if (call.path.length !== JOBS.length && !m) return null;
    const denied = call.requireRole(ORCHESTRATOR_READ, WRITE);
    if (denied) return denied;
    const jobs = jobsOf(call.tenant);
    if (!m) return page(call, jobs, JOBS, 'solutions/migrations/crossTenantMigrationJobs', (j) => jobJson(source, j));
    const job = jobs.find((j) => j.id === m[1].toLowerCase());
    if (!job) return graphError(404, 'itemNotFound', `The cross-tenant migration job '${m[1]}' was not found.`, call.req);
    if (!m[2]) return json(200, { '@odata.context': `${GRAPH_ROOT}/${call.version}/$metadata#solutions/migrations/crossTenantMigrationJobs/$entity`, ...jobJson(source, job) });
    return page(call, job.members, `${JOBS}/${job.id}/users`, `solutions/migrations/crossTenantMigrationJobs('${job.id}')/users`, (member) => taskJson(source, job, member));
  };
}
