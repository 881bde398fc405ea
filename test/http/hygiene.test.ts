// HTTP hygiene, over real HTTP: a body larger than any activity is refused with 413 before it is read or
// parsed, and a 500 carries a correlation id, never an internal message (here: OpenID metadata that
// cannot be fetched, whose URL botbuilder would otherwise hand to the caller).
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import * as restify from 'restify';
import { answering500, MAX_BODY_BYTES } from '../../bot/httpHygiene.js';
import { startBot, type RunningBot } from '../../bot/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { TENANT_DEFS } from '../../services/sandbox/scenario.js';
import { message } from '../helpers/activities.js';
import { memoryLogger } from '../helpers/logs.js';
import { startOpenIdIssuer, type OpenIdIssuer } from '../helpers/openIdIssuer.js';
import { startRecordingConnector, type RecordingConnector } from '../helpers/recordingConnector.js';

const APP_ID = '5b1e2c3d-4a5f-4b6c-8d7e-9f0a1b2c3d4e';
const SECRET = 'hygiene-secret-not-for-callers';
const BOT_TENANT = TENANT_DEFS.fabrikam.tenantId;
/** Nothing listens here: fetching the metadata fails with this URL in the error message. */
const DEAD_METADATA = 'http://127.0.0.1:9/metadata-nobody-serves/.well-known/openidconfiguration';

let dirs: string[] = [];
let sandboxBot: RunningBot;
let liveBot: RunningBot;
let issuer: OpenIdIssuer;
let unroute: () => void;
let connector: RecordingConnector;
/** What the live bot logs: where an operator finds the detail a 500 leaves out. */
const liveLog = memoryLogger('warn');

beforeAll(async () => {
  // botbuilder writes the failure to the console: kept out of the test output.
  for (const level of ['log', 'warn', 'error'] as const) jest.spyOn(console, level).mockImplementation((...a: unknown[]) => format(...a));
  const dir = async () => { const d = await mkdtemp(join(tmpdir(), 'pmb-hygiene-')); dirs.push(d); return d; };
  connector = await startRecordingConnector();
  sandboxBot = await startBot({ PORT: '0', STORAGE: `file:${await dir()}`, LOG_LEVEL: 'silent', SANDBOX_USERS: '8' });
  issuer = await startOpenIdIssuer({ [APP_ID]: SECRET });
  unroute = issuer.routeMsalHere();
  liveBot = await startBot({
    PORT: '0', STORAGE: `file:${await dir()}`, LOG_LEVEL: 'silent', SANDBOX_USERS: '8',
    MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: BOT_TENANT,
    ...issuer.botbuilderEnv(BOT_TENANT), ToBotFromChannelOpenIdMetadataUrl: DEAD_METADATA,
  }, { logger: liveLog.logger });
}, 60_000);

afterAll(async () => {
  await sandboxBot?.close();
  await liveBot?.close();
  unroute?.();
  await issuer?.close();
  await connector?.close();
  jest.restoreAllMocks();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

/** Raw POST: with a Content-Length, or chunked (no length said up front). */
function rawPost(url: string, body: Buffer, chunked: boolean): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = body.length;
    const req = request(`${url}/api/messages`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
    });
    // The server may answer and close before the whole body is written: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body);
  });
}

describe('request bodies', () => {
  // Not JSON at all: a 400 would mean it was parsed; 413 means it never got that far.
  const tooLarge = Buffer.alloc(MAX_BODY_BYTES + 1, 'x');

  it('answers 413 to a body over 1 MB from its Content-Length, and closes the connection rather than read the rest', async () => {
    const res = await rawPost(sandboxBot.url, tooLarge, false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: 'request body too large', maxBytes: MAX_BODY_BYTES });
    expect(res.connection).toBe('close');
  });

  it('answers 413 to a chunked body once it passes 1 MB', async () => {
    const res = await rawPost(sandboxBot.url, Buffer.alloc(10 * MAX_BODY_BYTES, 'x'), true);
    expect(res.status).toBe(413);
  });

  it('still takes an activity well under the limit', async () => {
    const activity = message('help', SANDBOX_PEOPLE.admin, { tenantId: sandboxBot.sandbox!.target.tenantId, serviceUrl: connector.serviceUrl });
    const res = await rawPost(sandboxBot.url, Buffer.from(JSON.stringify({ ...activity, padding: 'p'.repeat(500_000) })), false);
    expect(res.status).toBe(200);
  });

  it('takes an activity of exactly 1 MB', async () => {
    const activity = message('help', SANDBOX_PEOPLE.admin, { tenantId: sandboxBot.sandbox!.target.tenantId, serviceUrl: connector.serviceUrl });
    const bare = JSON.stringify({ ...activity, padding: '' }).length;
    const body = Buffer.from(JSON.stringify({ ...activity, padding: 'p'.repeat(MAX_BODY_BYTES - bare) }));
    expect(body.length).toBe(MAX_BODY_BYTES);
    expect((await rawPost(sandboxBot.url, body, false)).status).toBe(200);
  });
});

describe('a failure inside the bot framework', () => {
  it('answers 500 with a correlation id, not the error message', async () => {
    const activity = message('help', SANDBOX_PEOPLE.admin, { tenantId: liveBot.sandbox!.target.tenantId, serviceUrl: 'https://smba.trafficmanager.net/teams/' });
    const res = await fetch(`${liveBot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${issuer.mint({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/teams/' })}` },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: 'internal error', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(text).not.toContain('metadata-nobody-serves');
    expect(text).not.toContain('127.0.0.1');
    // The detail is in the log, under the id the caller got.
    const logged = liveLog.lines().find((l) => l.correlationId === JSON.parse(text).correlationId);
    expect(logged).toMatchObject({ status: 500, msg: 'request failed inside the bot framework' });
    expect(JSON.stringify(logged)).toContain('metadata-nobody-serves');
  });
});

describe('a route handler that throws', () => {
  it('answers 500 with a correlation id, never the error message, and logs the message under that id', async () => {
    const log = memoryLogger('warn');
    const server = restify.createServer();
    server.post('/boom', answering500(log.logger, async () => { throw new Error('secret path /etc/bot.pem'); }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`${server.url}/boom`, { method: 'POST' });
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(JSON.parse(text)).toEqual({ error: 'internal error', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(text).not.toContain('secret');
      const logged = log.lines().find((l) => l.correlationId === JSON.parse(text).correlationId);
      expect(logged).toMatchObject({ msg: 'request failed', detail: { name: 'Error', message: 'secret path /etc/bot.pem' } });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
