// Azure Blob Storage (Azurite) behind the fault proxy: a seeded 10% of storage requests answered 429 or
// 503 with Retry-After, reset, or held past the per-try deadline. The store, the audit log and a whole
// redirect-removal job on that storage still finish, each site removed once and every audit entry kept.
// Then storage stays down (503, resets, or no answer at all): each operation ends with a clear error
// within a bounded time instead of the SDK's default minutes of retries or a hang.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { BlobAuditLog } from '../../services/audit/blobAuditLog.js';
import { UnreachableError } from '../../services/errors.js';
import { systemClock } from '../../services/ports.js';
import { openContainer, type StorageRetry } from '../../services/store/blobContainer.js';
import { BlobStore } from '../../services/store/blobStore.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { startFaultProxy, type DownMode, type FaultProxy } from '../helpers/faultProxy.js';
import { changesOf, chatAddress, jobRig, norm, people, type JobRig } from '../jobs/rig.js';

/** The product's retry shape, shortened: a held answer (3 s) is given up on after 1 s. */
const RETRY: Partial<StorageRetry> = { maxTries: 8, retryDelayMs: 20, maxRetryDelayMs: 200, tryTimeoutMs: 1_000 };

let azurite: Azurite;
let proxy: FaultProxy;
let rig: JobRig | undefined;
let n = 0;
beforeAll(async () => { azurite = await startAzurite(); }, 30_000);
afterAll(() => azurite.close());
afterEach(async () => { await rig?.close(); rig = undefined; await proxy?.close(); });

/** The connection string with the blob endpoint moved to the proxy. */
const through = (p: FaultProxy) => azurite.connectionString.replace(`127.0.0.1:${azurite.port}/`, `127.0.0.1:${p.port}/`);
const open = async (p: FaultProxy, retry: Partial<StorageRetry> = RETRY) => openContainer({ connectionString: through(p) }, `faults-${Date.now()}-${n++}`, retry);

describe('shared storage at 10% faults', () => {
  it('a redirect-removal job on Azure Blob Storage completes, each site once, every audit entry kept', async () => {
    proxy = await startFaultProxy({ target: `http://127.0.0.1:${azurite.port}`, seed: 17, retryAfterSeconds: 1, holdMs: 3_000 });
    const container = await open(proxy);
    const store = new BlobStore(container);
    const audit = new BlobAuditLog(container, systemClock);
    rig = await jobRig({ users: 150, seed: 3 }, { concurrency: 16, storage: { store, audit } });
    const plan = await rig.planners.removeRedirects({ side: 'source', scope: { kind: 'all' }, unlock: true, purge: false }, people.alice);
    await rig.approvals.request(plan, chatAddress);
    // Faults from here on: the whole job runs on spoilt storage.
    proxy.set({ rate: 0.1 });
    await rig.approvals.approve(plan.id, plan.hash, people.bob);
    await rig.runner.idle();
    proxy.set({ rate: 0 });
    const held = norm(rig.sandbox.scenario!.heldRedirectUrl!);
    const results = await rig.approvals.results(plan.id);
    expect(plan.items.filter((item, i) => norm(item.label) !== held && results[i]!.state !== 'done')).toEqual([]);
    expect(changesOf(rig.sandbox, 'RemoveSite').sort()).toEqual(plan.items.map((i) => norm(i.label)).filter((u) => u !== held).sort());
    expect((await rig.approvals.get(plan.id))!.state).toBe('partly-failed');
    // No audit entry is lost. An append whose answer never came is sent again, and when the first one had
    // landed the line is stored twice: the reader shows each entry's id once (exactly once as read).
    // Every entry of this plan exactly once: its request, approval, start and finish, and one result per item.
    const entries = (await audit.latest(10_000)).filter((e) => e.planId === plan.id);
    const tally = new Map<string, number>();
    for (const e of entries) {
      const id = e.event.startsWith('item.') ? `${e.event} ${(e.detail as { key: string }).key}` : e.event;
      tally.set(id, (tally.get(id) ?? 0) + 1);
    }
    const heldKey = plan.items.find((i) => norm(i.label) === held)!.key;
    const expected = new Map<string, number>([
      ['plan.requested', 1], ['plan.approved', 1], ['plan.started', 1], ['plan.finished', 1], [`item.failed ${heldKey}`, 1],
      ...plan.items.filter((i) => i.key !== heldKey).map((i) => [`item.done ${i.key}`, 1] as [string, number]),
    ]);
    expect(new Map([...tally].sort())).toEqual(new Map([...expected].sort()));
    const repeatedAuditEntries = entries.length - tally.size;
    for (const kind of ['throttle', 'unavailable', 'reset', 'timeout'] as const) expect(proxy.counts[kind]).toBeGreaterThan(0);
    if (process.env.FAULT_FIGURES) process.stdout.write(`storage 10%: ${JSON.stringify({ items: plan.items.length, repeatedAuditEntries, ...proxy.counts })}\n`);
  }, 90_000);
});

describe('shared storage that stays down', () => {
  it.each(['unavailable', 'reset', 'blackhole'] as DownMode[])('%s: reads, writes and audit appends fail with a reason within a bounded time', async (mode) => {
    proxy = await startFaultProxy({ target: `http://127.0.0.1:${azurite.port}` });
    // The product's own retry settings here, but a 1 s deadline per try so the black hole takes seconds.
    const container = await open(proxy, { tryTimeoutMs: 1_000 });
    const store = new BlobStore(container);
    const audit = new BlobAuditLog(container, systemClock);
    await store.write({ 'plan/p-1': { n: 1 } });
    proxy.down(mode);
    const started = Date.now();
    const failures = await Promise.all([
      store.read(['plan/p-1']).then(() => null, (e: unknown) => e),
      store.write({ 'plan/p-2': { n: 2 } }).then(() => null, (e: unknown) => e),
      audit.append({ event: 'item.done' }).then(() => null, (e: unknown) => e),
    ]);
    const elapsed = Date.now() - started;
    expect(failures[0]).toBeInstanceOf(UnreachableError);
    expect(failures[1]).toBeInstanceOf(UnreachableError);
    expect((failures[0] as UnreachableError).userMessage).toMatch(/Azure Blob Storage/);
    expect(failures[2]).toBeInstanceOf(UnreachableError);
    expect((failures[2] as UnreachableError).userMessage).toMatch(/Azure Blob Storage/);
    // 5 tries of at most 1 s and pauses of 0.5 + 1.5 + 3.5 + 4 s: bounded, where the SDK's defaults never timed a try out.
    expect(elapsed).toBeLessThan(25_000);
    proxy.up();
    expect((await store.read(['plan/p-1']))['plan/p-1']!.n).toBe(1);
  }, 40_000);
});
