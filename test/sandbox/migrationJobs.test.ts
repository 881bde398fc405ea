import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { sandboxOptionsFromEnv } from '../../services/sandbox/envOptions.js';
import { routedFetch, tokenFor } from './helpers.js';

const GRAPH = 'https://graph.microsoft.com';
const JOBS = `${GRAPH}/v1.0/solutions/migrations/crossTenantMigrationJobs`;
const JOB_KEYS = ['completeAfterDateTime', 'createdBy', 'createdDateTime', 'displayName', 'exchangeSettings', 'id', 'jobType', 'lastUpdatedDateTime',
  'message', 'resourceType', 'resources', 'sourceTenantId', 'status', 'targetTenantId', 'workloads'];

let sandbox: SandboxHandle;
let targetToken: string;
let sourceToken: string;
/** Target user id → the person's source UPN: the target account read over Graph, as a client resolves a task's id, then the scenario's map. */
const upnOfId = new Map<string, string>();

async function get(url: string, token = targetToken): Promise<{ status: number; body: any }> {
  const res = await routedFetch(sandbox, url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

/** Every item of a Graph collection, following @odata.nextLink; also how many pages it took. */
async function all(url: string, token = targetToken): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const { status, body } = await get(next, token);
    expect(status).toBe(200);
    items.push(...body.value);
    next = body['@odata.nextLink'];
    pages++;
  }
  return { items, pages };
}

beforeAll(async () => {
  sandbox = await startSandbox({ migrationSource: 'orchestrator' });
  [targetToken, sourceToken] = await Promise.all([tokenFor(sandbox, sandbox.target, GRAPH), tokenFor(sandbox, sandbox.source, GRAPH)]);
  const sourceOf = new Map(sandbox.scenario!.users.map((u) => [u.targetUpn, u.sourceUpn]));
  for (const u of (await all(`${GRAPH}/v1.0/users?$top=999&$select=id,userPrincipalName`)).items) if (sourceOf.has(u.userPrincipalName)) upnOfId.set(u.id, sourceOf.get(u.userPrincipalName)!);
});
afterAll(async () => { await sandbox.close(); });

