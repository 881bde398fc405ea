// SIGTERM in the middle of a long job: the bot process stops taking work, lets the items in flight finish
// and be recorded, gives its job lease up and exits within 10 s; a second instance on the same shared
// store (Azure Blob Storage through Azurite), started once the first has gone, takes the job at once, and
// every site is acted on exactly once. Both instances are whole bot processes (test/faults/botChild.ts) on
// the simulated tenants here. The second gives another host name on its lease (INSTANCE_HOST): on the
// same host the first one's gone pid would free the lease anyway, given up or not; from another host only
// giving it up does, so a lease left held (as after a SIGKILL) keeps the second waiting its 30 s out.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BlobAuditLog } from '../../services/audit/blobAuditLog.js';
import { JobStore } from '../../services/jobs/jobStore.js';
import { systemClock } from '../../services/ports.js';
import { openContainer } from '../../services/store/blobContainer.js';
import { BlobStore } from '../../services/store/blobStore.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { killChildren, leaseOf, postMessage, startBotChild } from '../helpers/botChildren.js';
import { waitFor } from '../helpers/waitFor.js';
import { startRecordingConnector, type RecordingConnector } from '../helpers/recordingConnector.js';
import { jobRig, norm, people, type JobRig } from '../jobs/rig.js';
import type { BotChildConfig } from './botChild.js';

const LEASE_MS = 30_000;
let azurite: Azurite;
let connector: RecordingConnector;
let rig: JobRig;

beforeAll(async () => { [azurite, connector] = await Promise.all([startAzurite(), startRecordingConnector()]); }, 30_000);
afterAll(async () => {
  killChildren();
  await rig?.close();
  await connector?.close();
  await azurite?.close();
});

describe('SIGTERM during a long job', () => {
  it('exits within 10 s with its items recorded and its lease given up; an instance on another host resumes at once; every site acted on exactly once', async () => {
    const containerName = `sigterm-${Date.now()}`;
    const container = await openContainer({ connectionString: azurite.connectionString }, containerName);
    const store = new BlobStore(container);
    let held = '';
    const noRun = { schedule: () => undefined, results: (plan: Parameters<JobStore['results']>[0]) => new JobStore(store).results(plan) };
    rig = await jobRig({ users: 120, seed: 5, operationPollingMs: 1_000, faults: { latencyMs: 5 } }, {
      jobs: noRun, movingBack: (upn) => upn === held, storage: { store, audit: new BlobAuditLog(container, systemClock) },
    });
    const scenario = rig.sandbox.scenario!;
    held = scenario.users.find((u) => u.sourceSiteUrl === scenario.heldRedirectUrl)!.sourceUpn;
    const plan = await rig.planners.removeRedirects({ side: 'source', scope: { kind: 'all' }, unlock: true, purge: true }, people.alice);
    expect(plan.items.length).toBeGreaterThan(80);
    await rig.approvals.request(plan, { conversationId: 'a:approvals', serviceUrl: connector.serviceUrl });
    await rig.approvals.approve(plan.id, plan.hash, people.bob);

    const sandbox = rig.sandbox;
    const config = (host?: string): BotChildConfig => ({
      env: {
        STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: containerName,
        IDENTITY_MAP_PATH: rig.paths.identityMap, LOG_LEVEL: process.env.FAULT_CHILD_LOG ?? 'silent', ...(host ? { INSTANCE_HOST: host } : {}),
      },
      sandbox: { url: sandbox.url, source: sandbox.source, target: sandbox.target, licenceExpiry: sandbox.licenceExpiry, connectorServiceUrl: sandbox.connectorServiceUrl, hosts: sandbox.hosts },
      leaseMs: LEASE_MS, scanMs: 250,
    });
    const removals = () => sandbox.changes().filter((c) => c.method === 'RemoveSite').length;

    // Each site waits on SharePoint's operation (1 s polls): long enough a job to stop in the middle.
    const first = await startBotChild(rig.dir, 'first', config());
    const firstUrl = await first.url;
    await waitFor('the first instance to remove 15 sites', () => removals() >= 15, 30_000);
    const removedBeforeStop = removals();
    const startedByFirst = new Set(sandbox.changes().filter((c) => c.method === 'RemoveSite').map((c) => norm(c.target)));
    expect(removedBeforeStop).toBeLessThan(plan.items.length);
    const stopAt = Date.now();
    first.child.kill('SIGTERM');
    // From the signal on, no new work gets in: the port closes.
    await waitFor('the first instance to refuse new messages', async () => (await postMessage(firstUrl)) !== 200, 9_000);
    const exit = await first.exited;
    const stopMs = exit.at - stopAt;
    expect(exit.code).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    expect(['refused', 503]).toContain(await postMessage(firstUrl));

    // What the first instance held is recorded and free: the lease is still its own, given up (not left to run
    // out), and every site it had begun on is finished and recorded. Nobody else has run yet.
    const lease = (await leaseOf(store, plan.id))!;
    expect(lease.owner).toContain(`#${first.child.pid}#`);
    expect(lease.until).toBe(0);
    const atExit = await new JobStore(store).results(plan);
    const doneAtExit = new Set(plan.items.filter((_, i) => atExit[i]!.state === 'done').map((i) => norm(i.label)));
    expect([...startedByFirst].filter((url) => !doneAtExit.has(url))).toEqual([]);
    expect(atExit.filter((r) => r.state === 'running')).toEqual([]);

    // Another host's instance takes the job at its start, without waiting for any lease to run out.
    const second = await startBotChild(rig.dir, 'second', config('another-host'));
    await second.url;
    const readyAt = Date.now();
    await waitFor('the second instance to take the job over', async () => (await leaseOf(store, plan.id))?.owner.startsWith('another-host#') === true, 5_000);
    const takeoverMs = Date.now() - readyAt;
    await waitFor('the job to finish', async () => (await rig.approvals.get(plan.id))!.state === 'done', 60_000);

    const changes = sandbox.changes();
    const planned = plan.items.map((i) => norm(i.label)).sort();
    for (const method of ['RemoveSite', 'RemoveDeletedSite'] as const) {
      expect(changes.filter((c) => c.method === method).map((c) => norm(c.target)).sort()).toEqual(planned);
    }
    expect(changes.filter((c) => c.outcome !== 'ok')).toEqual([]);
    expect((await rig.approvals.results(plan.id)).filter((r) => r.state !== 'done')).toEqual([]);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    if (process.env.FAULT_FIGURES) process.stdout.write(`sigterm: ${JSON.stringify({ items: plan.items.length, removedBeforeStop, doneAtExit: doneAtExit.size, stopMs, takeoverMs })}\n`);
  }, 120_000);
});
