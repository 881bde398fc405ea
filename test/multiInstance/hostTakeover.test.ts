// Takeover between hosts. Three whole bot processes (test/faults/botChild.ts) share one store (Azure Blob
// Storage through Azurite) but give different host names on their leases (INSTANCE_HOST), as instances on
// separate machines do: none can see another's pid, so a lease frees only by running out or by being given
// up. Each instance reaches the simulated tenants through its own proxy, so the test can tell whose
// requests are whose. Leases last 4 s here, renewed every 1.3 s.
//
// The three cases run in turn on one long job (a ~140-site redirect removal), each starting where the last
// left it, so three processes start once: the instance running the job stalls past its lease and comes
// back; the one that took over is killed; the one that took over from it is stopped with SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Plan } from '../../services/approvals/types.js';
import { BlobAuditLog } from '../../services/audit/blobAuditLog.js';
import { JobStore } from '../../services/jobs/jobStore.js';
import { systemClock } from '../../services/ports.js';
import { openContainer } from '../../services/store/blobContainer.js';
import { BlobStore } from '../../services/store/blobStore.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { killChildren, leaseOf, startBotChild, type BotChild } from '../helpers/botChildren.js';
import { waitFor } from '../helpers/waitFor.js';
import { startFaultProxy, type FaultProxy } from '../helpers/faultProxy.js';
import { startRecordingConnector, type RecordingConnector } from '../helpers/recordingConnector.js';
import { jobRig, norm, people, type JobRig } from '../jobs/rig.js';
import { countBy } from './expectations.js';

const LEASE_MS = 4_000;
/** Sites the instance running the job removes before the next signal: well into the job, most of it left. */
const STEP = 10;

interface Instance { host: string; bot: BotChild; proxy: FaultProxy }

let azurite: Azurite;
let connector: RecordingConnector;
let rig: JobRig;
let store: BlobStore;
let plan: Plan;
let instances: Instance[] = [];
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  [azurite, connector] = await Promise.all([startAzurite(), startRecordingConnector()]);
  const containerName = `host-takeover-${Date.now()}`;
  const container = await openContainer({ connectionString: azurite.connectionString }, containerName);
  store = new BlobStore(container);
  let held = '';
  const noRun = { schedule: () => undefined, results: (p: Plan) => new JobStore(store).results(p) };
  // Each site waits on SharePoint's operation (polled every 500 ms): a job of many seconds at 16 in flight.
  // 250 people (over 200 sites): the three takeovers, each waiting on the work done meanwhile, must leave a
  // quarter of the job for the last one; with 136 sites a busy CI machine once got past three quarters.
  rig = await jobRig({ users: 250, seed: 5, operationPollingMs: 500, faults: { latencyMs: 5 } }, {
    jobs: noRun, movingBack: (upn) => upn === held, storage: { store, audit: new BlobAuditLog(container, systemClock) },
  });
  const scenario = rig.sandbox.scenario!;
  held = scenario.users.find((u) => u.sourceSiteUrl === scenario.heldRedirectUrl)!.sourceUpn;
  plan = await rig.planners.removeRedirects({ side: 'source', scope: { kind: 'all' }, unlock: true, purge: true }, people.alice);
  await rig.approvals.request(plan, { conversationId: 'a:approvals', serviceUrl: connector.serviceUrl });
  const sandbox = rig.sandbox;
  instances = await Promise.all(['host-a', 'host-b', 'host-c'].map(async (host) => {
    const proxy = await startFaultProxy({ target: sandbox.url });
    proxies.push(proxy);
    const bot = await startBotChild(rig.dir, host, {
      env: {
        STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: containerName,
        IDENTITY_MAP_PATH: rig.paths.identityMap, LOG_LEVEL: 'info', INSTANCE_HOST: host,
      },
      sandbox: { url: proxy.url, source: sandbox.source, target: sandbox.target, licenceExpiry: sandbox.licenceExpiry, connectorServiceUrl: sandbox.connectorServiceUrl, hosts: sandbox.hosts },
      leaseMs: LEASE_MS, scanMs: 250,
    });
    await bot.url;
    return { host, bot, proxy };
  }));
  await rig.approvals.approve(plan.id, plan.hash, people.bob);
}, 120_000);

afterAll(async () => {
  killChildren();
  for (const p of proxies) await p.close();
  await rig?.close();
  await connector?.close();
  await azurite?.close();
}, 30_000);

