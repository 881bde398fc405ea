// SIGTERM in the middle of a long job: the bot process stops taking work, lets the items in flight finish
// and be recorded, gives its job lease up and exits within 10 s; a second instance on the same shared
// store (Azure Blob Storage through Azurite) resumes the job at once, and every site is acted on exactly
// once. Both instances are whole bot processes (test/faults/botChild.ts) on the simulated tenants here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobAuditLog } from '../../services/audit/blobAuditLog.js';
import { JobStore } from '../../services/jobs/jobStore.js';
import { systemClock } from '../../services/ports.js';
import { openContainer } from '../../services/store/blobContainer.js';
import { BlobStore } from '../../services/store/blobStore.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { startRecordingConnector, type RecordingConnector } from '../helpers/recordingConnector.js';
import { jobRig, norm, people, type JobRig } from '../jobs/rig.js';
import type { BotChildConfig } from './botChild.js';

let azurite: Azurite;
let connector: RecordingConnector;
let rig: JobRig;
const children: ChildProcess[] = [];

beforeAll(async () => { [azurite, connector] = await Promise.all([startAzurite(), startRecordingConnector()]); }, 30_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rig?.close();
  await connector?.close();
  await azurite?.close();
});

interface Child { child: ChildProcess; url: Promise<string>; exited: Promise<{ code: number | null; at: number }>; stderr: () => string }

function startChild(configPath: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'faults', 'botChild.ts'), configPath], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += String(d);
      if (process.env.FAULT_CHILD_LOG) process.stderr.write(`[${child.pid}] ${String(d)}`);
      const m = /"ready":"([^"]+)"/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bot child exited (${code}) before it was ready: ${stderr.slice(-800)}`)));
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, url, exited, stderr: () => stderr };
}

const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** What a new message gets: the HTTP status, or 'refused' when nothing listens any more. */
async function postMessage(url: string): Promise<number | 'refused'> {
  try {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'status' }) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'refused';
  }
}

describe('SIGTERM during a long job', () => {
  it('exits within 10 s with its lease given up; a second instance resumes at once; every site acted on exactly once', async () => {
    const containerName = `sigterm-${Date.now()}`;
    const container = await openContainer(azurite.connectionString, containerName);
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
    const config: BotChildConfig = {
      env: {
        STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: containerName,
        IDENTITY_MAP_PATH: rig.paths.identityMap, LOG_LEVEL: process.env.FAULT_CHILD_LOG ?? 'silent',
      },
      sandbox: { url: sandbox.url, source: sandbox.source, target: sandbox.target, licenceExpiry: sandbox.licenceExpiry, connectorServiceUrl: sandbox.connectorServiceUrl, hosts: sandbox.hosts },
      leaseMs: 30_000, scanMs: 250,
    };
    const configPath = join(rig.dir, 'bot-child.json');
    await writeFile(configPath, JSON.stringify(config), 'utf8');
    const removals = () => sandbox.changes().filter((c) => c.method === 'RemoveSite').length;

    // Each site waits on SharePoint's operation (1 s polls): long enough a job to stop in the middle.
    const first = startChild(configPath);
    const firstUrl = await first.url;
    await waitFor('the first instance to start removing', () => removals() >= 1, 30_000);
    const second = startChild(configPath);
    await second.url;
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

    // What the first instance held is recorded and free: no item left running, the lease given up.
    const lease = (await store.read([`lease/${plan.id}`]))[`lease/${plan.id}`]?.lease as { owner: string; until: number } | undefined;
    expect(lease).toBeDefined();
    const firstOwner = lease!.owner.includes(`#${first.child.pid}#`);
    if (firstOwner) expect(lease!.until).toBe(0);
    // (The second instance may already be at work, so only what the first began before the signal is looked at.)
    const afterStop = await new JobStore(store).results(plan);
    const doneAfterStop = new Set(plan.items.filter((_, i) => afterStop[i]!.state === 'done').map((i) => norm(i.label)));
    // Every site the first instance had begun on was finished and recorded before it exited.
    for (const url of startedByFirst) expect(doneAfterStop.has(url)).toBe(true);

    const changesAtExit = sandbox.changes().length;
    await waitFor('the second instance to take the job over', () => sandbox.changes().length > changesAtExit, 5_000);
    const takeoverMs = Date.now() - exit.at;
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
    if (process.env.FAULT_FIGURES) process.stdout.write(`sigterm: ${JSON.stringify({ items: plan.items.length, removedBeforeStop, doneAtStop: doneAfterStop.size, stopMs, takeoverMs })}\n`);
  }, 120_000);
});
