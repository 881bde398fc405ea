// Fenced jobs, deterministically: a manual clock stands for time passing while a process is stalled, and a
// transport that holds chosen requests stands for the work in flight at that moment. A stalled runner that
// wakes up after its lease ran out sends nothing more (retries included) and records nothing; the runner that
// took the job over finishes it, and finding work already done by the other counts as done, never failed.
import { afterEach, describe, expect, it } from '@jest/globals';
import { JobLeases } from '../../services/core/jobLease.js';
import { JobRunner } from '../../services/jobs/jobRunner.js';
import { JobStore } from '../../services/jobs/jobStore.js';
import type { Plan } from '../../services/approvals/types.js';
import type { SandboxHandle } from '../../services/sandbox/index.js';
import { createTenantClient, createTransport } from '../../services/tenants/index.js';
import type { Transport } from '../../services/tenants/pipeline/transport.js';
import type { TenantClientApi, TenantSide } from '../../services/tenants/types.js';
import { RecordingJobs } from '../approvals/helpers.js';
import { ManualClock } from '../helpers/clock.js';
import { memoryLogger } from '../helpers/logs.js';
import { changesOf, chatAddress, FAST_RETRY, jobRig, norm, people, type JobRig } from './rig.js';

let rig: JobRig | undefined;
const runners: JobRunner[] = [];
const holds: Held[] = [];
afterEach(async () => {
  // A failed expectation can leave requests held: let them go, or the runners never stop.
  for (const h of holds.splice(0)) h.release('reset');
  for (const r of runners.splice(0)) await r.stop();
  await rig?.close();
  rig = undefined;
});

const LEASE_MS = 30_000;
const { alice, bob } = people;

/** The CSOM method a ProcessQuery body calls first, or the path for anything else. */
function callOf(url: URL, init: RequestInit): string {
  const body = typeof init.body === 'string' ? init.body : init.body instanceof Uint8Array ? Buffer.from(init.body).toString('utf8') : '';
  const method = /<Method [^>]*Name="([A-Za-z]+)"/.exec(body)?.[1];
  return method ?? `${init.method ?? 'GET'} ${url.pathname}`;
}

interface Held { call: string; release(how: 'forward' | 'reset'): void }

/**
 * Tenant clients over the sandbox whose every request is recorded as it leaves, and whose requests that
 * `hold` picks wait until the test releases them: forwarded (the request lands) or answered by a reset (a
 * transient failure the pipeline would retry).
 */
function holdingTenants(sandbox: SandboxHandle) {
  const sent: string[] = [];
  const held: Held[] = [];
  let hold: (call: string) => boolean = () => false;
  let arrived: (() => void) | undefined;
  const inner = createTransport({ sandboxUrl: sandbox.url });
  const transport: Transport = async (url, init) => {
    const call = callOf(url, init);
    if (hold(call)) {
      // A held request stands for one already written to its socket when the process stalled: it is past the
      // fence's last check (services/tenants/pipeline/socketFence.ts), so it goes out without it.
      delete (init as RequestInit & { dispatcher?: unknown }).dispatcher;
      const how = await new Promise<'forward' | 'reset'>((resolve) => {
        const h = { call, release: resolve };
        held.push(h);
        holds.push(h);
        arrived?.();
      });
      if (how === 'reset') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    }
    sent.push(call);
    return inner(url, init);
  };
  const { logger } = memoryLogger('warn');
  const client = (side: TenantSide): TenantClientApi => createTenantClient({
    side, tenantId: sandbox[side].tenantId, clientId: sandbox[side].clientId, adminUrl: sandbox[side].adminUrl,
    certificate: { privateKeyPem: sandbox[side].privateKeyPem, certificatePem: sandbox[side].certificatePem },
    authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com',
  }, { transport, logger, retry: FAST_RETRY });
  return {
    tenants: { source: client('source'), target: client('target') },
    sent,
    held,
    /** Holds, from now on, every request whose call `pick` accepts. */
    holdWhere(pick: (call: string) => boolean) { hold = pick; },
    /** Resolves once `n` requests are being held. */
    async holding(n: number): Promise<void> {
      while (held.length < n) await new Promise<void>((resolve) => { arrived = resolve; });
    },
  };
}

function runner(r: JobRig, tenants: Record<TenantSide, TenantClientApi>, clock: ManualClock, name: string, concurrency = 3): JobRunner {
  const { logger } = memoryLogger('warn');
  const made = new JobRunner({
    store: r.store, tenants, audit: r.audit, messenger: r.messenger, clock, logger, identityMap: () => r.identityMap.load(),
    concurrency, progressIntervalMs: 50, leaseMs: LEASE_MS, instanceId: name,
  });
  runners.push(made);
  return made;
}

/**
 * Every item done, but for the sites the scenario makes fail on purpose (a retention hold, a lock), which
 * fail for that reason only: the outcome of a run nobody interfered with.
 */
