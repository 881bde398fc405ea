import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  findByTarget, findUser, IdentityMapFile, importIdentityMap, saveIdentityMap,
} from '../../../services/identityMap/identityMap.js';

const T = '0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const G1 = '11111111-1111-4111-8111-111111111111';
const G2 = '22222222-2222-4222-8222-222222222222';
const user = (s: string, t: string, type = 'Member') => `User,${T},${s},${t},${t},${type}`;

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'idmap-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function file(name: string, text: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function errorsOf(lines: string[]) {
  const result = await importIdentityMap(await file(`bad-${Math.random()}.csv`, lines.join('\n')));
  if (result.ok) throw new Error('expected the import to fail');
  return result;
}

describe('importIdentityMap: a valid file', () => {
  it('reads users and counts groups: BOM, CRLF, quoted fields, apostrophe UPN, blank lines, any case', async () => {
    const text = '\uFEFF' + [
      user('adele@contoso.com', 'adele@fabrikam.com'),
      `Group,${T},${G1},${G2},"Sales, ""EMEA""",Unified`,
      '',
      `  user , ${T} ,"sean.o'brien@contoso.com",sean.obrien@fabrikam.com,"sean.obrien@fabrikam.com",guest`,
      '   ',
      user('Megan@Contoso.com', 'megan@fabrikam.com'),
    ].join('\r\n') + '\r\n';
    const result = await importIdentityMap(await file('valid.csv', text));
    expect(result).toMatchObject({ ok: true, users: 3, groups: 1 });
    if (!result.ok) return;
    expect(result.map.users.map((u) => [u.line, u.sourceUpn, u.targetUpn, u.userType])).toEqual([
      [1, 'adele@contoso.com', 'adele@fabrikam.com', 'Member'],
      [4, "sean.o'brien@contoso.com", 'sean.obrien@fabrikam.com', 'Guest'],
      [6, 'Megan@Contoso.com', 'megan@fabrikam.com', 'Member'],
    ]);
    expect(result.map.users[0]!.sourceTenantCompanyId).toBe(T);
    expect(findUser(result.map, "SEAN.O'BRIEN@contoso.com")?.targetUpn).toBe('sean.obrien@fabrikam.com');
    expect(findUser(result.map, 'megan@FABRIKAM.com')?.sourceUpn).toBe('Megan@Contoso.com');
    expect(findByTarget(result.map, 'adele@contoso.com')).toBeUndefined();
  });

  it('reads LF files and a stream source the same way', async () => {
    const rows = [user('a@contoso.com', 'a@fabrikam.com'), user('b@contoso.com', 'b@fabrikam.com')];
    const fromFile = await importIdentityMap(await file('lf.csv', rows.join('\n')));
    // Chunks cut mid-row, as a download arrives.
    const text = rows.join('\n') + '\n';
    const chunks = [text.slice(0, 17), text.slice(17, 70), text.slice(70)].map((c) => Buffer.from(c));
    const fromStream = await importIdentityMap(Readable.from(chunks));
    async function* strings() { yield text.slice(0, 30); yield text.slice(30); }
    const fromIterable = await importIdentityMap(strings());
    for (const r of [fromFile, fromStream, fromIterable]) expect(r).toMatchObject({ ok: true, users: 2, groups: 0 });
  });
});

