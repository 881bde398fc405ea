// An admin attaches the identity-map CSV in the personal chat: the real bot downloads it from the
// simulated tenants' chat-file route (the link Teams would hand it) and imports it all or nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callerOf } from '../../bot/identity.js';
import { FILE_DOWNLOAD_INFO, handleIdentityMapUpload } from '../../bot/identityMapUpload.js';
import { createFileDownloader } from '../../services/tenants/fileDownload.js';
import { createTransport } from '../../services/tenants/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { IdentityMapFile, STORED_IDENTITY_MAP } from '../../services/identityMap/identityMap.js';
import { message, type Person } from '../helpers/activities.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';
import { cardText } from '../helpers/cards.js';

const ADMIN_UPN = 'avery.admin@fabrikam.com';
const MY_HOST = 'fabrikam-my.sharepoint.com';
const RENAMED = 'renamed.person@fabrikam.com';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness(); });
afterAll(() => h.close());

type Link = { downloadUrl: string; uniqueId: string };

function fileMessage(link: Link, options: { from?: Person; name?: string; fileType?: string; groupChat?: boolean } = {}): Partial<Activity> {
  const activity = message('', options.from ?? SANDBOX_PEOPLE.admin, h.inTenant);
  if (options.groupChat) activity.conversation = { ...activity.conversation!, id: '19:migration-team@thread.v2', conversationType: 'groupChat', isGroup: true };
  activity.attachments = [{
    contentType: FILE_DOWNLOAD_INFO, name: options.name ?? 'map.csv',
    content: { downloadUrl: link.downloadUrl, uniqueId: link.uniqueId, fileType: options.fileType ?? 'csv' },
  }];
  return activity;
}

async function send(activity: Partial<Activity>): Promise<string> {
  const replies = await h.turn(activity);
  expect(replies).toHaveLength(1);
  return cardText(cardOf(replies[0]));
}

const upload = (csv: string, options: Parameters<typeof fileMessage>[1] = {}) =>
  send(fileMessage(h.env.sandbox.putChatFile(ADMIN_UPN, options.name ?? 'map.csv', csv), options));

const myHostRequests = () => h.env.sandbox.stats().byHost[MY_HOST] ?? 0;
const latestAudit = async () => (await h.services.audit.latest(1))[0]!;
const storedMap = () => join(h.env.dir, 'store', STORED_IDENTITY_MAP);

/** The sandbox's own map with one person's target UPN changed and the last user row left out. */
function changedMap(): { csv: string; person: { sourceUpn: string; targetUpn: string } } {
  const lines = h.env.sandbox.identityMapCsv().trimEnd().split('\n');
  const person = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed' && !u.sourceUpn.includes("'"))!;
  const users = lines.filter((l) => l.startsWith('User,'));
  const kept = lines.filter((l) => l !== users.at(-1))
    .map((l) => (l.split(',')[2] === person.sourceUpn ? l.replaceAll(person.targetUpn, RENAMED) : l));
  return { csv: `${kept.join('\n')}\n`, person };
}

/** Bad rows of each kind among good ones: lines 2 to 6 are wrong, for five different reasons. */
function badMap(): string {
  const good = h.env.sandbox.identityMapCsv().trimEnd().split('\n').filter((l) => l.startsWith('User,'));
  const [first, second, third] = good.map((l) => l.split(','));
  const tenant = first![1];
  return [
    good[0],
    `User,${tenant},${second![2]},${second![3]}`,
    `User,${tenant},not-a-upn,${third![3]},${third![3]},Member`,
    `User,${tenant},${first![2]},someone.else@fabrikam.com,someone.else@fabrikam.com,Member`,
    `Person,${tenant},${third![2]},${third![3]},${third![3]},Member`,
    `User,${tenant},${third![2]},${third![3]},"",Member`,
    ...good.slice(3),
  ].join('\n');
}

