// An admin attaches the site map in the personal chat: the real bot downloads it from the simulated tenants'
// chat-file route, tells it from an identity map by its header, and imports it all or nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { FILE_DOWNLOAD_INFO } from '../../bot/identityMapUpload.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { STORED_IDENTITY_MAP } from '../../services/identityMap/identityMap.js';
import { findSiteEntry, STORED_SITE_MAP } from '../../services/identityMap/siteMap.js';
import { message, type Person } from '../helpers/activities.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';
import { cardText } from '../helpers/cards.js';

const ADMIN_UPN = 'avery.admin@fabrikam.com';
const MY_HOST = 'fabrikam-my.sharepoint.com';
const HEADER = 'Kind,SourceSiteUrl,TargetSiteUrl,SourceGroupAlias,TargetGroupAlias';

let h: BotHarness;
let src: string;
let tgt: string;
beforeAll(async () => {
  h = await startBotHarness();
  src = `https://${h.env.sandbox.source.name}.sharepoint.com`;
  tgt = `https://${h.env.sandbox.target.name}.sharepoint.com`;
});
afterAll(() => h.close());

const site = (s: string, t = s) => `Site,${src}/sites/${s},${tgt}/sites/${t},,`;
const group = (s: string, t = s) => `Group,${src}/teams/${s},${tgt}/teams/${t},${s},${t}`;
const siteMap = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

function fileMessage(csv: string, options: { from?: Person; name?: string; groupChat?: boolean } = {}): Partial<Activity> {
  const name = options.name ?? 'sites.csv';
  const link = h.env.sandbox.putChatFile(ADMIN_UPN, name, csv);
  const activity = message('', options.from ?? SANDBOX_PEOPLE.admin, h.inTenant);
  if (options.groupChat) activity.conversation = { ...activity.conversation!, id: '19:migration-team@thread.v2', conversationType: 'groupChat', isGroup: true };
  activity.attachments = [{ contentType: FILE_DOWNLOAD_INFO, name, content: { downloadUrl: link.downloadUrl, uniqueId: link.uniqueId, fileType: 'csv' } }];
  return activity;
}

async function upload(csv: string, options: Parameters<typeof fileMessage>[1] = {}): Promise<string> {
  const replies = await h.turn(fileMessage(csv, options));
  expect(replies).toHaveLength(1);
  return cardText(cardOf(replies[0]));
}

const myHostRequests = () => h.env.sandbox.stats().byHost[MY_HOST] ?? 0;
const latestAudit = async () => (await h.services.audit.latest(1))[0]!;
const stored = (name: string) => join(h.env.dir, 'store', name);

describe('site-map upload: refusals, as for the identity map', () => {
  it('refuses someone who is not an admin, audited, and downloads nothing', async () => {
    const before = myHostRequests();
    const text = await upload(siteMap(site('finance')), { from: SANDBOX_PEOPLE.user });
    expect(text).toContain('Sorry, this is for migration admins');
    expect(myHostRequests()).toBe(before);
    expect(await latestAudit()).toMatchObject({ event: 'refused.identity-map-upload', actor: { id: SANDBOX_PEOPLE.user.aadObjectId }, detail: { reason: 'not-admin', fileName: 'sites.csv' } });
    expect(existsSync(stored(STORED_SITE_MAP))).toBe(false);
  });

  it('refuses a site map sent in a group chat, audited, and downloads nothing', async () => {
    const before = myHostRequests();
    const text = await upload(siteMap(site('finance')), { groupChat: true });
    expect(text).toContain('Send the identity map or the site map in your personal chat with me.');
    expect(myHostRequests()).toBe(before);
    expect(await latestAudit()).toMatchObject({ event: 'refused.identity-map-upload', detail: { reason: 'not-personal', conversationType: 'groupChat' } });
  });
});