describe('importIdentityMap: bad rows', () => {
  const good = user('ok@contoso.com', 'ok@fabrikam.com');
  const cases: [string, string, { line: number; reason: string; column?: string }][] = [
    ['wrong column count', `User,${T},a@contoso.com,a@fabrikam.com`, { line: 2, reason: 'expected 6 columns, found 4' }],
    ['too many columns', `${user('a@contoso.com', 'a@fabrikam.com')},extra`, { line: 2, reason: 'expected 6 columns, found 7' }],
    ['unknown kind', `Person,${T},a@contoso.com,a@fabrikam.com,a@fabrikam.com,Member`, { line: 2, column: 'kind', reason: 'the first column must be User or Group, not "Person"' }],
    ['bad GUID', `User,0c7d1a2b,a@contoso.com,a@fabrikam.com,a@fabrikam.com,Member`, { line: 2, column: 'SourceTenantCompanyID', reason: 'SourceTenantCompanyID "0c7d1a2b" is not a GUID' }],
    ['bad source UPN', user('not-a-upn', 'a@fabrikam.com'), { line: 2, column: 'SourceUserUpn', reason: 'SourceUserUpn "not-a-upn" is not a UPN' }],
    ['bad target UPN', user('a@contoso.com', 'a b@fabrikam.com'), { line: 2, column: 'TargetUserUpn', reason: 'TargetUserUpn "a b@fabrikam.com" is not a UPN' }],
    ['bad user type', user('a@contoso.com', 'a@fabrikam.com', 'Admin'), { line: 2, column: 'UserType', reason: 'UserType "Admin" is not Member or Guest' }],
    ['duplicate source UPN', user('OK@contoso.com', 'other@fabrikam.com'), { line: 2, column: 'SourceUserUpn', reason: 'SourceUserUpn "OK@contoso.com" is already mapped on line 1' }],
    ['duplicate target UPN', user('other@contoso.com', 'Ok@Fabrikam.com'), { line: 2, column: 'TargetUserUpn', reason: 'TargetUserUpn "Ok@Fabrikam.com" is already mapped on line 1' }],
    ['empty field', `User,${T},a@contoso.com,a@fabrikam.com,"",Member`, { line: 2, column: 'TargetUserEmail', reason: 'TargetUserEmail is empty' }],
    ['bad group id', `Group,${T},${G1},nope,Sales,Unified`, { line: 2, column: 'TargetGroupObjectID', reason: 'TargetGroupObjectID "nope" is not a GUID' }],
  ];
  it.each(cases)('%s: reported with its line and reason, nothing imported', async (_name, row, expected) => {
    expect(await errorsOf([good, row])).toEqual({ ok: false, errors: [expected], errorCount: 1 });
  });

  it('truncates long values and reports every bad row in line order', async () => {
    const long = `${'x'.repeat(100)} y@contoso.com`;
    const result = await errorsOf([`Person,${T},a@contoso.com,a@fabrikam.com,a@fabrikam.com,Member`, user('b@contoso.com', 'b@fabrikam.com'), `User,${T},short`, user(long, 'c@fabrikam.com', 'x')]);
    expect(result.errorCount).toBe(3);
    expect(result.errors.map((e) => e.line)).toEqual([1, 3, 4]);
    expect(result.errors[2]!.reason).toBe(`SourceUserUpn "${'x'.repeat(60)}…" is not a UPN`);
  });

  it('lists at most maxErrors problems and counts the rest', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `User,bad,${i}@contoso.com,${i}@fabrikam.com,${i}@fabrikam.com,Member`);
    const result = await importIdentityMap(await file('many.csv', rows.join('\n')));
    expect(result).toMatchObject({ ok: false, errorCount: 250 });
    if (!result.ok) expect(result.errors.map((e) => e.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('an unclosed quote and an unreadable file are errors, not exceptions', async () => {
    const quote = await errorsOf([good, `User,${T},"a@contoso.com,a@fabrikam.com,a@fabrikam.com,Member`]);
    expect(quote.errors[0]!.reason).toMatch(/quote/i);
    expect(await importIdentityMap(join(dir, 'missing.csv'))).toEqual({ ok: false, errors: [{ line: 0, reason: 'the identity map cannot be read (ENOENT)' }], errorCount: 1 });
    expect(await importIdentityMap(await file('empty.csv', '\n\n'))).toMatchObject({ ok: false, errors: [{ line: 0, reason: 'the file has no rows' }] });
  });
});

describe('importIdentityMap: limits', () => {
  const rows = Array.from({ length: 10 }, (_, i) => user(`u${i}@contoso.com`, `u${i}@fabrikam.com`)).join('\n');
  it('refuses more rows than maxRows', async () => {
    const result = await importIdentityMap(await file('rows.csv', rows), { maxRows: 9 });
    expect(result).toMatchObject({ ok: false, errors: [{ line: 0, reason: 'the file has more than 9 rows (line 10); split it or raise the limit' }] });
  });
  it('refuses more bytes than maxBytes, from a stream too', async () => {
    const result = await importIdentityMap(Readable.from([Buffer.from(rows)]), { maxBytes: 100 });
    expect(result).toMatchObject({ ok: false, errors: [{ line: 0, reason: 'the file is larger than 100 bytes' }] });
    expect(await importIdentityMap(Readable.from([Buffer.from(rows)]), { maxBytes: rows.length })).toMatchObject({ ok: true, users: 10 });
  });
});

describe('saveIdentityMap', () => {
  it('replaces the stored map only when the whole file is valid, leaving no temp files', async () => {
    const store = join(dir, 'store');
    const first = [user('a@contoso.com', 'a@fabrikam.com'), user('b@contoso.com', 'b@fabrikam.com')].join('\n');
    const saved = await saveIdentityMap(store, Readable.from([Buffer.from(first)]));
    expect(saved.result).toMatchObject({ ok: true, users: 2 });
    expect(await readFile(saved.path, 'utf8')).toBe(first);

    const bad = await saveIdentityMap(store, Readable.from([Buffer.from(`${user('c@contoso.com', 'c@fabrikam.com')}\nUser,nope`)]));
    expect(bad.result).toMatchObject({ ok: false, errorCount: 1 });
    expect(await readFile(saved.path, 'utf8')).toBe(first);
    expect(await readdir(store)).toEqual(['identity-map.csv']);

    const map = await new IdentityMapFile(saved.path).load();
    expect(map.users.map((u) => u.sourceUpn)).toEqual(['a@contoso.com', 'b@contoso.com']);
  });
});

describe('IdentityMapFile', () => {
  it('load keeps the good rows and lists the bad; import is all or nothing', async () => {
    const path = await file('mixed.csv', [user('a@contoso.com', 'a@fabrikam.com'), 'User,x'].join('\n'));
    const mapFile = new IdentityMapFile(path);
    const map = await mapFile.load();
    expect(map.users).toHaveLength(1);
    expect(map.problems).toEqual([{ line: 2, reason: 'expected 6 columns, found 2' }]);
    expect(await mapFile.import()).toMatchObject({ ok: false, errorCount: 1 });
  });
  it('a missing file is a configuration error naming the path', async () => {
    const path = join(dir, 'nowhere.csv');
    await expect(new IdentityMapFile(path).load()).rejects.toThrow(`The identity map (IDENTITY_MAP_PATH) cannot be read at ${path} (ENOENT).`);
    expect(await new IdentityMapFile(undefined).load()).toEqual({ users: [], problems: [] });
  });
});
