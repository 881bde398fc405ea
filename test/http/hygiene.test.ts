// HTTP hygiene, over real HTTP: a body larger than any activity is refused with 413 before it is read or
// parsed, and a 500 carries a correlation id, never an internal message (here: OpenID metadata that
// cannot be fetched, whose URL botbuilder would otherwise hand to the caller).
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MAX_BODY_BYTES } from '../../bot/httpHygiene.js';
import { startBot, type RunningBot } from '../../bot/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { TENANT_DEFS } from '../../services/sandbox/scenario.js';
import { message } from '../helpers/activities.js';
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
  });
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
function rawPost(url: string, body: Buffer, chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = body.length;
    const req = request(`${url}/api/messages`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // The server may answer and close before the whole body is written: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body);
  });
}

describe('request bodies', () => {
  // Not JSON at all: a 400 would mean it was parsed; 413 means it never got that far.
  const tooLarge = Buffer.alloc(MAX_BODY_BYTES + 1, 'x');

  it('answers 413 to a body over 1 MB from its Content-Length', async () => {
    const res = await rawPost(sandboxBot.url, tooLarge, false);
    expect(res.status).toBe(413);
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
  });
});