describe('identity-map upload: refusals', () => {
  it('refuses someone who is not an admin, audited, and downloads nothing', async () => {
    const before = myHostRequests();
    const text = await upload('whatever', { from: SANDBOX_PEOPLE.user });
    expect(text).toContain('Sorry, this is for migration admins');
    expect(myHostRequests()).toBe(before);
    expect(await latestAudit()).toMatchObject({
      event: 'refused.identity-map-upload', actor: { id: SANDBOX_PEOPLE.user.aadObjectId }, detail: { reason: 'not-admin', fileName: 'map.csv' },
    });
  });

  it('refuses a file sent in a group chat, audited', async () => {
    const before = myHostRequests();
    const text = await upload(h.env.sandbox.identityMapCsv(), { groupChat: true });
    expect(text).toContain("I can't import that file");
    expect(text).toContain('Send the identity map or the site map in your personal chat with me.');
    expect(myHostRequests()).toBe(before);
    expect(await latestAudit()).toMatchObject({ event: 'refused.identity-map-upload', actor: { id: SANDBOX_PEOPLE.admin.aadObjectId }, detail: { reason: 'not-personal', conversationType: 'groupChat' } });
  });

  it('refuses a file that is not a CSV', async () => {
    const text = await upload('x', { name: 'map.xlsx', fileType: 'xlsx' });
    expect(text).toContain('map.xlsx is not a CSV file.');
    expect((await latestAudit()).detail).toMatchObject({ reason: 'not-csv' });
  });

  it.each([
    ['another host', 'https://files.example.com/personal/avery/_layouts/15/download.aspx?UniqueId=1&tempauth=t'],
    ['a look-alike host', 'https://fabrikam-my.sharepoint.com.example.net/download.aspx?tempauth=t'],
    ['plain http', `http://${MY_HOST}/personal/avery/_layouts/15/download.aspx?UniqueId=1&tempauth=t`],
    ['not a URL', 'download.aspx?tempauth=t'],
  ])('refuses a download link to %s without making any request', async (_name, downloadUrl) => {
    const before = h.env.sandbox.stats();
    const text = await send(fileMessage({ downloadUrl, uniqueId: '1' }));
    expect(text).toContain('does not point at SharePoint');
    const after = h.env.sandbox.stats();
    for (const host of ['files.example.com', 'fabrikam-my.sharepoint.com.example.net', MY_HOST]) expect(after.byHost[host]).toBe(before.byHost[host]);
    expect((await latestAudit())).toMatchObject({ event: 'refused.identity-map-upload', detail: { reason: 'untrusted-url' } });
  });
});

describe('identity-map upload: failed downloads change nothing', () => {
  it('a file that is not there (404) is a clear error', async () => {
    const link = h.env.sandbox.putChatFile(ADMIN_UPN, 'map.csv', h.env.sandbox.identityMapCsv());
    const downloadUrl = link.downloadUrl.replace(/UniqueId=[^&]+/, `UniqueId=${randomUUID()}`);
    const text = await send(fileMessage({ ...link, downloadUrl }));
    expect(text).toContain("I couldn't download the file");
    expect(text).toContain(`${MY_HOST} answered HTTP 404: the file is no longer in your OneDrive. Nothing was imported: the map in use is unchanged.`);
    expect(await latestAudit()).toMatchObject({ event: 'identity-map.download-failed', detail: { fileName: 'map.csv', failure: 'http', httpStatus: 404 } });
    expect(existsSync(storedMap())).toBe(false);
  });

  it('a link whose tempauth SharePoint refuses (401) says the link expired', async () => {
    const link = h.env.sandbox.putChatFile(ADMIN_UPN, 'map.csv', h.env.sandbox.identityMapCsv());
    const text = await send(fileMessage({ ...link, downloadUrl: link.downloadUrl.replace(/tempauth=[^&]+/, 'tempauth=v1.forged') }));
    expect(text).toContain(`${MY_HOST} answered HTTP 401: Teams' download links expire after a while.`);
  });

  it('a connection reset is a clear error', async () => {
    h.env.sandbox.setFaults({ resetRate: 1, hosts: [MY_HOST] });
    try {
      const text = await upload(h.env.sandbox.identityMapCsv());
      expect(text).toContain("I couldn't download the file");
      expect(text).toMatch(new RegExp(`${MY_HOST} did not answer \\(\\w+\\)\\. Nothing was imported`));
    } finally {
      h.env.sandbox.setFaults({});
    }
    expect(existsSync(storedMap())).toBe(false);
  });
});

describe('identity-map upload: a download cut off part way', () => {
  let server: Server;
  afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

  it('is a download error, not a rejected file, and nothing is imported', async () => {
    // A real server standing where SharePoint would, sending half the file and then dropping the connection.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100000' });
      res.write(h.env.sandbox.identityMapCsv().slice(0, 500));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const services = { ...h.services, downloadFile: createFileDownloader(createTransport({ sandboxUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })) };
    const attachments = fileMessage({ downloadUrl: `https://${MY_HOST}/personal/avery_admin_fabrikam_com/_layouts/15/download.aspx?UniqueId=u&tempauth=t`, uniqueId: 'u' }).attachments!;
    const card = await handleIdentityMapUpload({ attachments, caller: callerOf(message('', SANDBOX_PEOPLE.admin, h.inTenant)), conversationType: 'personal' }, services);
    const text = cardText(card);
    expect(text).toContain("I couldn't download the file");
    expect(text).toMatch(/The download stopped part way \(\w+\)\. Nothing was imported/);
    expect(await latestAudit()).toMatchObject({ event: 'identity-map.download-failed', detail: { failure: 'interrupted' } });
    expect(existsSync(storedMap())).toBe(false);
  });

  it('a file over the size limit is rejected as too large, not taken for a broken download', async () => {
    const storeDir = join(h.env.dir, 'small-store');
    const services = { ...h.services, identityMap: new IdentityMapFile(h.env.identityMapPath, { storeDir, maxBytes: 1000 }) };
    const link = h.env.sandbox.putChatFile(ADMIN_UPN, 'map.csv', h.env.sandbox.identityMapCsv());
    const card = await handleIdentityMapUpload({ attachments: fileMessage(link).attachments!, caller: callerOf(message('', SANDBOX_PEOPLE.admin, h.inTenant)), conversationType: 'personal' }, services);
    expect(cardText(card)).toContain('Nothing was imported');
    expect(cardText(card)).toContain('File: the file is larger than 1000 bytes');
    expect(existsSync(join(storeDir, STORED_IDENTITY_MAP))).toBe(false);
  });
});

