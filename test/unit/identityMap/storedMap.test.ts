// IdentityMapFile with a store directory: an imported map replaces the configured one, only when every
// row passed, and keeps winning after a restart.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { IdentityMapFile, STORED_IDENTITY_MAP } from '../../../services/identityMap/identityMap.js';

const T = '0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const row = (s: string, t: string) => `User,${T},${s},${t},${t},Member`;
const stream = (text: string) => Readable.from([Buffer.from(text)]);

let dir: string;
let configured: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idmap-store-'));
  configured = join(dir, 'configured.csv');
  await writeFile(configured, `${row('a@contoso.com', 'a@fabrikam.com')}\n`);
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('IdentityMapFile with a store directory', () => {
  it('reads IDENTITY_MAP_PATH while nothing was imported', async () => {
    const file = new IdentityMapFile(configured, { storeDir: join(dir, 'store1') });
    expect(file.origin).toBe('configured');
    expect((await file.load()).users.map((u) => u.sourceUpn)).toEqual(['a@contoso.com']);
  });

  it('a rejected file changes nothing and leaves no file behind', async () => {
    const storeDir = join(dir, 'store2');
    const file = new IdentityMapFile(configured, { storeDir });
    const { result } = await file.replaceFrom(stream(`${row('b@contoso.com', 'b@fabrikam.com')}\nUser,${T},bad\n`));
    expect(result).toMatchObject({ ok: false, errorCount: 1 });
    expect(file.origin).toBe('configured');
    expect((await file.load()).users.map((u) => u.sourceUpn)).toEqual(['a@contoso.com']);
    expect(await readdir(storeDir)).toEqual([]);
  });

  it('a good file replaces the map for load() and import(), and wins at the next start', async () => {
    const storeDir = join(dir, 'store3');
    const file = new IdentityMapFile(configured, { storeDir });
    const { result, replaced } = await file.replaceFrom(stream(`${row('b@contoso.com', 'b@fabrikam.com')}\n`));
    expect(result).toMatchObject({ ok: true, users: 1, groups: 0 });
    expect(replaced).toBe('configured');
    expect(file.origin).toBe('imported');
    expect((await file.load()).users.map((u) => u.sourceUpn)).toEqual(['b@contoso.com']);
    expect(await file.import()).toMatchObject({ ok: true, users: 1 });
    expect(await readdir(storeDir)).toEqual([STORED_IDENTITY_MAP]);

    const restarted = new IdentityMapFile(configured, { storeDir });
    expect(restarted.origin).toBe('imported');
    expect((await restarted.load()).users.map((u) => u.sourceUpn)).toEqual(['b@contoso.com']);
    const again = await restarted.replaceFrom(stream(`${row('c@contoso.com', 'c@fabrikam.com')}\n`));
    expect(again.replaced).toBe('imported');
    expect((await restarted.load()).users.map((u) => u.sourceUpn)).toEqual(['c@contoso.com']);
  });

  it('imports with no IDENTITY_MAP_PATH at all', async () => {
    const file = new IdentityMapFile(undefined, { storeDir: join(dir, 'store4') });
    expect(file.configured).toBe(false);
    const { replaced } = await file.replaceFrom(stream(`${row('d@contoso.com', 'd@fabrikam.com')}\n`));
    expect(replaced).toBe('none');
    expect(file.configured).toBe(true);
  });

  it('the size limit still applies to an import', async () => {
    const file = new IdentityMapFile(configured, { storeDir: join(dir, 'store5'), maxBytes: 10 });
    const { result } = await file.replaceFrom(stream(`${row('e@contoso.com', 'e@fabrikam.com')}\n`));
    expect(result).toMatchObject({ ok: false, errors: [{ line: 0, reason: 'the file is larger than 10 bytes' }] });
    expect(file.origin).toBe('configured');
  });

  it('without a store directory nothing can be imported', async () => {
    await expect(new IdentityMapFile(configured).replaceFrom(stream(''))).rejects.toThrow(/no store directory/);
  });
});
