// Lists as files over HTTP, against the simulated tenants: `export …` in the personal chat answers with
// what the file holds and Teams' file consent card; accepting it as Teams does (fileConsent/invoke with the
// uploadInfo of an upload session in the person's OneDrive) uploads the CSV there and posts the file info
// card; its rows are the rows the matching command shows. Declining, another person's click and a group
// chat or channel are covered too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { inWords, onDay, when } from '../../cards/readable.js';
import { FILE_CONSENT_CARD, FILE_INFO_CARD } from '../../cards/exports.js';
import { GUIDANCE_CAMPAIGN } from '../../services/guidance/campaign.js';
import { RecipientStore } from '../../services/guidance/recipientStore.js';
import type { SandboxHandle } from '../../services/sandbox/index.js';
import { FileStore } from '../../services/store/fileStore.js';
import { fileConsent, message, type Person } from '../helpers/activities.js';
import { answerTo, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { cardText, cardTexts, executeActions } from '../helpers/cards.js';
import type { ConnectorCall } from '../helpers/recordingConnector.js';

const ADMIN = SANDBOX_PEOPLE.admin;
/** Where Teams keeps the admin's OneDrive in the rehearsal (the target tenant). */
const ADMIN_UPN = 'avery.admin@fabrikam.com';

let h: ApprovalBot;
let sandbox: SandboxHandle;
beforeAll(async () => {
  h = await startApprovalBot();
  sandbox = h.bot.sandbox!;
});
afterAll(async () => { await h.close(); });

let nextId = 0;
const attachmentOf = (c: ConnectorCall) => c.activity.attachments?.[0];

/** The answer card of a command: the reply, or what replaced its reading card. */
async function answer(text: string, from: Person = ADMIN, o: { conversationType?: string } = {}): Promise<Record<string, unknown>> {
  const id = `m-${++nextId}`;
  const activity = { ...message(text, from, { ...h.options, inChannel: o.conversationType === 'channel' }), id };
  if (o.conversationType === 'groupChat') activity.conversation = { ...activity.conversation!, conversationType: 'groupChat', isGroup: true, id: '19:group@thread.v2' };
  expect((await h.post(activity)).status).toBe(200);
  const reply = await h.waitForCall((c) => c.activity.replyToId === id);
  return cardIn(await answerTo(h.connector, reply));
}

/** Asks for an export in the personal chat; the summary card and the consent card that follows it. */
async function exportFile(text: string): Promise<{ card: Record<string, unknown>; consent: { name: string; content: { description: string; sizeInBytes: number; acceptContext: unknown; declineContext: unknown } } }> {
  const before = h.connector.calls.length;
  const card = await answer(text);
  const call = await h.waitForCall((c) => h.connector.calls.indexOf(c) >= before && attachmentOf(c)?.contentType === FILE_CONSENT_CARD);
  return { card, consent: attachmentOf(call) as never };
}

async function invoke(action: 'accept' | 'decline', context: unknown, uploadInfo: object | undefined, from: Person = ADMIN): Promise<{ status: number; text: string | undefined }> {
  const id = `i-${++nextId}`;
  const res = await h.post({ ...fileConsent(action, context, uploadInfo, from, h.options), id });
  const reply = h.connector.calls.find((c) => c.activity.replyToId === id);
  return { status: res.status, text: reply?.activity.text };
}

/** Accepts as Teams does and waits for the file info card; the CSV as uploaded, parsed. */
async function acceptAndRead(consent: { name: string; content: { acceptContext: unknown } }): Promise<Record<string, string>[]> {
  const info = sandbox.offerFileUpload(ADMIN_UPN, consent.name);
  const before = h.connector.calls.length;
  const { status, text } = await invoke('accept', consent.content.acceptContext, info);
  expect(status).toBe(200);
  expect(text).toBeUndefined();
  const posted = await h.waitForCall((c) => h.connector.calls.indexOf(c) >= before && attachmentOf(c)?.contentType === FILE_INFO_CARD);
  expect(attachmentOf(posted)).toEqual({ contentType: FILE_INFO_CARD, name: consent.name, contentUrl: info.contentUrl, content: { uniqueId: info.uniqueId, fileType: 'csv' } });
  expect(posted.path).toContain(encodeURIComponent(`a:1personal-${ADMIN.aadObjectId}`));
  const file = sandbox.uploadedFile(info.uniqueId);
  expect(file?.name).toBe(consent.name);
  expect((await h.audit()).filter((e) => e.event === 'export.sent').at(-1)).toMatchObject({ actor: { id: ADMIN.aadObjectId }, detail: { fileName: consent.name } });
  return parse(file!.content, { columns: true, bom: true }) as Record<string, string>[];
}

describe('export in the personal chat', () => {
  it('export moves: consent card with the export id only; accepted, the CSV has one row per mapped person and site and the counts `status` shows', async () => {
    const { card, consent } = await exportFile('export moves');
    expect(cardText(card)).toMatch(/Move states: your file is ready/);
    expect(consent.name).toMatch(/^moves-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    expect(consent.content.acceptContext).toEqual({ exportId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(consent.content.declineContext).toEqual(consent.content.acceptContext);
    const rows = await acceptAndRead(consent);
    const mapped = sandbox.identityMapCsv().split('\n').filter((l) => l.startsWith('User,')).length;
    const sites = sandbox.siteMapCsv().split('\n').filter((l) => /^(Site|Group),/.test(l)).length;
    expect(sites).toBeGreaterThan(0);
    expect(rows).toHaveLength(mapped + sites);
    expect(Object.keys(rows[0]!)).toEqual(['kind', 'source', 'target', 'status', 'started', 'finished', 'error', 'readAt']);
    expect(rows.filter((r) => r.kind === 'onedrive')).toHaveLength(mapped);
    expect(rows.filter((r) => r.kind === 'site' || r.kind === 'group')).toHaveLength(sites);
    // `status` counts people's OneDrives under "Moves": the people's rows are those counts.
    const counts = new Map<string, number>();
    for (const r of rows.filter((x) => x.kind === 'onedrive')) counts.set(r.status!, (counts.get(r.status!) ?? 0) + 1);
    const status = cardTexts(await answer('status'));
    for (const [s, n] of counts) if (s !== 'unreadable') expect(status).toContain(`${inWords(s)}: ${n}`);
    // One person's row against `move status`.
    const someone = rows.find((r) => r.status === 'completed' && r.kind === 'onedrive')!;
    expect(cardText(await answer(`move status ${someone.source}`))).toMatch(/completed/i);
    const site = rows.find((r) => r.kind === 'site')!;
    expect(cardText(await answer(`move status ${site.source}`))).toContain(`Status: ${inWords(site.status!)}`);
    expect(someone.readAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('export redirects: the rows `list redirects` shows, page after page', async () => {
    const { consent } = await exportFile('export redirects');
    expect(consent.name).toMatch(/^redirects-source-contoso-/);
    const rows = await acceptAndRead(consent);
    // Every page of the list card, by its Next button, as a person would read them.
    let card = await answer('list redirects source');
    const shown: string[] = [];
    for (;;) {
      const texts = cardTexts(card);
      for (const [i, t] of texts.entries()) if (/^https:\/\//.test(t) && /^(OneDrive of |Site, |Group site, )/.test(texts[i + 1] ?? '')) shown.push(`${t} | ${texts[i + 1]} | ${texts[i + 2]}`);
      const next = executeActions(card).find((a) => a.title === 'Next');
      if (!next) break;
      const res = await h.click(next.verb, next.data, ADMIN, 'reply-x');
      card = res.value as Record<string, unknown>;
    }
    expect(rows.length).toBeGreaterThan(20);
    // The file keeps the tenant's values; the card words them and leaves the date to the reader's calendar.
    const was = { onedrive: 'OneDrive of ', site: 'Site, ', group: 'Group site, ' } as Record<string, string>;
    expect(rows.some((r) => r.kind === 'site') && rows.some((r) => r.kind === 'group')).toBe(true);
    expect(rows.map((r) => `${r.url} | ${was[r.kind!]}${r.owner} | ${inWords(r.status!)}, ${inWords(r.lockState!)}, last changed ${onDay(r.lastModified)}`)).toEqual(shown);
  });

  it('export notify: one row per person with the outcome `notify status` counts; a cell that looks like a formula is neutralised', async () => {
    const records = new RecipientStore(new FileStore(h.dir));
    const people = sandbox.identityMapCsv().split('\n').filter((l) => l.startsWith('User,')).map((l) => l.split(',')[3]!);
    const now = new Date();
    await records.acknowledge(GUIDANCE_CAMPAIGN, people[0]!, 'done', now);
    await records.acknowledge(GUIDANCE_CAMPAIGN, people[1]!, 'done', now);
    await records.acknowledge(GUIDANCE_CAMPAIGN, people[2]!, 'help', now, '=HYPERLINK("http://evil.example","help")');
    const { consent } = await exportFile('export notify');
    const rows = await acceptAndRead(consent);
    expect(rows).toHaveLength(people.length);
    const count = (o: string) => rows.filter((r) => r.outcome === o).length;
    expect([count('done'), count('help'), count('not sent')]).toEqual([2, 1, people.length - 3]);
    const helped = rows.find((r) => r.outcome === 'help')!;
    expect(helped.targetUpn.toLowerCase()).toBe(people[2]!.toLowerCase());
    expect(helped.helpText).toBe('\'=HYPERLINK("http://evil.example","help")');
    const status = cardTexts(await answer('notify status'));
    expect(status).toEqual(expect.arrayContaining([`Done: ${count('done')}`, `Asked for help: ${count('help')}`, `Not sent yet: ${count('not sent')}`]));
  });

  it('export audit: one plan\'s entries (the latest plan by default), the entries `audit` lists', async () => {
    const plan = await answer('remove redirects source');
    const planId = /\bp-[a-z0-9]+\b/.exec(cardText(plan))?.[0];
    expect(planId).toBeDefined();
    await answer(`cancel ${planId}`);
    const latest = await exportFile('export audit');
    expect(latest.consent.name).toBe(`audit-${planId}.csv`);
    const rows = await acceptAndRead(latest.consent);
    expect(rows.map((r) => r.event)).toEqual(['plan.requested', 'plan.cancelled']);
    const audit = cardText(await answer('audit 50'));
    for (const r of rows) {
      expect(r.planId).toBe(planId);
      // The card words the event ("plan requested") and leaves the time to Teams' DATE()/TIME().
      expect(audit).toContain(`${r.event.replace('.', ' ')}\n${when(r.at)} · ${r.actor} · ${r.planId}`);
    }
    expect(audit.split(`· ${planId}`).length - 1).toBe(rows.length);
    const byId = await exportFile(`export audit ${planId}`);
    expect(await acceptAndRead(byId.consent)).toEqual(rows);
  });
});

describe('declined, refused, elsewhere', () => {
  it('declined: "Not sent", and the file is gone: a later accept uploads nothing', async () => {
    const { consent } = await exportFile('export redirects target');
    const declined = await invoke('decline', consent.content.declineContext, undefined);
    expect(declined.status).toBe(200);
    expect(declined.text).toMatch(/^Not sent/);
    const info = sandbox.offerFileUpload(ADMIN_UPN, consent.name);
    const late = await invoke('accept', consent.content.acceptContext, info);
    expect(late.text).toMatch(/no longer waiting/);
    await new Promise((r) => setTimeout(r, 300));
    expect(sandbox.uploadedFile(info.uniqueId)).toBeUndefined();
  });

  it('another person\'s accept is refused and uploads nothing; the requester\'s own accept still works', async () => {
    const { consent } = await exportFile('export moves');
    const info = sandbox.offerFileUpload('parker.approver@fabrikam.com', consent.name);
    const other = await invoke('accept', consent.content.acceptContext, info, SANDBOX_PEOPLE.approver);
    expect(other.text).toMatch(/Only the person who asked/);
    expect((await h.audit()).at(-1)).toMatchObject({ event: 'refused.not-requester', actor: { id: SANDBOX_PEOPLE.approver.aadObjectId }, detail: { fileName: consent.name } });
    await new Promise((r) => setTimeout(r, 300));
    expect(sandbox.uploadedFile(info.uniqueId)).toBeUndefined();
    expect((await acceptAndRead(consent)).length).toBeGreaterThan(0);
  });

  it('another person\'s decline is refused and audited, and drops nothing: the requester\'s own accept still sends the file', async () => {
    const { consent } = await exportFile('export moves');
    const other = await invoke('decline', consent.content.declineContext, undefined, SANDBOX_PEOPLE.approver);
    expect(other.status).toBe(200);
    expect(other.text).toMatch(/Only the person who asked/);
    expect((await h.audit()).at(-1)).toMatchObject({ event: 'refused.not-requester', actor: { id: SANDBOX_PEOPLE.approver.aadObjectId }, detail: { fileName: consent.name } });
    expect((await acceptAndRead(consent)).length).toBeGreaterThan(0);
  });

  it('an upload address that is not SharePoint\'s is never called: the chat is told, and the file dropped', async () => {
    const { consent } = await exportFile('export moves');
    const info = { ...sandbox.offerFileUpload(ADMIN_UPN, consent.name), uploadUrl: 'https://uploads.evil.example/session?x=1' };
    const before = h.connector.calls.length;
    expect((await invoke('accept', consent.content.acceptContext, info)).text).toBeUndefined();
    const told = await h.waitForCall((c) => h.connector.calls.indexOf(c) >= before && /could not be uploaded/.test(c.activity.text ?? ''));
    expect(told.activity.text).toContain(consent.name);
    expect(told.activity.text).not.toContain('evil.example/session');
    expect(sandbox.uploadedFile(info.uniqueId)).toBeUndefined();
    expect((await invoke('accept', consent.content.acceptContext, sandbox.offerFileUpload(ADMIN_UPN, consent.name))).text).toMatch(/no longer waiting/);
  });

  it.each(['groupChat', 'channel'])('in a %s: a card saying to ask in the personal chat, and no file offered', async (conversationType) => {
    const before = h.connector.calls.length;
    const card = await answer('export moves', ADMIN, { conversationType });
    expect(cardText(card)).toMatch(/Files come in your personal chat with me[\s\S]*type: export moves/);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.calls.slice(before).some((c) => attachmentOf(c)?.contentType === FILE_CONSENT_CARD)).toBe(false);
  });
});

