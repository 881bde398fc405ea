// The site map's rows, read by the identity map's reader: header, kinds, URLs, hosts, aliases, one-to-one,
// limits; and SiteMapFile's lenient load and all-or-nothing replacement.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  findSiteEntry, importSiteMap, SiteMapFile, siteMapHosts, STORED_SITE_MAP, type SiteMapLimits,
} from '../../../services/identityMap/siteMap.js';

const HEADER = 'Kind,SourceSiteUrl,TargetSiteUrl,SourceGroupAlias,TargetGroupAlias';
const SRC = 'https://contoso.sharepoint.com';
const TGT = 'https://fabrikam.sharepoint.com';
const site = (s: string, t: string) => `Site,${SRC}/sites/${s},${TGT}/sites/${t},,`;
const group = (s: string, t: string) => `Group,${SRC}/teams/${s},${TGT}/teams/${t},${s},${t}`;
const text = (...rows: string[]) => Readable.from([Buffer.from([HEADER, ...rows].join('\n'))]);

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'sitemap-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('importSiteMap: a valid file', () => {
  it('reads Site and Group rows (BOM, CRLF, any case, quoted fields, blank lines) and finds them by URL or alias', async () => {
    const csv = '\uFEFF' + [
      ' kind , sourcesiteurl,TARGETSITEURL,SourceGroupAlias,TargetGroupAlias',
      site('Finance', 'finance'),
      '',
      `group,"${SRC}/teams/Sales/",${TGT}/teams/sales-emea,Sales,Sales-EMEA`,
      `SITE,${SRC}/sites/hr,${TGT}/teams/hr,"",`,
    ].join('\r\n') + '\r\n';
    const result = await importSiteMap(Readable.from([Buffer.from(csv)]));
    expect(result).toMatchObject({ ok: true, sites: 2, groups: 1 });
    if (!result.ok) return;
    expect(result.map.entries.map((e) => [e.line, e.kind, e.sourceSiteUrl, e.targetSiteUrl, e.sourceAlias, e.targetAlias])).toEqual([
      [2, 'site', `${SRC}/sites/Finance`, `${TGT}/sites/finance`, undefined, undefined],
      [4, 'group', `${SRC}/teams/Sales/`, `${TGT}/teams/sales-emea`, 'Sales', 'Sales-EMEA'],
      [5, 'site', `${SRC}/sites/hr`, `${TGT}/teams/hr`, undefined, undefined],
    ]);
    const map = result.map;
    expect(findSiteEntry(map, 'HTTPS://CONTOSO.sharepoint.com:443/sites/finance/')?.line).toBe(2);
    expect(findSiteEntry(map, `${TGT}/teams/HR`)?.line).toBe(5);
    expect(findSiteEntry(map, 'sales')?.line).toBe(4);
    expect(findSiteEntry(map, 'SALES-emea')?.line).toBe(4);
    expect(findSiteEntry(map, `${SRC}/sites/nobody`)).toBeUndefined();
    // Built by hand (no indexes): the same answers by scanning.
    expect(findSiteEntry({ entries: map.entries, problems: [] }, `${SRC}/teams/sales`)?.line).toBe(4);
    expect(findSiteEntry({ entries: map.entries, problems: [] }, 'sales-emea')?.line).toBe(4);
  });

  it('a source alias may equal another group\'s target alias: the two tenants name groups apart', async () => {
    const result = await importSiteMap(text(group('hr', 'contoso-hr'), group('contoso-hr', 'hr')));
    expect(result).toMatchObject({ ok: true, groups: 2 });
  });
});

type Expected = { line: number; column?: string; reason: string };
async function problemsOf(rows: string[], limits: SiteMapLimits = {}, header = HEADER) {
  const result = await importSiteMap(Readable.from([Buffer.from([header, ...rows].join('\n'))]), limits);
  if (result.ok) throw new Error('expected the import to fail');
  return result;
}