const removals = () => rig.sandbox.changes().filter((c) => c.method === 'RemoveSite').length;
const hostOf = (owner: string | undefined) => owner?.split('#')[0];
const holder = async () => hostOf((await leaseOf(store, plan.id))?.owner);

/** The instance holding the job's lease once it has removed `more` sites since now (still mid-job). */
async function runnerAfter(more: number): Promise<Instance> {
  await waitFor('an instance to hold the job', async () => (await holder()) !== undefined, 15_000);
  const from = removals();
  await waitFor(`${more} more sites removed`, () => removals() >= from + more, 30_000);
  expect(removals()).toBeLessThan(plan.items.length * 0.75);
  const host = await holder();
  return instances.find((i) => i.host === host)!;
}

/** Polls the lease until an instance other than `from` holds it: which one, and when it was first seen. */
async function takenOverFrom(from: Instance, timeoutMs: number): Promise<{ taker: Instance; at: number }> {
  let host: string | undefined;
  await waitFor(`another instance to take the job from ${from.host}`, async () => (host = await holder()) !== from.host, timeoutMs);
  return { taker: instances.find((i) => i.host === host)!, at: Date.now() };
}

/**
 * No planned site removed (or purged) more than once so far, counting refused tries too: a second instance
 * acting on a site it no longer holds is refused by SharePoint ("already in the recycle bin", "unable to find
 * the deleted site"), and that refused try is the double action.
 */
function expectNoSiteActedOnTwice(): void {
  for (const method of ['RemoveSite', 'RemoveDeletedSite']) {
    // Except the first try at a ReadOnly-locked site, which SharePoint denies by design before it is unlocked.
    const lockDenied = (c: { outcome: string; message?: string }) => c.outcome === 'error' && /^Access denied/.test(c.message ?? '');
    const tries = countBy(rig.sandbox.changes().filter((c) => c.method === method && !lockDenied(c)), (c) => norm(c.target));
    expect([method, [...tries].filter(([, n]) => n > 1)]).toEqual([method, []]);
  }
}

/** No item recorded as failed so far: nothing in this plan fails unless two instances collide. */
async function expectNoFailedItem(): Promise<void> {
  expect((await rig.approvals.results(plan.id)).filter((r) => r.state === 'failed')).toEqual([]);
}

/** The halt line the job runner logs (pino JSON on stdout), if any. */
const haltLine = (i: Instance) => i.bot.stdout().split('\n').find((l) => l.includes('job halted'));

let stalled: Instance;
let killed: Instance;

