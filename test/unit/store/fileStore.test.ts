import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConflictError } from '../../../services/errors.js';
import { FileStore } from '../../../services/store/fileStore.js';

describe('FileStore', () => {
  let dir: string;
  let store: FileStore;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'pmb-store-')); store = new FileStore(join(dir, 'data')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads back what it wrote, with a fresh eTag, and nothing for unknown keys', async () => {
    await store.write({ 'plan/1': { state: 'pending' } });
    const read = await store.read(['plan/1', 'plan/2']);
    expect(Object.keys(read)).toEqual(['plan/1']);
    expect(read['plan/1']).toMatchObject({ state: 'pending', eTag: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('writes with the current eTag and refuses a stale one with ConflictError', async () => {
    await store.write({ k: { n: 1 } });
    const first = (await store.read(['k'])).k!;
    await store.write({ k: { ...first, n: 2 } });
    await expect(store.write({ k: { ...first, n: 3 } })).rejects.toBeInstanceOf(ConflictError);
    expect((await store.read(['k'])).k).toMatchObject({ n: 2 });
  });

  it("lets exactly one of many concurrent compare-and-set writers win", async () => {
    await store.write({ k: { n: 0 } });
    const { eTag } = (await store.read(['k'])).k!;
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.write({ k: { n: i + 1, eTag } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConflictError)).toHaveLength(19);
  });

  it("treats eTag '*' or none as last writer wins, and refuses an eTag for a missing key", async () => {
    await store.write({ k: { n: 1, eTag: '*' } });
    await store.write({ k: { n: 2 } });
    expect((await store.read(['k'])).k).toMatchObject({ n: 2 });
    await expect(store.write({ missing: { eTag: 'abc' } })).rejects.toBeInstanceOf(ConflictError);
  });

  it('deletes, and keeps keys with slashes and dots inside its directory with no temp files left', async () => {
    await store.write({ '../../escape': { x: 1 }, 'snapshot/a.b': { y: 2 } });
    expect((await readdir(join(dir, 'data'))).sort()).toEqual(['%2E%2E%2F%2E%2E%2Fescape.json', 'snapshot%2Fa%2Eb.json']);
    await store.delete(['snapshot/a.b', 'never-written']);
    expect(await store.read(['snapshot/a.b'])).toEqual({});
    expect(await readdir(dir)).toEqual(['data']);
  });
});
