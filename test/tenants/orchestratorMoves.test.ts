// People's OneDrive moves read from Microsoft's migration orchestrator over HTTP: the jobs and their users
// from the simulated target in the orchestrator rehearsal, each task matched to a person through Graph
// users/{id} and the identity map; read in bulk (one list per job), and the source found when unset.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseIdentityMap } from '../../services/identityMap/identityMap.js';
import { DEFAULT_SNAPSHOT_MAX_AGE_MS, DETECT_AGAIN_MS, OrchestratorMoves, type MigrationSource, type OrchestratorReads } from '../../services/knowledge/orchestratorMoves.js';
import { isFinishedMove, moveStatusOfWorkload } from '../../services/knowledge/moveStates.js';
import { UnreachableError } from '../../services/errors.js';
import { ManualClock } from '../helpers/clock.js';
import { memoryLogger } from '../helpers/logs.js';
import { startSandboxTenants, type SandboxTenants } from '../helpers/sandbox.js';

const { logger } = memoryLogger('warn');
let env: SandboxTenants;
let plain: SandboxTenants;
beforeAll(async () => {
  // 210 people: three migrate jobs (100, 100, 10) and the last one's validation, each job's users paged 20 at a time.
  [env, plain] = await Promise.all([startSandboxTenants(logger, { users: 210, migrationSource: 'orchestrator' }), startSandboxTenants(logger, { users: 12 })]);
});
afterAll(async () => { await Promise.all([env.close(), plain.close()]); });

/** The real target client, counting the calls made through it; `unreachable` user ids answer as a dropped connection would. */
function counted(on: SandboxTenants, unreachable: Set<string>) {
  const target = on.tenants.target;
  const calls = { jobs: 0, tasks: 0, users: 0 };
  const reads: OrchestratorReads = {
    listMigrationJobs: (signal) => { calls.jobs++; return target.listMigrationJobs!(signal); },
    listMigrationJobTasks: (id, signal) => { calls.tasks++; return target.listMigrationJobTasks!(id, signal); },
    getUser: async (id) => {
      calls.users++;
      if (unreachable.has(id)) throw new UnreachableError('Could not reach graph.microsoft.com.');
      return target.getUser(id);
    },
  };
  return { reads, calls };
}

function orchestrator(on: SandboxTenants, options: { configured?: MigrationSource; dropPeople?: number; unreachable?: Set<string> } = {}) {
  const { reads, calls } = counted(on, options.unreachable ?? new Set());
  const map = parseIdentityMap(on.sandbox.identityMapCsv());
  const identityMap = { ...map, users: map.users.slice(options.dropPeople ?? 0) };
  const clock = new ManualClock(new Date());
  const moves = new OrchestratorMoves({ target: reads, identityMap: async () => identityMap, configured: options.configured, clock, logger });
  return { moves, calls, clock, dropped: map.users.slice(0, options.dropPeople ?? 0) };
}

describe("people's moves from the orchestrator's tasks", () => {
  it("gives every person their task's OneDrive state, reading one list of jobs and one list of users per job for all of them", async () => {
    const { moves, calls, clock } = orchestrator(env, { configured: 'orchestrator' });
    const people = env.sandbox.scenario!.users;
    const states = await Promise.all(people.map((u) => moves.getMoveState(u.sourceUpn)));
    expect(states.map((s) => s?.status)).toEqual(people.map((u) => u.status));
    expect(states.every((s, i) => s!.sourceUpn === people[i].sourceUpn)).toBe(true);
    expect(states.filter((s) => s!.status === 'failed').every((s) => s!.error)).toBe(true);
    expect(calls).toEqual({ jobs: 1, tasks: 3, users: people.length });
    // Read again once the snapshot is old: the jobs again, the people's accounts not (their ids do not change).
    clock.advance(DEFAULT_SNAPSHOT_MAX_AGE_MS);
    await moves.getMoveState(people[0].sourceUpn);
    expect(calls).toEqual({ jobs: 2, tasks: 6, users: people.length });
    // Every job is listed; the validation's users are not read (it moves nothing: tasks stay 3 a read).
    expect((await moves.snapshot()).jobs.map((j) => [j.displayName, j.jobType, j.people])).toEqual([
      ['Migration wave 1', 'migrate', 100], ['Migration wave 2', 'migrate', 100], ['Migration wave 3', 'migrate', 10], ['Validation of wave 3', 'validate', 10],
    ]);
  });

  it('names the people in the jobs that the identity map lacks, and finds no move for them', async () => {
    const { moves, dropped } = orchestrator(env, { configured: 'orchestrator', dropPeople: 2 });
    const snapshot = await moves.snapshot();
    expect(snapshot.unmapped).toEqual(dropped.map((u) => u.targetUpn).sort());
    expect(snapshot.moves.size).toBe(env.sandbox.scenario!.users.length - 2);
    expect(await moves.getMoveState(dropped[0].sourceUpn)).toBeNull();
  });
});

describe('a person whose account could not be read', () => {
  it("is unknown, not without a move: their read fails with the tenant's error, the others answer, the next read tries again", async () => {
    const [first, second] = env.sandbox.scenario!.users;
    const unreachable = new Set([(await env.tenants.target.getUser(first.targetUpn))!.id]);
    const { moves, clock } = orchestrator(env, { configured: 'orchestrator', unreachable });
    await expect(moves.getMoveState(first.sourceUpn)).rejects.toThrow(UnreachableError);
    expect((await moves.getMoveState(second.sourceUpn))?.status).toBe(second.status);
    unreachable.clear();
    clock.advance(DEFAULT_SNAPSHOT_MAX_AGE_MS);
    expect((await moves.getMoveState(first.sourceUpn))?.status).toBe(first.status);
  });
});

describe('where moves are read from', () => {
  it('finds the orchestrator on a target holding its jobs, once, and keeps the answer', async () => {
    const { moves, calls, clock } = orchestrator(env);
    expect(await Promise.all([moves.source(), moves.source()])).toEqual(['orchestrator', 'orchestrator']);
    clock.advance(DETECT_AGAIN_MS * 2);
    expect(await moves.source()).toBe('orchestrator');
    expect(calls.jobs).toBe(1);
  });

  it('finds the identity map on a target without jobs, and looks again an hour later', async () => {
    const { moves, calls, clock } = orchestrator(plain);
    expect(await moves.source()).toBe('identity-map');
    clock.advance(DETECT_AGAIN_MS - 1);
    expect(await moves.source()).toBe('identity-map');
    expect(calls.jobs).toBe(1);
    clock.advance(1);
    expect(await moves.source()).toBe('identity-map');
    expect(calls.jobs).toBe(2);
  });

  it('takes MIGRATION_SOURCE as set without asking the target', async () => {
    const { moves, calls } = orchestrator(env, { configured: 'identity-map' });
    expect(await moves.source()).toBe('identity-map');
    expect(calls.jobs).toBe(0);
  });
});

describe("the orchestrator's OneDrive words as move states", () => {
  it('counts waiting for cut-over and being cancelled as unfinished, forced cut-over as completed, a refused check as failed', () => {
    for (const word of ['syncing', 'synced', 'finalizing', 'pendingCancel', 'valid', 'unknownFutureValue']) {
      expect(isFinishedMove({ status: moveStatusOfWorkload(word) })).toBe(false);
    }
    expect(['forceComplete', 'invalid', 'error', 'cancelled'].map(moveStatusOfWorkload)).toEqual(['completed', 'failed', 'failed', 'cancelled']);
  });
});