describe('identity-map upload: all or nothing', () => {
  it('rejects a file with bad rows, naming each line and why, and keeps the map in use', async () => {
    const text = await upload(badMap(), { name: 'bad-map.csv' });
    expect(text).toContain('Nothing was imported');
    expect(text).toContain('bad-map.csv: 5 problem(s).');
    expect(text).toContain('Line 2: expected 6 columns, found 4');
    expect(text).toContain('Line 3, SourceUserUpn: SourceUserUpn "not-a-upn" is not a UPN');
    expect(text).toMatch(/Line 4, SourceUserUpn: SourceUserUpn "[^"]+" is already mapped on line 1/);
    expect(text).toContain('Line 5, kind: the first column must be User or Group, not "Person"');
    expect(text).toContain('Line 6, TargetUserEmail: TargetUserEmail is empty');
    expect(text).not.toContain('more.');
    expect(await latestAudit()).toMatchObject({ event: 'identity-map.rejected', actor: { id: SANDBOX_PEOPLE.admin.aadObjectId }, detail: { fileName: 'bad-map.csv', errorCount: 5 } });
    expect(existsSync(storedMap())).toBe(false);
    expect(h.services.identityMap.origin).toBe('configured');
    const users = h.env.sandbox.scenario!.users;
    expect(await send(message('status', SANDBOX_PEOPLE.admin, h.inTenant))).toContain(`Moves (${users.length} people in the identity map)`);
  });

  it('shows at most 20 problems on the card, with how many more', async () => {
    const tenant = h.env.sandbox.source.tenantId;
    const rows = Array.from({ length: 30 }, (_, i) => `User,${tenant},bad${i},x${i}@fabrikam.com,x${i}@fabrikam.com,Member`);
    const text = await upload(rows.join('\n'));
    expect(text).toContain('map.csv: 30 problem(s).');
    expect(text).toContain('Line 20, SourceUserUpn');
    expect(text).not.toContain('Line 21,');
    expect(text).toContain('…and 10 more.');
  });

  it('imports a good file, and status and move status read the new map from then on', async () => {
    const { csv, person } = changedMap();
    const before = await send(message(`move status ${RENAMED}`, SANDBOX_PEOPLE.admin, h.inTenant));
    expect(before).toContain(`No move found for ${RENAMED}`);

    const text = await upload(csv, { name: 'identity-map-v2.csv' });
    const users = h.env.sandbox.scenario!.users.length - 1;
    expect(text).toContain('Identity map imported');
    expect(text).toContain('File: identity-map-v2.csv');
    expect(text).toContain(`Users: ${users}`);
    expect(text).toContain('Groups: 2');
    expect(text).toContain('Replaces: the IDENTITY_MAP_PATH file');
    expect(await latestAudit()).toMatchObject({
      event: 'identity-map.imported', actor: { id: SANDBOX_PEOPLE.admin.aadObjectId },
      detail: { fileName: 'identity-map-v2.csv', users, groups: 2, replaced: 'configured' },
    });

    const after = await send(message(`move status ${RENAMED}`, SANDBOX_PEOPLE.admin, h.inTenant));
    expect(after).toContain(`Source UPN: ${person.sourceUpn}`);
    expect(after).toContain(`Target UPN: ${RENAMED}`);
    expect(after).toContain('Status: completed');
    expect(await send(message('status', SANDBOX_PEOPLE.admin, h.inTenant))).toContain(`Moves (${users} people in the identity map)`);
    // After a restart the imported map still wins over IDENTITY_MAP_PATH.
    expect(new IdentityMapFile(h.env.identityMapPath, { storeDir: join(h.env.dir, 'store') }).origin).toBe('imported');
  });

  it('a bad file after an import leaves the imported map in use', async () => {
    expect(await upload(badMap())).toContain('Nothing was imported');
    expect(h.services.identityMap.origin).toBe('imported');
    expect(await send(message(`move status ${RENAMED}`, SANDBOX_PEOPLE.admin, h.inTenant))).toContain(`Target UPN: ${RENAMED}`);
  });

  it('a second good file replaces the imported one', async () => {
    const text = await upload(h.env.sandbox.identityMapCsv());
    expect(text).toContain('Replaces: the map imported before');
    expect(await send(message(`move status ${RENAMED}`, SANDBOX_PEOPLE.admin, h.inTenant))).toContain(`No move found for ${RENAMED}`);
  });
});
