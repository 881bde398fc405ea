// The blob store and the blob audit log against Azurite: compare-and-set by ETag, create-only, and no lost
// update or audit entry when many writers (two "instances") go at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BlobAuditLog } from '../../services/audit/blobAuditLog.js';
import { ConflictError } from '../../services/errors.js';
import { IF_ABSENT, systemClock } from '../../services/ports.js';
import { openContainer } from '../../services/store/blobContainer.js';
import { BlobStore } from '../../services/store/blobStore.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { startFaultProxy } from '../helpers/faultProxy.js';

let azurite: Azurite;
let n = 0;
beforeAll(async () => { azurite = await startAzurite(); }, 30_000);
afterAll(() => azurite.close());
const fresh = async () => openContainer({ connectionString: azurite.connectionString }, `test-${Date.now()}-${n++}`);

describe('BlobStore', () => {
  it('reads back what it wrote with an ETag, and refuses a write carrying a stale one', async () => {
    const store = new BlobStore(await fresh());
    await store.write({ 'plan/p-1': { record: { state: 'pending' } } });
    const first = (await store.read(['plan/p-1', 'plan/missing']));
    expect(Object.keys(first)).toEqual(['plan/p-1']);
    expect(first['plan/p-1']).toMatchObject({ record: { state: 'pending' }, eTag: expect.any(String) });
    const eTag = first['plan/p-1']!.eTag!;
    await store.write({ 'plan/p-1': { record: { state: 'approved' }, eTag } });
    await expect(store.write({ 'plan/p-1': { record: { state: 'rejected' }, eTag } })).rejects.toBeInstanceOf(ConflictError);
    expect((await store.read(['plan/p-1']))['plan/p-1']!.record).toEqual({ state: 'approved' });
  });

  it('creates only when absent: of many first writers exactly one wins', async () => {
    const store = new BlobStore(await fresh());
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.write({ 'guidance/c/x@y.com': { who: i, eTag: IF_ABSENT } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
  });

  it('loses no update when two stores (instances) increment one counter by CAS at once', async () => {
    const container = await fresh();
    const instances = [new BlobStore(container), new BlobStore(await openContainer({ connectionString: azurite.connectionString }, container.containerName))];
    const increment = async (store: BlobStore) => {
      for (;;) {
        const item = (await store.read(['counter']))['counter'];
        try {
          await store.write({ counter: { value: ((item?.value as number | undefined) ?? 0) + 1, eTag: item?.eTag ?? IF_ABSENT } });
          return;
        } catch (err) { if (!(err instanceof ConflictError)) throw err; }
      }
    };
    await Promise.all(Array.from({ length: 40 }, (_, i) => increment(instances[i % 2]!)));
    expect((await instances[0]!.read(['counter']))['counter']!.value).toBe(40);
  }, 60_000);

  it('keeps keys apart whatever they contain, and deletes', async () => {
    const store = new BlobStore(await fresh());
    const keys = ['a/b', 'a%2Fb', '../x', 'guidance/c1/sean.o\'brien@contoso.com', 'é ü'];
    await store.write(Object.fromEntries(keys.map((k, i) => [k, { i }])));
    const read = await store.read(keys);
    expect(keys.map((k) => read[k]!.i)).toEqual([0, 1, 2, 3, 4]);
    await store.delete(['a/b', 'never-there']);
    expect(Object.keys(await store.read(keys))).toHaveLength(4);
  });
});

describe('BlobStore when a write lands but its answer is lost', () => {
  it('takes the retry finding its own write for success, and still refuses a real conflict', async () => {
    const name = `lost-${Date.now()}`;
    const direct = new BlobStore(await openContainer({ connectionString: azurite.connectionString }, name));
    // Only the next write's first try loses its answer; its retry gets through.
    let spoil = 0;
    const proxy = await startFaultProxy({ target: `http://127.0.0.1:${azurite.port}`, kinds: ['lost-answer'], rate: 1, applies: (req) => req.method === 'PUT' && spoil-- > 0 });
    try {
      const spoilt = new BlobStore(await openContainer({ connectionString: azurite.connectionString.replace(`127.0.0.1:${azurite.port}/`, `127.0.0.1:${proxy.port}/`) }, name));
      spoil = 1;
      // Create-only: the first try creates the blob, its answer is cut; the retry meets its own blob.
      const created = (await spoilt.write({ k: { n: 1, eTag: IF_ABSENT } })).k!;
      expect((await direct.read(['k'])).k).toEqual({ n: 1, eTag: created });
      spoil = 1;
      // Compare-and-set: the same, with If-Match.
      const changed = (await spoilt.write({ k: { n: 2, eTag: created } })).k!;
      expect(proxy.counts['lost-answer']).toBe(2);
      expect((await direct.read(['k'])).k).toEqual({ n: 2, eTag: changed });
      // Someone else's change since is still a conflict.
      await direct.write({ k: { n: 3 } });
      await expect(spoilt.write({ k: { n: 4, eTag: changed } })).rejects.toBeInstanceOf(ConflictError);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

describe('BlobAuditLog', () => {
  it('two instances appending at once lose no entry, and latest(n) reads them back in order', async () => {
    const container = await fresh();
    const logs = [new BlobAuditLog(container, systemClock), new BlobAuditLog(container, systemClock)];
    await Promise.all(Array.from({ length: 200 }, (_, i) => logs[i % 2]!.append({ event: 'item.done', detail: { i, token: 'ey-secret' } })));
    const entries = await logs[0]!.latest(500);
    expect(entries).toHaveLength(200);
    expect(new Set(entries.map((e) => (e.detail as { i: number }).i)).size).toBe(200);
    expect(JSON.stringify(entries)).not.toContain('ey-secret');
    // In order: five more appended one after another (by both instances) come back last, oldest first.
    for (let i = 200; i < 205; i++) await logs[i % 2]!.append({ event: 'item.done', detail: { i } });
    expect((await logs[1]!.latest(5)).map((e) => (e.detail as { i: number }).i)).toEqual([200, 201, 202, 203, 204]);
  }, 60_000);

  it('reads an entry whose append landed twice (a retry after a lost answer) once', async () => {
    const container = await fresh();
    const log = new BlobAuditLog(container, systemClock);
    await log.append({ event: 'plan.approved', planId: 'p-1' });
    // What the storage client's retry does when the first try landed but its answer was lost: the same
    // block body again.
    const [name] = await (async () => { const n: string[] = []; for await (const b of container.listBlobsFlat({ prefix: 'audit/' })) n.push(b.name); return n; })();
    const blob = container.getAppendBlobClient(name!);
    const stored = (await blob.downloadToBuffer()).toString('utf8');
    await blob.appendBlock(stored, Buffer.byteLength(stored));
    await log.append({ event: 'plan.finished', planId: 'p-1' });
    expect((await blob.downloadToBuffer()).toString('utf8').split('\n').filter(Boolean)).toHaveLength(3);
    expect((await log.latest(10)).map((e) => e.event)).toEqual(['plan.approved', 'plan.finished']);
  }, 30_000);
});