describe('importSiteMap: bad rows, each named by line and column', () => {
  const good = site('ok', 'ok');
  const cases: [string, string, Expected][] = [
    ['unknown kind', `User,${SRC}/sites/a,${TGT}/sites/a,,`, { line: 3, column: 'Kind', reason: 'Kind must be Site or Group, not "User"' }],
    ['wrong column count', `Site,${SRC}/sites/a,${TGT}/sites/a`, { line: 3, reason: 'expected 5 columns, found 3' }],
    ['empty source', `Site,,${TGT}/sites/a,,`, { line: 3, column: 'SourceSiteUrl', reason: 'SourceSiteUrl is empty' }],
    ['plain http', `Site,http://contoso.sharepoint.com/sites/a,${TGT}/sites/a,,`, { line: 3, column: 'SourceSiteUrl', reason: 'SourceSiteUrl "http://contoso.sharepoint.com/sites/a" is not an https URL' }],
    ['not a URL', `Site,sites/a,${TGT}/sites/a,,`, { line: 3, column: 'SourceSiteUrl', reason: 'SourceSiteUrl "sites/a" is not an https URL' }],
    ['a OneDrive', `Site,https://contoso-my.sharepoint.com/personal/adele_contoso_com,${TGT}/sites/a,,`,
      { line: 3, column: 'SourceSiteUrl', reason: 'SourceSiteUrl "https://contoso-my.sharepoint.com/personal/adele_contoso_com" is a OneDrive URL: people\'s OneDrives go in the identity map, not the site map' }],
    ['the admin center', `Site,${SRC}/sites/a,https://fabrikam-admin.sharepoint.com/sites/a,,`, { line: 3, column: 'TargetSiteUrl', reason: 'TargetSiteUrl "https://fabrikam-admin.sharepoint.com/sites/a" is the SharePoint admin center, not a site' }],
    ['another host', `Site,${SRC}/sites/a,https://fabrikam.example.com/sites/a,,`, { line: 3, column: 'TargetSiteUrl', reason: 'TargetSiteUrl "https://fabrikam.example.com/sites/a" is not on a SharePoint Online host (<tenant>.sharepoint.com)' }],
    ['the tenant root', `Site,${SRC}/,${TGT}/sites/a,,`, { line: 3, column: 'SourceSiteUrl', reason: `SourceSiteUrl "${SRC}/" is the tenant's root site: every tenant has one and a site move needs a target that does not exist, so roots are not moved` }],
    ['a subsite', `Site,${SRC}/sites/a/team,${TGT}/sites/a,,`, { line: 3, column: 'SourceSiteUrl', reason: `SourceSiteUrl "${SRC}/sites/a/team" is not a site URL like https://<tenant>.sharepoint.com/sites/<name> or /teams/<name>` }],
    ['a query', `Site,${SRC}/sites/a?web=1,${TGT}/sites/a,,`, { line: 3, column: 'SourceSiteUrl', reason: `SourceSiteUrl "${SRC}/sites/a?web=1" is not a site URL (it has a query, a fragment or credentials)` }],
    ['an alias on a Site row', `Site,${SRC}/sites/a,${TGT}/sites/a,a,`, { line: 3, column: 'SourceGroupAlias', reason: 'SourceGroupAlias "a" must be empty on a Site row (a group site is a Group row)' }],
    ['a Group row without its target alias', `Group,${SRC}/teams/a,${TGT}/teams/a,a,`, { line: 3, column: 'TargetGroupAlias', reason: 'TargetGroupAlias is empty' }],
    ['an alias with a space', `Group,${SRC}/teams/a,${TGT}/teams/a,"a b",a`, { line: 3, column: 'SourceGroupAlias', reason: 'SourceGroupAlias "a b" is not a group alias (1-64 ASCII characters, no spaces)' }],
    ['an alias with an @', `Group,${SRC}/teams/a,${TGT}/teams/a,a@contoso,a`, { line: 3, column: 'SourceGroupAlias', reason: 'SourceGroupAlias "a@contoso" is not a group alias (no @ ( ) \\ / [ ] " \' ; : < > or commas)' }],
    ['an alias of 65 characters', `Group,${SRC}/teams/a,${TGT}/teams/a,${'a'.repeat(65)},a`, { line: 3, column: 'SourceGroupAlias', reason: `SourceGroupAlias "${'a'.repeat(60)}…" is not a group alias (1-64 ASCII characters, no spaces)` }],
    ['a target URL not ending in the target alias', `Group,${SRC}/teams/a,${TGT}/teams/a-new,a,a-old`, { line: 3, column: 'TargetSiteUrl', reason: `TargetSiteUrl "${TGT}/teams/a-new" must end in the target group's alias (…/a-old): the move fails otherwise` }],
    ['source and target on one host', `Site,${SRC}/sites/a,${SRC}/sites/b,,`, { line: 3, column: 'TargetSiteUrl', reason: `TargetSiteUrl "${SRC}/sites/b" is on the source's host (contoso.sharepoint.com): a cross-tenant move goes to the other tenant` }],
    ['a second source host', `Site,https://northwind.sharepoint.com/sites/a,${TGT}/sites/a,,`, { line: 3, column: 'SourceSiteUrl', reason: 'SourceSiteUrl "https://northwind.sharepoint.com/sites/a" is on northwind.sharepoint.com, but the source sites are on contoso.sharepoint.com (line 2): one map is for one pair of tenants' }],
    ['a second target host', `Site,${SRC}/sites/a,https://northwind.sharepoint.com/sites/a,,`, { line: 3, column: 'TargetSiteUrl', reason: 'TargetSiteUrl "https://northwind.sharepoint.com/sites/a" is on northwind.sharepoint.com, but the target sites are on fabrikam.sharepoint.com (line 2): one map is for one pair of tenants' }],
    ['a source URL mapped twice', `Site,${SRC}/SITES/OK/,${TGT}/sites/other,,`, { line: 3, column: 'SourceSiteUrl', reason: `SourceSiteUrl "${SRC}/SITES/OK/" is already mapped on line 2` }],
    ['a target URL mapped twice', `Site,${SRC}/sites/other,${TGT}/sites/Ok,,`, { line: 3, column: 'TargetSiteUrl', reason: `TargetSiteUrl "${TGT}/sites/Ok" is already mapped on line 2` }],
  ];
  it.each(cases)('%s', async (_name, row, expected) => {
    expect(await problemsOf([good, row])).toEqual({ ok: false, errors: [expected], errorCount: 1 });
  });

  it('a group alias mapped twice names the first line, on either side', async () => {
    expect((await problemsOf([group('sales', 'sales'), `Group,${SRC}/teams/sales2,${TGT}/teams/sales2,SALES,sales2`])).errors)
      .toEqual([{ line: 3, column: 'SourceGroupAlias', reason: 'SourceGroupAlias "SALES" is already mapped on line 2' }]);
    expect((await problemsOf([group('sales', 'sales'), `Group,${SRC}/teams/sales2,${TGT}/teams/sales/,sales2,Sales`])).errors)
      .toEqual([{ line: 3, column: 'TargetSiteUrl', reason: `TargetSiteUrl "${TGT}/teams/sales/" is already mapped on line 2` }]);
  });

  it('checks the hosts against the configured tenants when it knows them, and says when the columns look swapped', async () => {
    const hosts = siteMapHosts({ source: { adminUrl: 'https://contoso-admin.sharepoint.com' }, target: { adminUrl: 'https://Fabrikam-admin.sharepoint.com/' } });
    expect(siteMapHosts(undefined)).toBeUndefined();
    expect(hosts).toEqual({ source: 'contoso.sharepoint.com', target: 'fabrikam.sharepoint.com' });
    expect((await importSiteMap(text(site('a', 'a')), { hosts })).ok).toBe(true);
    expect((await problemsOf([`Site,https://northwind.sharepoint.com/sites/a,${TGT}/sites/a,,`], { hosts })).errors)
      .toEqual([{ line: 2, column: 'SourceSiteUrl', reason: 'SourceSiteUrl "https://northwind.sharepoint.com/sites/a" is not on the source tenant (contoso.sharepoint.com)' }]);
    expect((await problemsOf([`Site,${TGT}/sites/a,${SRC}/sites/a,,`], { hosts })).errors)
      .toEqual([{ line: 2, column: 'SourceSiteUrl', reason: `SourceSiteUrl "${TGT}/sites/a" is not on the source tenant (contoso.sharepoint.com): are the two URL columns swapped?` }]);
  });

  it('the first line must be the header', async () => {
    const result = await problemsOf([site('b', 'b')], {}, 'Kind,Source,Target,SourceAlias,TargetAlias');
    expect(result.errors).toEqual([{ line: 1, column: 'header', reason: `the first line must be the header ${HEADER}, not "Kind,Source,Target,SourceAlias,TargetAlias"` }]);
  });

  it('a file of no rows is refused, header or not', async () => {
    expect(await problemsOf([])).toEqual({ ok: false, errors: [{ line: 0, reason: 'the file has no rows' }], errorCount: 1 });
    expect(await importSiteMap(Readable.from([Buffer.from('\n\n')]))).toMatchObject({ ok: false, errors: [{ line: 0, reason: 'the file has no rows' }] });
  });
});