describe('site-map upload: all or nothing', () => {
  it('rejects a site map with bad rows, naming each line and column, and imports nothing', async () => {
    const text = await upload(siteMap(
      site('finance'),
      `Site,https://${h.env.sandbox.source.name}-my.sharepoint.com/personal/adele,${tgt}/sites/adele,,`,
      group('sales', 'sales-new').replace(/,sales-new$/, ',sales-old'),
      site('finance', 'finance2'),
      `Site,${tgt}/sites/hr,${src}/sites/hr,,`,
    ), { name: 'bad-sites.csv' });
    expect(text).toContain('Nothing was imported');
    expect(text).toContain('bad-sites.csv: 4 problem(s). A site map is imported only when every row is right, so the site map in use is unchanged.');
    expect(text).toContain("Line 3, SourceSiteUrl: SourceSiteUrl \"https://contoso-my.sharepoint.com/personal/adele\" is a OneDrive URL: people's OneDrives go in the identity map, not the site map");
    expect(text).toContain(`Line 4, TargetSiteUrl: TargetSiteUrl "${tgt}/teams/sales-new" must end in the target group's alias (…/sales-old)`);
    expect(text).toContain(`Line 5, SourceSiteUrl: SourceSiteUrl "${src}/sites/finance" is already mapped on line 2`);
    expect(text).toContain(`Line 6, SourceSiteUrl: SourceSiteUrl "${tgt}/sites/hr" is not on the source tenant (contoso.sharepoint.com): are the two URL columns swapped?`);
    expect(text).not.toContain('takes no header line');
    expect(await latestAudit()).toMatchObject({ event: 'site-map.rejected', actor: { id: SANDBOX_PEOPLE.admin.aadObjectId }, detail: { fileName: 'bad-sites.csv', errorCount: 4 } });
    expect(existsSync(stored(STORED_SITE_MAP))).toBe(false);
    expect(h.services.siteMap.origin).toBe('none');
    expect(await h.services.siteMap.load()).toEqual({ entries: [], problems: [] });
  });

  it('a header with no rows is refused', async () => {
    const text = await upload(siteMap());
    expect(text).toContain('File: the file has no rows');
    expect((await latestAudit()).event).toBe('site-map.rejected');
  });

  it('imports a good site map, counting sites and group sites, and leaves the identity map alone', async () => {
    const text = await upload(siteMap(site('finance'), site('legal'), group('sales')), { name: 'sites-v1.csv' });
    expect(text).toContain('Site map imported');
    expect(text).toContain('File: sites-v1.csv\nSites: 2\nGroup sites: 1\nReplaces: nothing (no map was set)');
    expect(await latestAudit()).toMatchObject({
      event: 'site-map.imported', actor: { id: SANDBOX_PEOPLE.admin.aadObjectId },
      detail: { fileName: 'sites-v1.csv', sites: 2, groups: 1, replaced: 'none' },
    });
    expect(h.services.siteMap.origin).toBe('imported');
    expect(findSiteEntry(await h.services.siteMap.load(), `${tgt}/teams/sales`)).toMatchObject({ kind: 'group', sourceAlias: 'sales', line: 4 });
    expect(h.services.identityMap.origin).toBe('configured');
    expect(existsSync(stored(STORED_IDENTITY_MAP))).toBe(false);
  });

  it('a bad site map after an import leaves the imported one in use', async () => {
    expect(await upload(siteMap(site('finance'), `Site,${src}/sites/x,${src}/sites/y,,`))).toContain('Nothing was imported');
    const map = await h.services.siteMap.load();
    expect(map.entries.map((e) => e.sourceSiteUrl)).toEqual([`${src}/sites/finance`, `${src}/sites/legal`, `${src}/teams/sales`]);
  });

  it('an identity map sent next still goes to the identity map, and the site map stays', async () => {
    const text = await upload(h.env.sandbox.identityMapCsv(), { name: 'identity.csv' });
    expect(text).toContain('Identity map imported');
    expect((await latestAudit()).event).toBe('identity-map.imported');
    expect(h.services.identityMap.origin).toBe('imported');
    expect((await h.services.siteMap.load()).entries).toHaveLength(3);
  });

  it('a second good site map replaces the imported one', async () => {
    const text = await upload(siteMap(site('archive')));
    expect(text).toContain('Replaces: the map imported before');
    const map = await h.services.siteMap.load();
    expect(map.entries.map((e) => e.sourceSiteUrl)).toEqual([`${src}/sites/archive`]);
    expect(findSiteEntry(map, 'sales')).toBeUndefined();
  });
});
