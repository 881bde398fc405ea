// The identity map is parsed once per change of its file: status, plans and the ledger all ask for it, and
// at 10,000 people a parse costs more than the answer. An edit still takes effect at the next ask.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdentityMapFile } from '../../../services/identityMap/identityMap.js';

const T = '0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const row = (s: string, t: string) => `User,${T},${s},${t},${t},Member`;

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'idmap-once-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('IdentityMapFile.load', () => {
  it('hands out the same parsed map while the file is unchanged, and a new one once it changes', async () => {
    const path = join(dir, 'map.csv');
    await writeFile(path, `${row('a@contoso.com', 'a@fabrikam.com')}\n`);
    const file = new IdentityMapFile(path);
    const [first, second] = await Promise.all([file.load(), file.load()]);
    const third = await file.load();
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first.users.map((u) => u.sourceUpn)).toEqual(['a@contoso.com']);

    await writeFile(path, `${row('a@contoso.com', 'a@fabrikam.com')}\n${row('b@contoso.com', 'b@fabrikam.com')}\n`);
    const edited = await file.load();
    expect(edited).not.toBe(first);
    expect(edited.users.map((u) => u.sourceUpn)).toEqual(['a@contoso.com', 'b@contoso.com']);
    expect(edited.version).not.toBe(first.version);
    expect(await file.load()).toBe(edited);
  });

  it('reads a same-size edit again when the modification time moved', async () => {
    const path = join(dir, 'same-size.csv');
    await writeFile(path, `${row('a@contoso.com', 'a@fabrikam.com')}\n`);
    const file = new IdentityMapFile(path);
    const before = await file.load();
    await writeFile(path, `${row('c@contoso.com', 'c@fabrikam.com')}\n`);
    await utimes(path, new Date(), new Date(Date.now() + 5_000));
    expect((await file.load()).users.map((u) => u.sourceUpn)).toEqual(['c@contoso.com']);
    expect(await file.load()).not.toBe(before);
  });

  it('says the map cannot be read when the file is gone, and reads it again once it is back', async () => {
    const path = join(dir, 'gone.csv');
    const file = new IdentityMapFile(path);
    await expect(file.load()).rejects.toMatchObject({ code: 'config' });
    await writeFile(path, `${row('d@contoso.com', 'd@fabrikam.com')}\n`);
    expect((await file.load()).users.map((u) => u.sourceUpn)).toEqual(['d@contoso.com']);
  });
});