describe('instances on different hosts take a job over from each other', () => {
  it('one stalled past its lease (SIGSTOP, then SIGCONT) loses the job after the lease ran out, finds its writes refused and stops', async () => {
    stalled = await runnerAfter(STEP);
    stalled.bot.child.kill('SIGSTOP');
    const lease = (await leaseOf(store, plan.id))!;
    expect(hostOf(lease.owner)).toBe(stalled.host);
    const { taker, at } = await takenOverFrom(stalled, 3 * LEASE_MS);
    // Only once the stalled instance's lease ran out: its pid on "another host" frees nothing.
    expect(at).toBeGreaterThanOrEqual(lease.until);
    // The taker works on, writing the job's results, while the stalled one is still stopped.
    const atTakeover = removals();
    await waitFor('the taker to remove more sites', () => removals() >= atTakeover + STEP, 30_000);
    const doneByTaker = (await rig.approvals.results(plan.id)).filter((r) => r.state === 'done').map((r) => r.key);
    // Everything it had sent before it stopped has reached the tenants by now (the lease ran out since).
    const requestsAtStall = stalled.proxy.counts.forwarded;
    stalled.bot.child.kill('SIGCONT');
    // By its own clock its lease ran out while it was stopped: the steps it had in flight send nothing more
    // (no next call, no retry) and record nothing, and it halts without waiting for a store round trip.
    await waitFor(`${stalled.host} to halt the job`, () => haltLine(stalled) !== undefined, 3 * LEASE_MS);
    expect(stalled.proxy.counts.forwarded).toBe(requestsAtStall);
    const requestsAtHalt = stalled.proxy.counts.forwarded;
    // Nothing the taker recorded was written over by the stalled instance's older view.
    const afterHalt = new Map((await rig.approvals.results(plan.id)).map((r) => [r.key, r.state]));
    expect(doneByTaker.filter((k) => afterHalt.get(k) !== 'done')).toEqual([]);
    // The taker carries on; the stalled instance sends the tenants nothing more, and stays up.
    const atHalt = removals();
    await waitFor('the taker to remove more sites', () => removals() >= atHalt + STEP, 30_000);
    expect(stalled.proxy.counts.forwarded).toBe(requestsAtHalt);
    expect(stalled.bot.child.exitCode).toBeNull();
    expect(await holder()).toBe(taker.host);
    expectNoSiteActedOnTwice();
    await expectNoFailedItem();
  }, 60_000);

  it('one SIGKILLed mid-job keeps the job until its lease runs out; then another instance takes it over', async () => {
    const host = await holder();
    killed = instances.find((i) => i.host === host)!;
    expect(killed).not.toBe(stalled);
    killed.bot.child.kill('SIGKILL');
    expect((await killed.bot.exited).signal).toBe('SIGKILL');
    // Nobody renews it now: this is when it runs out, and until then it is still the killed instance's.
    const lease = (await leaseOf(store, plan.id))!;
    expect(hostOf(lease.owner)).toBe(killed.host);
    const { taker, at } = await takenOverFrom(killed, 3 * LEASE_MS);
    expect(at).toBeGreaterThanOrEqual(lease.until);
    expect(taker).not.toBe(killed);
    expectNoSiteActedOnTwice();
    await expectNoFailedItem();
  }, 60_000);

  it('one SIGTERMed mid-job gives its lease up: the last one resumes at once, long before that lease would have run out; every site is acted on once', async () => {
    const runner = await runnerAfter(STEP);
    const last = instances.find((i) => i !== runner && i !== killed)!;
    const lease = (await leaseOf(store, plan.id))!;
    expect(hostOf(lease.owner)).toBe(runner.host);
    runner.bot.child.kill('SIGTERM');
    const exit = await runner.bot.exited;
    expect(exit.code).toBe(0);
    const { taker, at } = await takenOverFrom(runner, 3 * LEASE_MS);
    expect(taker).toBe(last);
    // A lease not given up would have lasted until at least 2/3 of a lease after the exit (renewed every third
    // of one up to the exit): the last instance came in well before that, and before the lease read before the signal ran out.
    expect(at - exit.at).toBeLessThan(LEASE_MS / 3);
    expect(at).toBeLessThan(lease.until);

    // Any finished state ends the wait: a plan that ended partly failed is reported at once, not as a time-out.
    const FINISHED = ['done', 'partly-failed', 'failed'];
    await waitFor('the job to finish', async () => FINISHED.includes((await rig.approvals.get(plan.id))!.state), 90_000).catch(async (err: Error) => {
      // Seen twice under load (not reproduced alone): what was left, and where, for whoever looks next.
      const left = (await rig.approvals.results(plan.id)).filter((r) => r.state !== 'done').map((r) => `${r.key} ${r.state} ${r.reason ?? ''}`);
      throw new Error(`${err.message}: plan ${(await rig.approvals.get(plan.id))!.state}, lease ${JSON.stringify(await leaseOf(store, plan.id))}, not done: ${left.slice(0, 20).join('; ')}`);
    });
    const finished = (await rig.approvals.get(plan.id))!;
    expect([finished.state, (await rig.approvals.results(plan.id)).filter((r) => r.state !== 'done').map((r) => `${r.key} ${r.state} ${r.reason ?? ''}`)]).toEqual(['done', []]);
    expectNoSiteActedOnTwice();
    const changes = rig.sandbox.changes();
    const planned = plan.items.map((i) => norm(i.label)).sort();
    for (const method of ['RemoveSite', 'RemoveDeletedSite'] as const) {
      expect([method, changes.filter((c) => c.method === method && c.outcome === 'ok').map((c) => norm(c.target)).sort()]).toEqual([method, planned]);
    }
    expect((await rig.approvals.results(plan.id)).filter((r) => r.state !== 'done')).toEqual([]);
    expect(await holder()).toBe(last.host);
    if (process.env.MULTI_INSTANCE_FIGURES) {
      process.stdout.write(`host takeover: ${JSON.stringify({ items: plan.items.length, termTakeoverMs: at - exit.at, refused: changes.filter((c) => c.outcome !== 'ok').length })}\n`);
    }
  }, 150_000);
});
