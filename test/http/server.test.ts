// The bot as a process would run it: startBot() with its own sandbox, HTTP in, connector calls out.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startBot, type RunningBot } from '../../bot/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { actionExecute, message } from '../helpers/activities.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { startRecordingConnector, type RecordingConnector } from '../helpers/recordingConnector.js';

let dir: string;
let bot: RunningBot;
let connector: RecordingConnector;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmb-http-'));
  connector = await startRecordingConnector();
  bot = await startBot({ PORT: '0', STORAGE: `file:${dir}`, LOG_LEVEL: 'silent', ANSWER_WITHIN_MS: '10000' });
});
afterAll(async () => {
  await bot.close();
  await connector.close();
  await rm(dir, { recursive: true, force: true });
});

function post(activity: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
}

/** The listening address of a local TCP port, from the kernel's own table (Linux). */
function listenAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
    .map((f) => f[1]!.split(':')[0]!.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.'));
}

describe('bot over HTTP (sandbox mode, authentication off)', () => {
  it('starts the simulated tenants and answers /healthz without secrets', async () => {
    expect(bot.mode).toBe('sandbox');
    expect(bot.sandbox?.target.name).toBe('fabrikam');
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, mode: 'sandbox', version: '0.1.0' });
  });

  it('listens on loopback only while authentication is off', () => {
    expect(listenAddresses(bot.port)).toEqual(['127.0.0.1']);
  });

  it('writes the sandbox identity map into the store directory', () => {
    const csv = readFileSync(join(dir, 'sandbox-identity-map.csv'), 'utf8');
    expect(csv).toBe(bot.sandbox!.identityMapCsv());
  });

  it('answers help posted to /api/messages through the connector at serviceUrl', async () => {
    const tenantId = bot.sandbox!.target.tenantId;
    const activity = { ...message('help', SANDBOX_PEOPLE.admin, { tenantId, serviceUrl: connector.serviceUrl, conversationId: 'a:1http' }), id: 'incoming-1' };
    const res = await post(activity);
    expect(res.status).toBe(200);
    const reply = connector.calls.find((c) => c.activity.replyToId === 'incoming-1')!;
    expect(reply.method).toBe('POST');
    expect(reply.path).toBe('/v3/conversations/a%3A1http/activities/incoming-1');
    expect(reply.authorization).toBeUndefined();
    expect(cardText(reply.activity.attachments![0]!.content)).toMatch(/^Simulated tenants[\s\S]*What I can do/);
  });

  it('answers a card action in the HTTP response body', async () => {
    const tenantId = bot.sandbox!.target.tenantId;
    const res = await post({ ...actionExecute('run', { command: 'host urls' }, SANDBOX_PEOPLE.admin, { tenantId, serviceUrl: connector.serviceUrl }), id: 'invoke-1' });
    expect(res.status).toBe(200);
    const body = await res.json() as { statusCode: number; type: string; value: unknown };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain('Source (contoso): https://contoso-my.sharepoint.com/');
  });

  it('pages a list posted over HTTP', async () => {
    const tenantId = bot.sandbox!.target.tenantId;
    await post({ ...message('list redirects', SANDBOX_PEOPLE.admin, { tenantId, serviceUrl: connector.serviceUrl }), id: 'incoming-2' });
    const card = connector.calls.find((c) => c.activity.replyToId === 'incoming-2')!.activity.attachments![0]!.content;
    const next = executeActions(card).find((a) => a.title === 'Next')!;
    const res = await post({ ...actionExecute(next.verb, next.data, SANDBOX_PEOPLE.admin, { tenantId, serviceUrl: connector.serviceUrl }), id: 'invoke-2' });
    const body = await res.json() as { value: unknown };
    expect(cardText(body.value)).toMatch(/Page 2 of \d+/);
  });

  it('sends nothing for an activity from another tenant', async () => {
    const before = connector.calls.length;
    const res = await post({ ...message('help', SANDBOX_PEOPLE.admin, { tenantId: '0a0b0c0d-1111-4222-8333-444455556666', serviceUrl: connector.serviceUrl }), id: 'incoming-3' });
    expect(res.status).toBe(200);
    expect(connector.calls.length).toBe(before);
  });
});

describe('startBot refusing to start', () => {
  const live = {
    SOURCE_ADMIN_URL: 'https://contoso-admin.sharepoint.com', SOURCE_TENANT_ID: '11111111-1111-4111-8111-111111111111',
    SOURCE_CLIENT_ID: '22222222-2222-4222-8222-222222222222', SOURCE_CERT_PATH: '/nonexistent/contoso.pem',
    TARGET_ADMIN_URL: 'https://fabrikam-admin.sharepoint.com', TARGET_TENANT_ID: '33333333-3333-4333-8333-333333333333',
    TARGET_CLIENT_ID: '44444444-4444-4444-8444-444444444444', TARGET_CERT_PATH: '/nonexistent/fabrikam.pem',
    ADMIN_IDS: '66666666-6666-4666-8666-666666666666', PORT: '0', LOG_LEVEL: 'silent',
  };

  it('refuses live tenants without bot credentials, saying what to set', async () => {
    await expect(startBot(live)).rejects.toThrow(/MicrosoftAppId: live mode needs the bot's credentials, since authentication cannot be off against real tenants\. Set MicrosoftAppId and MicrosoftAppPassword/);
  });

  it('refuses live tenants whose certificate file cannot be read, naming the key', async () => {
    await expect(startBot({ ...live, MicrosoftAppId: '55555555-5555-4555-8555-555555555555', MicrosoftAppPassword: 'x' }))
      .rejects.toThrow('SOURCE_CERT_PATH: cannot read /nonexistent/contoso.pem (ENOENT)');
  });
});

describe('bot over HTTP with authentication on', () => {
  let authed: RunningBot;
  let authedDir: string;
  beforeAll(async () => {
    authedDir = await mkdtemp(join(tmpdir(), 'pmb-http-auth-'));
    authed = await startBot({ PORT: '0', STORAGE: `file:${authedDir}`, LOG_LEVEL: 'silent', MicrosoftAppId: '55555555-5555-4555-8555-555555555555', MicrosoftAppPassword: 'rehearsal-secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '33333333-3333-4333-8333-333333333333' });
  });
  afterAll(async () => {
    await authed.close();
    await rm(authedDir, { recursive: true, force: true });
  });

  it('listens on all interfaces and refuses an activity without a token', async () => {
    expect(listenAddresses(authed.port)).toEqual(['0.0.0.0']);
    const res = await fetch(`${authed.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message('help', SANDBOX_PEOPLE.admin, { tenantId: authed.sandbox!.target.tenantId, serviceUrl: connector.serviceUrl })) });
    expect(res.status).toBe(401);
  });
});
