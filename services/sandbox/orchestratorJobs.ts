// Microsoft's cross-tenant migration orchestrator as the simulated target tenant holds it: the scenario's
// people in jobs ("waves"), each person a task whose OneDrive status is read from that person's move on the
// source at the time of the request, so the orchestrator view and the SharePoint move view always agree;
// plus the last wave's validation job, whose tasks say `valid` and move nothing.
// Shapes and the inferred parts are listed in routes/graphMigrationJobs.ts.
import { createHash } from 'node:crypto';
import { MoveStatus, TenantState } from './model.js';
import { latestMoveFor } from './moves.js';

/** People per job: a few jobs at the default 250 people, so listing them pages. */
export const PEOPLE_PER_JOB = 100;

export interface OrchestratorJob {
  id: string;
  displayName: string;
  /** `validate` checks the people only (mandatory before a migration, by the public walk-throughs); `migrate` moves them. */
  jobType: 'migrate' | 'validate';
  sourceTenantId: string;
  targetTenantId: string;
  createdBy: string;
  /** A day before its first person's move was created. */
  createdDateTime: string;
  /** The target users' ids (docs/moves.md, inferred 10), in job order (the job's `resources`), and whose move each is. */
  members: { id: string; sourceUpn: string }[];
}

/** crossTenantMigrationServiceStatus values this simulation uses (the documented set is larger). */
export type ServiceStatus = 'notStarted' | 'valid' | 'inProgress' | 'completed' | 'failed' | 'cancelled';

export interface WorkloadStatus { service: 'Exchange' | 'ODSP' | 'Teams'; status: ServiceStatus; errors: { code: string; message: string }[] }

export interface OrchestratorTaskState {
  id: string;
  lastUpdatedDateTime: string | null;
  workloads: WorkloadStatus[];
}

/** A stable GUID from a name, so job ids repeat across runs without drawing from the scenario's seed. */
function nameGuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The jobs a migration of these people (source UPNs) left on the target tenant. People whose move has ended
 * fill the first waves and the unfinished ones the last, as when waves run one after another, so a
 * rehearsal shows finished jobs (with or without errors) beside a running one.
 */
export function buildOrchestratorJobs(source: TenantState, target: TenantState, people: { sourceUpn: string; targetUpn: string }[]): OrchestratorJob[] {
  const ended = (p: { sourceUpn: string }) => ['completed', 'failed', 'cancelled'].includes(latestMoveFor(source, p.sourceUpn)?.status ?? 'notStarted');
  const ordered = [...people.filter(ended), ...people.filter((p) => !ended(p))];
  const jobs: OrchestratorJob[] = [];
  for (let start = 0; start < ordered.length; start += PEOPLE_PER_JOB) {
    const n = jobs.length + 1;
    const members = ordered.slice(start, start + PEOPLE_PER_JOB).map(({ sourceUpn, targetUpn }) => {
      const user = target.users.find((u) => u.userPrincipalName === targetUpn);
      if (!user) throw new Error(`scenario person ${sourceUpn} has no target account`);
      return { id: user.id, sourceUpn };
    });
    const firstMove = Math.min(...members.map((m) => latestMoveFor(source, m.sourceUpn)?.createdAt ?? Infinity));
    jobs.push({
      id: nameGuid(`${target.tenantId}/migration-wave-${n}`), displayName: `Migration wave ${n}`, jobType: 'migrate',
      sourceTenantId: source.tenantId, targetTenantId: target.tenantId,
      createdBy: `migration.admin@${target.domain}`, members,
      createdDateTime: new Date((Number.isFinite(firstMove) ? firstMove : 0) - 86_400_000).toISOString(),
    });
  }
  // The running wave's validation, kept beside it (results last seven days): it names the same people, moves nothing.
  const last = jobs.at(-1);
  if (last) {
    jobs.push({
      ...last, id: nameGuid(`${target.tenantId}/validation-wave-${jobs.length}`), displayName: `Validation of wave ${jobs.length}`, jobType: 'validate',
      createdDateTime: new Date(Date.parse(last.createdDateTime) - 86_400_000).toISOString(),
    });
  }
  return jobs;
}

/**
 * Mailbox and Teams chats are not simulated: they finished wherever OneDrive reached an end (completed or
 * failed on its own), and otherwise stand where OneDrive stands.
 */
function otherWorkload(odsp: ServiceStatus): ServiceStatus {
  return odsp === 'failed' ? 'completed' : odsp;
}

export function taskState(source: TenantState, member: OrchestratorJob['members'][number], job?: Pick<OrchestratorJob, 'jobType' | 'createdDateTime'>): OrchestratorTaskState {
  if (job?.jobType === 'validate') {
    // Every check passed an hour after the job was made; nothing of the move shows here.
    const checked = new Date(Date.parse(job.createdDateTime) + 3_600_000).toISOString();
    return { id: member.id, lastUpdatedDateTime: checked, workloads: (['Exchange', 'ODSP', 'Teams'] as const).map((service) => ({ service, status: 'valid', errors: [] })) };
  }
  const move = latestMoveFor(source, member.sourceUpn);
  const odsp: ServiceStatus = move?.status ?? 'notStarted';
  const errors = move?.status === 'failed' && move.error ? [{ ...move.error }] : [];
  return {
    id: member.id, lastUpdatedDateTime: move?.lastUpdatedDateTime ?? null,
    workloads: [
      { service: 'Exchange', status: otherWorkload(odsp), errors: [] },
      { service: 'ODSP', status: odsp, errors },
      { service: 'Teams', status: otherWorkload(odsp), errors: [] },
    ],
  };
}

/** The job's status from its people's OneDrive states: still running while anyone has not finished. */
export function jobStatus(states: MoveStatus[]): 'inProgress' | 'completed' | 'completedWithErrors' {
  if (states.some((s) => s === 'notStarted' || s === 'inProgress')) return 'inProgress';
  return states.some((s) => s === 'failed' || s === 'cancelled') ? 'completedWithErrors' : 'completed';
}
