// The simulated Teams connector and Graph installedApps over real HTTP: install before a 1:1 conversation,
// 409 on a second install, the same conversation id for the same member, sends landing in the person's
// inbox, updates and replies, blocked users, and Teams' rate limits (per conversation 7/1 s and 8/2 s,
// 50/s per app per tenant, Graph installs 30/s). The 30 s and 1 h windows: rateWindows.test.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle, type SandboxScenarioUser } from '../../services/sandbox/index.js';
import { routedFetch, tokenFor } from './helpers.js';

const GRAPH = 'https://graph.microsoft.com';
const CATALOG_APP = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const BOT = '28:bot-app-id';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sandbox: SandboxHandle;
let graphToken: string;
let people: SandboxScenarioUser[];
let next = 0;
/** A fresh reachable person for each test, so rate windows and installs don't carry over. */
const person = () => people[next++];

beforeAll(async () => {
  sandbox = await startSandbox({ users: 150 });
  graphToken = await tokenFor(sandbox, sandbox.target, GRAPH);
  const blocked = sandbox.scenario!.blockedUpns!;
  people = sandbox.scenario!.users.filter((u) => u.status === 'completed' && !blocked.includes(u.targetUpn) && !u.targetUpn.includes("'"));
});
afterAll(async () => { await sandbox.close(); });

async function objectId(upn: string): Promise<string> {
  const res = await routedFetch(sandbox, `${GRAPH}/v1.0/users/${upn}`, { headers: { authorization: `Bearer ${graphToken}` } });
  return ((await res.json()) as { id: string }).id;
}
const install = (userId: string, token = graphToken) => routedFetch(sandbox, `${GRAPH}/v1.0/users/${userId}/teamwork/installedApps`, {
  method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ 'teamsApp@odata.bind': `${GRAPH}/v1.0/appCatalogs/teamsApps/${CATALOG_APP}` }),
});
const connector = (path: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(new URL(path, sandbox.connectorServiceUrl), { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const create = (memberId: string) => connector('v3/conversations', 'POST', {
  isGroup: false, bot: { id: BOT }, members: [{ id: memberId }], tenantId: sandbox.target.tenantId, channelData: { tenant: { id: sandbox.target.tenantId } },
});
const send = (conversationId: string, text: string) => connector(`v3/conversations/${encodeURIComponent(conversationId)}/activities`, 'POST', { type: 'message', text });

/** Installs the app for a new person and opens their conversation. */
async function openFor(u: SandboxScenarioUser): Promise<string> {
  const id = await objectId(u.targetUpn);
  expect((await install(id)).status).toBe(201);
  const res = await create(id);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('installing the app and opening a 1:1 conversation', () => {
  it('refuses the conversation before the install, then installs (201), 409 on the second install, same id twice', async () => {
    const u = person();
    const id = await objectId(u.targetUpn);
    const before = await create(id);
    expect(before.status).toBe(403);
    expect(((await before.json()) as { error: { code: string } }).error.code).toBe('ForbiddenOperationException');
    const first = await install(id);
    expect(first.status).toBe(201);
    expect(await first.text()).toBe('');
    const again = await install(u.targetUpn);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('Conflict');
    const a = (await (await create(id)).json()) as { id: string };
    const b = (await (await create(id)).json()) as { id: string };
    expect(a.id).toMatch(/^a:/);
    expect(b.id).toBe(a.id);
  });

  it('lists the installed app, filtered and expanded', async () => {
    const u = person();
    await openFor(u);
    const url = `${GRAPH}/v1.0/users/${u.targetUpn}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/externalId eq '${CATALOG_APP}'`;
    const res = await routedFetch(sandbox, url, { headers: { authorization: `Bearer ${graphToken}` } });
    const body = (await res.json()) as { value: Array<{ teamsApp: { id: string } }> };
    expect(body.value.map((v) => v.teamsApp.id)).toEqual([CATALOG_APP]);
    const none = await routedFetch(sandbox, url.replace(CATALOG_APP, 'another'), { headers: { authorization: `Bearer ${graphToken}` } });
    expect(((await none.json()) as { value: unknown[] }).value).toEqual([]);
  });

  it('answers 404 for an unknown user, on Graph and at the connector, and 400 for a group conversation', async () => {
    expect((await install('nobody@fabrikam.com')).status).toBe(404);
    const res = await create('00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    const group = await connector('v3/conversations', 'POST', { isGroup: true, members: [{ id: 'x' }, { id: 'y' }], tenantId: sandbox.target.tenantId });
    expect(group.status).toBe(400);
  });

  it('refuses the install without the Teams installation permission', async () => {
    const narrow = await startSandbox({ users: 10, appRoles: { fabrikam: ['User.Read.All'] } });
    try {
      const token = await tokenFor(narrow, narrow.target, GRAPH);
      const upn = narrow.scenario!.users[0].targetUpn;
      const res = await routedFetch(narrow, `${GRAPH}/v1.0/users/${upn}/teamwork/installedApps`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ 'teamsApp@odata.bind': `${GRAPH}/v1.0/appCatalogs/teamsApps/${CATALOG_APP}` }),
      });
      expect(res.status).toBe(403);
    } finally { await narrow.close(); }
  });
});

describe('sending', () => {
  it('stores a send in the inbox, applies an update, stores a reply; with or without a bearer', async () => {
    const u = person();
    const conversationId = await openFor(u);
    const sent = await connector(`v3/conversations/${conversationId}/activities`, 'POST', { type: 'message', text: 'hello' }, { authorization: 'Bearer not-checked' });
    expect(sent.status).toBe(201);
    const { id } = (await sent.json()) as { id: string };
    const updated = await connector(`v3/conversations/${conversationId}/activities/${id}`, 'PUT', { type: 'message', text: 'hello, edited' });
    expect(updated.status).toBe(200);
    const reply = await connector(`v3/conversations/${conversationId}/activities/${id}`, 'POST', { type: 'message', text: 'a reply' });
    expect(reply.status).toBe(201);
    const inbox = sandbox.inbox(u.targetUpn);
    expect(inbox.map((e) => [e.conversationId, e.activity.text])).toEqual([[conversationId, 'hello, edited'], [conversationId, 'a reply']]);
    expect(inbox[0].activityId).toBe(id);
    expect(inbox[1].activity.replyToId).toBe(id);
    expect(sandbox.inbox(await objectId(u.targetUpn))).toHaveLength(2);
    expect(sandbox.inbox(u.sourceUpn)).toEqual([]);
  });

  it('serves the connector on its real host too, with a region prefix', async () => {
    const conversationId = await openFor(person());
    const res = await routedFetch(sandbox, `https://smba.trafficmanager.net/amer/v3/conversations/${conversationId}/activities`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'via amer' }),
    });
    expect(res.status).toBe(201);
  });

  it('answers 403 MessageWritesBlocked to a person who blocked the bot', async () => {
    const blocked = sandbox.scenario!.blockedUpns!;
    expect(blocked).toHaveLength(1); // one per 125 users
    const conversationId = await openFor({ targetUpn: blocked[0] } as SandboxScenarioUser);
    const res = await send(conversationId, 'hello');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MessageWritesBlocked');
    expect(sandbox.inbox(blocked[0])).toEqual([]);
  });

  it('answers 404 for an unknown conversation', async () => {
    expect((await send('a:unknown', 'x')).status).toBe(404);
  });
});