async function expectUndisturbed(r: JobRig, plan: Plan): Promise<void> {
  const s = r.sandbox.scenario!;
  const awkward = new Set([s.heldRedirectUrl, ...(s.lockedRedirects ?? [])].filter(Boolean).map((u) => norm(u!)));
  const results = await new JobStore(r.store).results(plan);
  plan.items.forEach((item, i) => {
    if (awkward.has(norm(item.label))) expect(results[i]).toMatchObject({ state: 'failed', reason: expect.stringMatching(/hold|retention|lock/i) });
    else expect(results[i]).toMatchObject({ state: 'done' });
  });
  const audit = await r.audit.latest(10_000);
  expect(audit.filter((e) => e.event === 'item.failed')).toHaveLength(awkward.size);
  expect(audit.filter((e) => e.event === 'item.done')).toHaveLength(plan.items.length - awkward.size);
}

/** An approved removal plan nobody runs yet: the test's runners run it. */
async function approvedRemoval(r: JobRig, urls?: string[]): Promise<Plan> {
  const all = await r.planners.removeRedirects({ side: 'source', scope: { kind: 'all' }, purge: true, unlock: false }, alice);
  const sites = urls ?? all.items.map((i) => i.label);
  const plan = urls?.length === 1
    ? await r.planners.removeRedirects({ side: 'source', scope: { kind: 'url', url: urls[0]! }, purge: true, unlock: false }, alice)
    : all;
  expect(plan.items.length).toBe(sites.length);
  await r.approvals.request(plan, chatAddress);
  await r.approvals.approve(plan.id, plan.hash, bob);
  return plan;
}

/** Redirect sites the plan can remove without a hold or a lock getting in the way. */
function plainRedirects(r: JobRig): string[] {
  const s = r.sandbox.scenario!;
  const awkward = new Set([s.heldRedirectUrl, s.recycledRedirectUrl, ...(s.lockedRedirects ?? [])].filter(Boolean).map((u) => norm(u!)));
  return s.users.filter((u) => u.status === 'completed' && !awkward.has(norm(u.sourceSiteUrl))).map((u) => u.sourceSiteUrl);
}

describe('a runner stalled past its lease', () => {
  it.each(['reset', 'forward'] as const)('sends nothing more once resumed (in-flight requests answered by a %s), records nothing, and the taker finishes with no failure', async (how) => {
    rig = await jobRig({ users: 30 }, { jobs: new RecordingJobs() });
    const plan = await approvedRemoval(rig);
    const clock = new ManualClock();
    const stalled = holdingTenants(rig.sandbox);
    stalled.holdWhere((call) => call === 'RemoveSite');
    const stalledRun = runner(rig, stalled.tenants, clock, 'host-b#1#stalled').run(plan.id);
    await stalled.holding(3);
    const sentBeforeStall = stalled.sent.length;
    const storedBeforeStall = await new JobStore(rig.store).results(plan);

    // The process is stalled with three removals in flight; its lease runs out and another instance takes
    // the job over and runs it to the end while the stalled one is still asleep.
    clock.advance(LEASE_MS + 1);
    const taker = runner(rig, rig.tenants, clock, 'host-c#2#taker');
    const finished = await taker.run(plan.id);
    expect(finished?.state).toBe('partly-failed');
    await expectUndisturbed(rig, plan);

    // It wakes up: its in-flight requests come back (reset: a retry is due; forwarded: the next call of the
    // step is due). Nothing more leaves it, and it records nothing.
    stalled.holdWhere(() => false);
    for (const h of stalled.held) h.release(how);
    await expect(stalledRun).resolves.toBeNull();
    expect(stalled.sent.slice(sentBeforeStall)).toEqual(how === 'forward' ? ['RemoveSite', 'RemoveSite', 'RemoveSite'] : []);
    expect(storedBeforeStall.filter((r) => r.state !== 'pending' && r.state !== 'running')).toEqual([]);
    await expectUndisturbed(rig, plan);
    expect((await rig.approvals.get(plan.id))?.state).toBe('partly-failed');
  }, 60_000);

  it('starts no new item once its own clock says the lease is near its end, before any renewal could tell it', async () => {
    rig = await jobRig({ users: 30 }, { jobs: new RecordingJobs() });
    const plan = await approvedRemoval(rig);
    const clock = new ManualClock();
    const stalled = holdingTenants(rig.sandbox);
    stalled.holdWhere((call) => call === 'RemoveSite');
    const run = runner(rig, stalled.tenants, clock, 'host-b#1#alone', 1).run(plan.id);
    await stalled.holding(1);
    // Nobody takes the job over: the lease in the store is still ours. The fence lapses by our clock alone
    // (four fifths of the lease), so the item in flight goes unrecorded and no further item starts.
    clock.advance(LEASE_MS * 0.8);
    const sent = stalled.sent.length;
    stalled.holdWhere(() => false);
    stalled.held[0]!.release('forward');
    // A new run takes the lease again and carries on from the stored results: everything ends done.
    const record = await run;
    expect(record?.state).toBe('partly-failed');
    await expectUndisturbed(rig, plan);
    expect(stalled.sent.slice(sent, sent + 1)).toEqual(['RemoveSite']);
    // The first item was re-checked by the new run (found removed), not recorded by the one whose fence lapsed.
    const [first] = await new JobStore(rig.store).results(plan);
    expect(first).toMatchObject({ state: 'done', reason: expect.stringMatching(/^Already removed/) });
    expect((await rig.audit.latest(10_000)).filter((e) => e.event === 'plan.started')).toHaveLength(1);
  }, 60_000);
});

