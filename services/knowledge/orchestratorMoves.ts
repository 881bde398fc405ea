// People's OneDrive moves as Microsoft's cross-tenant migration orchestrator ran them (Graph v1.0
// crossTenantMigrationJobs on the target, docs/moves.md section 3), read into the same move states the
// SharePoint moves give, under the same key (the person's lower-case source UPN). Everything that reads moves
// (the ledger, plans and their re-checks, trust removal's records) reads them through the source tenant's
// `getMoveState`, which `withMoveSource` answers from here when the orchestrator is the source.
//
// Reads are in bulk: one paged list of jobs, then one paged list of users per job, shared by every person
// asked about within `maxAgeMs` (a ledger refresh of 10,000 people is one such read). A task names its target
// user by object id (inferred 10): Graph users/{id} on the target gives the UPN (kept: ids do not change),
// the identity map the source UPN.
import { mapBounded } from '../core/mapBounded.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { Clock, Logger } from '../ports.js';
import type { MigrationJob, MigrationJobTask, MoveState, TenantOperations } from '../tenants/types.js';
import { moveKey } from './moveKeys.js';
import { isFinishedMove, moveStatusOfWorkload } from './moveStates.js';

/** Where people's OneDrive moves are read: the SharePoint move tasks of the identity map's people, or the orchestrator's jobs. */
export type MigrationSource = 'identity-map' | 'orchestrator';

/** A snapshot this young answers without reading the jobs again (re-checks before removal accept this age). */
export const DEFAULT_SNAPSHOT_MAX_AGE_MS = 10_000;
/** Found no jobs: look again after this long (a first job may be created later); found some: keep the answer. */
export const DETECT_AGAIN_MS = 60 * 60_000;
const USER_READS_IN_FLIGHT = 8;
/** The workload that moves OneDrive in a task's `currentStatus` (inferred 12). */
const ONEDRIVE_WORKLOAD = 'odsp';

export interface OrchestratorJobSummary {
  id: string; displayName: string; jobType: string; status: string; people: number; lastUpdatedDateTime?: string;
}

export interface OrchestratorSnapshot {
  readAt: string;
  jobs: OrchestratorJobSummary[];
  /** By source UPN (moveKey): the OneDrive state of their latest task. */
  moves: Map<string, MoveState>;
  /** People in the jobs the identity map lacks: their target UPN, or their object id when the target has no such user. */
  unmapped: string[];
  /** Tasks whose user could not be read this time: a person missing from `moves` may be one of them. */
  unresolved: number;
  /** Why the first of them could not be read (the tenant's error), when any could not. */
  unresolvedBecause?: unknown;
}

export type OrchestratorReads = Pick<TenantOperations, 'getUser' | 'listMigrationJobs' | 'listMigrationJobTasks'>;

export interface OrchestratorMovesDeps {
  /** The target tenant: it holds the jobs and the people's new accounts. */
  target: OrchestratorReads;
  identityMap: () => Promise<IdentityMap>;
  /** MIGRATION_SOURCE; unset: the target is asked whether it holds migrate jobs that move OneDrive. */
  configured?: MigrationSource;
  clock: Clock;
  logger: Logger;
  maxAgeMs?: number;
}

export class OrchestratorMoves {
  private detected?: { source: MigrationSource; at: number };
  private detecting?: Promise<MigrationSource>;
  private last?: OrchestratorSnapshot;
  private reading?: Promise<OrchestratorSnapshot>;
  /** Target user id → UPN (null: no such user). */
  private readonly upnOfId = new Map<string, string | null>();

  constructor(private readonly d: OrchestratorMovesDeps) {}

  /** MIGRATION_SOURCE, or what the target showed: asked at the first move read, then kept (see DETECT_AGAIN_MS). */
  async source(): Promise<MigrationSource> {
    if (this.d.configured) return this.d.configured;
    const now = this.d.clock.now().getTime();
    if (this.detected && (this.detected.source === 'orchestrator' || now - this.detected.at < DETECT_AGAIN_MS)) return this.detected.source;
    this.detecting ??= this.detect().finally(() => { this.detecting = undefined; });
    return this.detecting;
  }

  /** The jobs and the people's states, read now unless a read younger than maxAgeMs (or one under way) answers. */
  async snapshot(): Promise<OrchestratorSnapshot> {
    const maxAge = this.d.maxAgeMs ?? DEFAULT_SNAPSHOT_MAX_AGE_MS;
    if (this.last && this.d.clock.now().getTime() - Date.parse(this.last.readAt) < maxAge) return this.last;
    this.reading ??= this.read().then((s) => (this.last = s)).finally(() => { this.reading = undefined; });
    return this.reading;
  }

  /** A person's OneDrive move by source UPN; null when no job moved their OneDrive. */
  async getMoveState(sourceUpn: string): Promise<MoveState | null> {
    const snapshot = await this.snapshot();
    const state = snapshot.moves.get(moveKey(sourceUpn));
    if (state) return { ...state, sourceUpn };
    // Not found while some tasks could not be matched to a person: unknown, not "no move" (the ledger keeps
    // its last read); the tenant's own error says why.
    if (snapshot.unresolved) throw snapshot.unresolvedBecause;
    return null;
  }