describe('orchestrator jobs on the target tenant', () => {
  it('lists the jobs two to a page through @odata.nextLink, the migrate ones together holding every scenario person once', async () => {
    const { items: jobs, pages } = await all(`${JOBS}?$top=2`);
    expect(pages).toBe(2);
    expect(jobs.map((j) => [j.displayName, j.jobType])).toEqual([
      ['Migration wave 1', 'migrate'], ['Migration wave 2', 'migrate'], ['Migration wave 3', 'migrate'], ['Validation of wave 3', 'validate'],
    ]);
    // The running wave's validation names the same people.
    expect(jobs[3].resources).toEqual(jobs[2].resources);
    for (const job of jobs) {
      expect(Object.keys(job).sort()).toEqual(JOB_KEYS);
      expect(job).toMatchObject({ resourceType: 'Users', sourceTenantId: sandbox.source.tenantId, targetTenantId: sandbox.target.tenantId, workloads: ['Exchange', 'ODSP', 'Teams'] });
    }
    const people = jobs.filter((j) => j.jobType === 'migrate').flatMap((j) => j.resources).map((id: string) => upnOfId.get(id));
    expect(people.sort()).toEqual(sandbox.scenario!.users.map((u) => u.sourceUpn).sort());
    const firstPage = await get(JOBS);
    expect(firstPage.body.value).toHaveLength(4);
    expect(firstPage.body['@odata.nextLink']).toBeUndefined();
  });

  it("gets one job, its status worked out from its people's moves: finished waves first, the running one last", async () => {
    const { body: list } = await get(JOBS);
    const statusOf = new Map(sandbox.scenario!.users.map((u) => [u.sourceUpn, u.status]));
    const seen: string[] = [];
    for (const listed of list.value) {
      const { status, body } = await get(`${JOBS}/${listed.id}`);
      expect(status).toBe(200);
      expect(body['@odata.context']).toBe(`${GRAPH}/v1.0/$metadata#solutions/migrations/crossTenantMigrationJobs/$entity`);
      expect(body.id).toBe(listed.id);
      seen.push(body.status);
      if (body.jobType === 'validate') continue;
      const moves = body.resources.map((id: string) => statusOf.get(upnOfId.get(id)!));
      const running = moves.some((s: string) => s === 'notStarted' || s === 'inProgress');
      expect(body.status).toBe(running ? 'inProgress' : moves.includes('failed') ? 'completedWithErrors' : 'completed');
    }
    expect(seen).toEqual(['completed', 'completedWithErrors', 'inProgress', 'validatePassed']);
  });

  it("lists a job's users 20 to a page, each task's OneDrive status the one the person's SharePoint move shows", async () => {
    const { body: list } = await get(JOBS);
    const tasks: any[] = [];
    const checks: any[] = [];
    for (const job of list.value) {
      const { items, pages } = await all(`${JOBS}/${job.id}/users`);
      expect(pages).toBe(Math.ceil(job.resources.length / 20));
      expect(items.map((t) => t.id)).toEqual(job.resources);
      (job.jobType === 'validate' ? checks : tasks).push(...items);
    }
    // The validation's tasks: every workload checked, none moved.
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) expect(check.currentStatus.map((s: { status: string }) => s.status)).toEqual(['valid', 'valid', 'valid']);
    const statusOf = new Map(sandbox.scenario!.users.map((u) => [u.sourceUpn, u.status]));
    expect(tasks).toHaveLength(statusOf.size);
    for (const task of tasks) {
      expect(task.taskType).toBe('Users');
      expect(task.currentStatus.map((s: { service: string }) => s.service)).toEqual(['Exchange', 'ODSP', 'Teams']);
      const odsp = task.currentStatus.find((s: { service: string }) => s.service === 'ODSP');
      expect(odsp.status).toBe(statusOf.get(upnOfId.get(task.id)!));
      expect(odsp.errors.length > 0).toBe(odsp.status === 'failed');
    }
    // The same person seen through SharePoint's move task: status and last update agree.
    const failed = tasks.find((t) => t.currentStatus[1].status === 'failed');
    const upn = upnOfId.get(failed.id)!;
    const move = await get(`${GRAPH}/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks/getBySourceUserPrincipalName(sourcePrincipalName='${encodeURIComponent(upn)}')`, sourceToken);
    expect(move.body).toMatchObject({ status: 'failed', lastUpdatedDateTime: failed.lastUpdatedDateTime, error: failed.currentStatus[1].errors[0] });
  });

  it('answers 404 for a job it does not hold, and an empty list on the source tenant', async () => {
    const unknown = await get(`${JOBS}/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('itemNotFound');
    const users = await get(`${JOBS}/00000000-0000-4000-8000-000000000000/users`);
    expect(users.status).toBe(404);
    expect((await get(JOBS, sourceToken)).body.value).toEqual([]);
  });

  it("follows a person's move as it changes: a move cancelled over SharePoint's API reads cancelled in its task at once", async () => {
    const person = sandbox.scenario!.users.find((u) => u.status === 'notStarted')!;
    const cancel = await routedFetch(sandbox, `${GRAPH}/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks/${person.moveId}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${sourceToken}` } });
    expect(cancel.status).toBe(204);
    const { body: list } = await get(JOBS);
    const id = [...upnOfId].find(([, upn]) => upn === person.sourceUpn)![0];
    const job = list.value.find((j: { jobType: string; resources: string[] }) => j.jobType === 'migrate' && j.resources.includes(id));
    const task = (await all(`${JOBS}/${job.id}/users?$top=100`)).items.find((t) => t.id === id);
    expect(task.currentStatus.map((s: { status: string }) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });
});

describe('orchestrator jobs elsewhere', () => {
  it('refuses an app without CrossTenantContentMigration.Read.All (403), and lists none in the identity-map rehearsal', async () => {
    const other = await startSandbox({ users: 12, appRoles: { contoso: ['User.Read.All'] } });
    try {
      const ask = async (creds: typeof other.source) => {
        const token = await tokenFor(other, creds, GRAPH);
        const res = await routedFetch(other, JOBS, { headers: { authorization: `Bearer ${token}` } });
        return { status: res.status, body: await res.json() as any };
      };
      const refused = await ask(other.source);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('Authorization_RequestDenied');
      const none = await ask(other.target);
      expect(none.status).toBe(200);
      expect(none.body.value).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('reads SANDBOX_MIGRATION_SOURCE and names a bad value', () => {
    expect(sandboxOptionsFromEnv({ SANDBOX_MIGRATION_SOURCE: 'orchestrator' }).options.migrationSource).toBe('orchestrator');
    expect(sandboxOptionsFromEnv({ SANDBOX_MIGRATION_SOURCE: 'identity-map' }).options.migrationSource).toBe('identity-map');
    expect(sandboxOptionsFromEnv({}).options.migrationSource).toBeUndefined();
    const bad = sandboxOptionsFromEnv({ SANDBOX_MIGRATION_SOURCE: 'jobs' });
    expect(bad.problems).toEqual([expect.stringMatching(/^SANDBOX_MIGRATION_SOURCE: must be identity-map or orchestrator/)]);
    expect(bad.options.migrationSource).toBeUndefined();
  });
});