describe('rate limits', () => {
  const statuses = (responses: Response[]) => responses.map((r) => r.status);

  it('7 per second per conversation: the 8th quick send is 429 with Retry-After', async () => {
    const conversationId = await openFor(person());
    const responses: Response[] = [];
    for (let i = 0; i < 8; i++) responses.push(await send(conversationId, `m${i}`));
    expect(statuses(responses)).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    expect(responses[7].headers.get('retry-after')).toBe('1');
    expect(((await responses[7].json()) as { error: { code: string } }).error.code).toBe('Throttled');
  });

  it('8 per 2 seconds per conversation', async () => {
    const conversationId = await openFor(person());
    for (let i = 0; i < 7; i++) expect((await send(conversationId, `m${i}`)).status).toBe(201);
    await sleep(1_050);
    expect((await send(conversationId, 'eighth')).status).toBe(201);
    const ninth = await send(conversationId, 'ninth');
    expect(ninth.status).toBe(429);
    expect(Number(ninth.headers.get('retry-after'))).toBe(1);
  });

  it('50 requests per second per app per tenant across conversations', async () => {
    const conversations: string[] = [];
    for (let i = 0; i < 12; i++) conversations.push(await openFor(person()));
    await sleep(1_100);
    const before = sandbox.stats().connector!;
    // 5 sends per conversation stay under 7/1 s: only the tenant limit can refuse them.
    const responses = await Promise.all(conversations.flatMap((c) => [0, 1, 2, 3, 4].map((i) => send(c, `burst ${i}`))));
    expect(statuses(responses).filter((s) => s === 201)).toHaveLength(50);
    expect(statuses(responses).filter((s) => s === 429)).toHaveLength(10);
    const after = sandbox.stats().connector!;
    expect(after.throttled - before.throttled).toBe(10);
    expect(after.peakPerSecond).toBe(50);
  });

  it('Graph installs: 30 per second per app per tenant', async () => {
    const ids = await Promise.all(Array.from({ length: 35 }, () => objectId(person().targetUpn)));
    await sleep(1_100);
    const responses = await Promise.all(ids.map((id) => install(id)));
    expect(statuses(responses).filter((s) => s === 201)).toHaveLength(30);
    const throttled = responses.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(5);
    expect(throttled[0].headers.get('retry-after')).toBe('1');
    expect(sandbox.stats().teamsInstalls!.throttled).toBe(5);
  });
});