describe('a step that finds what another instance already did', () => {
  async function raced(pick: string, meanwhile: (r: JobRig, url: string) => Promise<void>, thenHold?: string) {
    rig = await jobRig({ users: 30 }, { jobs: new RecordingJobs() });
    const url = plainRedirects(rig)[0]!;
    const plan = await approvedRemoval(rig, [url]);
    const mine = holdingTenants(rig.sandbox);
    mine.holdWhere((call) => call === pick);
    const run = runner(rig, mine.tenants, new ManualClock(), 'host-a#1#racer', 1).run(plan.id);
    await mine.holding(1);
    await meanwhile(rig, url);
    if (thenHold) mine.holdWhere((call) => call === thenHold);
    else mine.holdWhere(() => false);
    mine.held[0]!.release('forward');
    if (thenHold) {
      await mine.holding(2);
      await rig.tenants.source.purgeDeletedSite(url);
      mine.holdWhere(() => false);
      mine.held[1]!.release('forward');
    }
    const record = await run;
    const [result] = await new JobStore(rig.store).results(plan);
    return { record, result: result!, url };
  }

  it('a purge whose site another instance purged first ends done, and says so', async () => {
    const { record, result, url } = await raced('RemoveDeletedSite', (r, u) => r.tenants.source.purgeDeletedSite(u).then(() => undefined));
    expect(record?.state).toBe('done');
    expect(result).toMatchObject({ state: 'done', reason: expect.stringMatching(/already purged/i) });
    expect(changesOf(rig!.sandbox, 'RemoveDeletedSite', 'error')).toEqual([norm(url)]);
  }, 60_000);

  it('a removal whose site another instance removed and purged first ends done', async () => {
    const { record, result } = await raced('RemoveSite', async (r, u) => { await r.tenants.source.removeSite(u); await r.tenants.source.purgeDeletedSite(u); });
    expect(record?.state).toBe('done');
    expect(result).toMatchObject({ state: 'done', reason: expect.stringMatching(/already removed/i) });
  }, 60_000);

  it('a removal answered "already in the recycle bin", whose site is purged before it looks in the bin, ends done', async () => {
    const { record, result, url } = await raced('RemoveSite', (r, u) => r.tenants.source.removeSite(u).then(() => undefined), 'GetDeletedSitePropertiesByUrl');
    expect(record?.state).toBe('done');
    expect(result).toMatchObject({ state: 'done', reason: expect.stringMatching(/already removed/i) });
    expect(changesOf(rig!.sandbox, 'RemoveSite', 'error')).toEqual([norm(url)]);
  }, 60_000);
});

describe('job leases', () => {
  it('give a fence that lapses by the holder\'s own clock a margin before the lease runs out, and stays lapsed', async () => {
    rig = await jobRig({ users: 4 }, { jobs: new RecordingJobs() });
    const clock = new ManualClock();
    const { logger } = memoryLogger('warn');
    const lease = (await new JobLeases(rig.store, clock, logger, 'host#1#a', LEASE_MS).take('plan-x'))!;
    clock.advance(LEASE_MS * 0.8 - 1);
    expect(lease.fence.valid).toBe(true);
    clock.advance(1);
    expect(lease.fence.valid).toBe(false);
    clock.advance(-LEASE_MS);
    expect(lease.fence.valid).toBe(false);
    await lease.release();
  });

  it('job results write nothing once the run\'s fence has lapsed', async () => {
    rig = await jobRig({ users: 4 }, { jobs: new RecordingJobs() });
    const plan = { id: 'plan-fenced', requestedAt: '2026-11-02T09:00:00.000Z', items: [{ key: 'a' }, { key: 'b' }] } as unknown as Plan;
    const fence = { valid: true };
    const results = await new JobStore(rig.store).open(plan, async () => true, fence);
    results.set('a', { state: 'done' });
    await results.saved();
    fence.valid = false;
    results.set('b', { state: 'done' });
    await results.saved();
    expect((await new JobStore(rig.store).results(plan)).map((r) => r.state)).toEqual(['done', 'pending']);
  });
});