describe('importSiteMap: the identity map\'s limits', () => {
  const rows = Array.from({ length: 10 }, (_, i) => site(`s${i}`, `s${i}`));
  it('refuses more data rows than maxRows (the header is not one)', async () => {
    expect(await importSiteMap(text(...rows), { maxRows: 10 })).toMatchObject({ ok: true, sites: 10 });
    expect(await importSiteMap(text(...rows), { maxRows: 9 })).toMatchObject({ ok: false, errors: [{ line: 0, reason: 'the file has more than 9 rows (line 11); split it or raise the limit' }] });
  });
  it('refuses more bytes than maxBytes', async () => {
    expect(await importSiteMap(text(...rows), { maxBytes: 100 })).toMatchObject({ ok: false, errors: [{ line: 0, reason: 'the file is larger than 100 bytes' }] });
  });
  it('lists at most maxErrors problems and counts the rest', async () => {
    const bad = Array.from({ length: 30 }, (_, i) => `Site,${SRC}/sites/x${i},nope,,`);
    const result = await importSiteMap(text(...bad), { maxErrors: 5 });
    expect(result).toMatchObject({ ok: false, errorCount: 30 });
    if (!result.ok) expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('SiteMapFile', () => {
  const configuredMap = async (name: string, rows: string[]) => {
    const path = join(dir, name);
    await writeFile(path, [HEADER, ...rows].join('\n'));
    return path;
  };

  it('load keeps the good rows and lists the bad ones', async () => {
    const path = await configuredMap('mixed.csv', [site('a', 'a'), 'Site,x']);
    const map = await new SiteMapFile(path).load();
    expect(map.entries.map((e) => e.sourceSiteUrl)).toEqual([`${SRC}/sites/a`]);
    expect(map.problems).toEqual([{ line: 3, reason: 'expected 5 columns, found 2' }]);
    expect(await new SiteMapFile(undefined).load()).toEqual({ entries: [], problems: [] });
  });

  it('reads a configured file kept in the store directory under another name (the simulated tenants\' own map) as configured', async () => {
    const storeDir = join(dir, 'store-sandbox');
    await mkdir(storeDir, { recursive: true });
    const path = join(storeDir, 'sandbox-site-map.csv');
    await writeFile(path, [HEADER, group('team', 'team')].join('\n'));
    const file = new SiteMapFile(path, { storeDir });
    expect(file.origin).toBe('configured');
    expect(findSiteEntry(await file.load(), 'team')?.targetSiteUrl).toBe(`${TGT}/teams/team`);
  });

  it('a missing configured file is a configuration error naming SITE_MAP_PATH', async () => {
    const path = join(dir, 'nowhere.csv');
    await expect(new SiteMapFile(path).load()).rejects.toThrow(`The site map (SITE_MAP_PATH) cannot be read at ${path} (ENOENT).`);
  });

  it('replaces the map only with a file whose every row passed, and the import wins after a restart', async () => {
    const configured = await configuredMap('configured.csv', [site('a', 'a')]);
    const storeDir = join(dir, 'store');
    const file = new SiteMapFile(configured, { storeDir });
    expect(file.origin).toBe('configured');

    const bad = await file.replaceFrom(text(site('b', 'b'), `Site,${SRC}/sites/c,${SRC}/sites/c,,`));
    expect(bad.result).toMatchObject({ ok: false, errorCount: 1 });
    expect(file.origin).toBe('configured');
    expect(findSiteEntry(await file.load(), `${SRC}/sites/a`)).toBeDefined();
    expect(await readdir(storeDir)).toEqual([]);

    const good = await file.replaceFrom(text(site('b', 'b'), group('g', 'g')));
    expect(good).toMatchObject({ result: { ok: true, sites: 1, groups: 1 }, replaced: 'configured' });
    expect(file.origin).toBe('imported');
    expect((await file.load()).entries.map((e) => e.sourceSiteUrl)).toEqual([`${SRC}/sites/b`, `${SRC}/teams/g`]);
    expect(await readdir(storeDir)).toEqual([STORED_SITE_MAP]);

    const restarted = new SiteMapFile(configured, { storeDir });
    expect(restarted.origin).toBe('imported');
    expect(findSiteEntry(await restarted.load(), 'g')?.kind).toBe('group');
  });

  it('checks rows against the configured tenants\' hosts when given them', async () => {
    const file = new SiteMapFile(undefined, { storeDir: join(dir, 'store-hosts'), hosts: { source: 'northwind.sharepoint.com', target: 'fabrikam.sharepoint.com' } });
    const { result } = await file.replaceFrom(text(site('a', 'a')));
    expect(result).toMatchObject({ ok: false, errors: [{ line: 2, column: 'SourceSiteUrl' }] });
    expect(file.origin).toBe('none');
  });
});