  private async detect(): Promise<MigrationSource> {
    let source: MigrationSource = 'identity-map';
    try {
      const jobs = await this.listJobs();
      if (jobs.some(movesOneDrive)) source = 'orchestrator';
    } catch (err) {
      // Most often the app lacks CrossTenantContentMigration.Read.All: then it cannot use the jobs anyway.
      this.d.logger.info({ err: err instanceof Error ? err.message : String(err) }, 'orchestrator jobs not readable on the target: moves come from the identity map');
    }
    this.detected = { source, at: this.d.clock.now().getTime() };
    this.d.logger.info({ source }, 'migration source found on the target (MIGRATION_SOURCE unset)');
    return source;
  }

  private listJobs(): Promise<MigrationJob[]> {
    if (!this.d.target.listMigrationJobs) throw new Error('this tenant client cannot read orchestrator jobs');
    return this.d.target.listMigrationJobs();
  }

  private async read(): Promise<OrchestratorSnapshot> {
    const readAt = this.d.clock.now().toISOString();
    const jobs = await this.listJobs();
    const moving = jobs.filter(movesOneDrive);
    const taskLists = await Promise.all(moving.map((j) => this.d.target.listMigrationJobTasks!(j.id)));
    // A person in several jobs (a wave run again): their latest task answers.
    const latest = new Map<string, MigrationJobTask>();
    for (const task of taskLists.flat()) {
      const seen = latest.get(task.id);
      if (!seen || (task.lastUpdatedDateTime ?? '') > (seen.lastUpdatedDateTime ?? '')) latest.set(task.id, task);
    }
    const unresolvedBecause = await this.resolve([...latest.keys()]);
    const sourceOf = new Map((await this.d.identityMap()).users.map((u) => [u.targetUpn.toLowerCase(), u.sourceUpn]));
    const moves = new Map<string, MoveState>();
    const unmapped: string[] = [];
    let unresolved = 0;
    for (const [id, task] of latest) {
      const odsp = task.currentStatus.find((w) => w.service.toLowerCase() === ONEDRIVE_WORKLOAD);
      if (!odsp) continue;
      const targetUpn = this.upnOfId.get(id);
      if (targetUpn === undefined) { unresolved++; continue; }
      const sourceUpn = targetUpn === null ? undefined : sourceOf.get(targetUpn.toLowerCase());
      if (!sourceUpn) { unmapped.push(targetUpn ?? id); continue; }
      moves.set(moveKey(sourceUpn), toMoveState(sourceUpn, task, odsp));
    }
    const summaries = jobs.map((j) => ({
      id: j.id, displayName: j.displayName, jobType: j.jobType, status: j.status, people: j.resources.length, lastUpdatedDateTime: j.lastUpdatedDateTime,
    }));
    this.d.logger.info({ jobs: jobs.length, people: moves.size, unmapped: unmapped.length, unresolved }, 'orchestrator jobs read');
    return { readAt, jobs: summaries, moves, unmapped: unmapped.sort(), unresolved, ...(unresolved ? { unresolvedBecause } : {}) };
  }

  /**
   * Target user ids not known yet → UPN, a few at a time; one that cannot be read stays unknown until the next
   * snapshot. Returns the first read's error, if any failed.
   */
  private async resolve(ids: string[]): Promise<unknown> {
    const unknown = ids.filter((id) => !this.upnOfId.has(id));
    const outcomes = await mapBounded(unknown, USER_READS_IN_FLIGHT, async (id) => {
      const user = await this.d.target.getUser(id);
      this.upnOfId.set(id, user?.userPrincipalName ?? null);
    });
    const failed = outcomes.filter((o) => !o.ok);
    if (!failed.length) return undefined;
    const error = (failed[0] as { error: unknown }).error;
    this.d.logger.warn({ users: failed.length, err: error instanceof Error ? error.message : String(error) }, "orchestrator tasks' users not read this time");
    return error;
  }
}

/** A migrate job that moves OneDrive (validate jobs move nothing; a mailbox-only job says nothing of OneDrive). */
function movesOneDrive(job: MigrationJob): boolean {
  return job.jobType !== 'validate' && job.workloads.some((w) => w.toLowerCase() === ONEDRIVE_WORKLOAD);
}

function toMoveState(sourceUpn: string, task: MigrationJobTask, odsp: MigrationJobTask['currentStatus'][number]): MoveState {
  const status = moveStatusOfWorkload(odsp.status);
  const error = odsp.error || (status === 'failed' ? odsp.message : undefined);
  // A task has one date; taken as the end of a finished move (inferred: no finish date is documented for tasks).
  return {
    sourceUpn, status, lastUpdatedDateTime: task.lastUpdatedDateTime,
    ...(isFinishedMove({ status }) && task.lastUpdatedDateTime ? { finishedDateTime: task.lastUpdatedDateTime } : {}),
    ...(error ? { error } : {}),
  };
}

/** The source tenant with its people's move reads answered by the orchestrator whenever it is the source. */
export function withMoveSource<T extends Pick<TenantOperations, 'getMoveState'>>(source: T, orchestrator: OrchestratorMoves): T {
  return {
    ...source,
    getMoveState: async (upn: string) => ((await orchestrator.source()) === 'orchestrator' ? orchestrator.getMoveState(upn) : source.getMoveState(upn)),
  };
}
