// Live-mode authentication, proved without Microsoft: the real bot (startBot, simulated tenants, bot
// credentials on) with botbuilder's own configuration keys pointing at a local OpenID issuer. Incoming
// activities must carry a token the issuer signed for this bot and this serviceUrl; replies carry the
// bearer the issuer's token endpoint gave the bot for its client secret.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startBot, type RunningBot } from '../../bot/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { TENANT_DEFS } from '../../services/sandbox/scenario.js';
import { message } from '../helpers/activities.js';
import { cardText } from '../helpers/cards.js';
import { startOpenIdIssuer, type OpenIdIssuer } from '../helpers/openIdIssuer.js';
import { startRecordingConnector, type RecordingConnector } from '../helpers/recordingConnector.js';

const APP_ID = '7e2d4c1b-3a5f-4b6c-9d8e-0f1a2b3c4d5e';
const SECRET = 'rehearsal-secret-Qx7~must-not-be-logged';
// A rehearsal inside real Teams: the bot registration lives in the target tenant.
const BOT_TENANT = TENANT_DEFS.fabrikam.tenantId;

let issuer: OpenIdIssuer;
let connector: RecordingConnector;
let bot: RunningBot;
let dir: string;
let unroute: () => void;
const logs: string[] = [];
/** Every bearer this test sent the bot, to look for in its log. */
const sentTokens: string[] = [];
let nextId = 0;

beforeAll(async () => {
  issuer = await startOpenIdIssuer({ [APP_ID]: SECRET });
  unroute = issuer.routeMsalHere();
  connector = await startRecordingConnector();
  dir = await mkdtemp(join(tmpdir(), 'pmb-live-auth-'));
  // The bot's log: pino writes through process.stdout.write once it is replaced (pino's own rule), botbuilder
  // and msal through console. Both are captured before the bot starts, so every line of it lands here.
  jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => { logs.push(String(chunk)); return true; }) as typeof process.stdout.write);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => { logs.push(`${format(...args)}\n`); });
  }
  // A turn answers in itself however busy the machine (as in every harness): past the product's 1 s it would
  // answer with a reading card and write the plan, and its audit line, only after the HTTP answer.
  bot = await startBot({
    PORT: '0', STORAGE: `file:${dir}`, LOG_LEVEL: 'debug', SANDBOX_USERS: '8', ANSWER_WITHIN_MS: '10000',
    MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: BOT_TENANT,
    ...issuer.botbuilderEnv(BOT_TENANT),
  });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  jest.restoreAllMocks();
  unroute?.();
  await connector?.close();
  await issuer?.close();
  await rm(dir, { recursive: true, force: true });
});

function activity(text: string) {
  return { ...message(text, SANDBOX_PEOPLE.admin, { tenantId: bot.sandbox!.target.tenantId, serviceUrl: connector.serviceUrl }), id: `live-${++nextId}` };
}

async function post(body: object, authorization?: string): Promise<Response> {
  if (authorization?.startsWith('Bearer ')) sentTokens.push(authorization.slice(7));
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
  return fetch(`${bot.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function audit(): Promise<string[]> {
  return (await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

/** The claims Teams' tokens carry for this bot and this connector. */
const good = () => ({ aud: APP_ID, serviceurl: connector.serviceUrl });
const now = () => Math.floor(Date.now() / 1000);

describe('live-mode authentication against a local OpenID issuer', () => {
  it('accepts a correctly signed activity and replies with the bearer the issuer gave the bot', async () => {
    expect(bot.mode).toBe('sandbox'); // bot credentials go with the simulated tenants
    const help = activity('help');
    const res = await post(help, `Bearer ${issuer.mint(good())}`);
    expect(res.status).toBe(200);
    const reply = connector.calls.find((c) => c.activity.replyToId === help.id);
    expect(reply).toBeDefined();
    expect(cardText(reply!.activity.attachments![0]!.content)).toContain('What I can do');

    // Keys from the issuer's metadata, then msal: instance discovery (asked of Microsoft's host, routed here),
    // the authority's OpenID document, the token.
    const seen = issuer.requests.map((r) => `${r.method} ${r.host.startsWith('login.') ? r.host : 'issuer'} ${r.path.split('?')[0]}`);
    expect(seen).toEqual([
      'GET issuer /v1/.well-known/openidconfiguration',
      'GET issuer /v1/.well-known/keys',
      'GET login.microsoftonline.com /common/discovery/instance',
      `GET issuer /${BOT_TENANT}/v2.0/.well-known/openid-configuration`,
      `POST issuer /${BOT_TENANT}/oauth2/v2.0/token`,
    ]);
    const tokenRequest = issuer.requests.find((r) => r.method === 'POST')!;
    expect(tokenRequest.form).toMatchObject({ grant_type: 'client_credentials', client_id: APP_ID, client_secret: SECRET, scope: 'https://api.botframework.com/.default' });
    expect(issuer.issuedTokens).toHaveLength(1);
    expect(reply!.authorization).toBe(`Bearer ${issuer.issuedTokens[0]}`);
  }, 30_000);

  it('runs a change command from a signed activity: the plan is audited', async () => {
    const remove = activity('remove trust');
    const res = await post(remove, `Bearer ${issuer.mint(good())}`);
    expect(res.status).toBe(200);
    expect(connector.calls.some((c) => c.activity.replyToId === remove.id)).toBe(true);
    expect((await audit()).some((l) => l.includes('"plan.requested"'))).toBe(true);
  }, 30_000);

  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const refused: [string, () => string | undefined][] = [
    ['unsigned (alg none)', () => `Bearer ${issuer.mint(good(), { alg: 'none' })}`],
    ['signed by another key under the published kid', () => `Bearer ${issuer.mint(good(), { key: otherKey })}`],
    // botbuilder allows 5 minutes of clock skew, so these are an hour out.
    ['expired', () => `Bearer ${issuer.mint({ ...good(), iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })}`],
    ['not yet valid', () => `Bearer ${issuer.mint({ ...good(), nbf: now() + 3600, exp: now() + 7200 })}`],
    ['for another audience', () => `Bearer ${issuer.mint({ ...good(), aud: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' })}`],
    ['from another issuer', () => `Bearer ${issuer.mint({ ...good(), iss: 'https://issuer.invalid' })}`],
    // An Emulator's token takes botbuilder's other path (EmulatorValidation), whose keys here are none.
    ['from the Emulator', () => `Bearer ${issuer.mint({ ...good(), iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0', appid: APP_ID })}`],
    ['naming another serviceUrl', () => `Bearer ${issuer.mint({ ...good(), serviceurl: 'https://smba.trafficmanager.net/amer/' })}`],
    ['without an Authorization header', () => undefined],
    ['with a garbage bearer', () => 'Bearer garbage'],
  ];

  it.each(refused)('refuses an activity %s with 401: nothing runs, the bot stays up', async (_name, authorization) => {
    const callsBefore = connector.calls.length;
    const auditBefore = (await audit()).length;
    const tokensBefore = issuer.issuedTokens.length;
    const res = await post(activity('remove trust'), authorization());
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300)); // room for a turn that should not have started
    expect(connector.calls.length).toBe(callsBefore);
    expect((await audit()).length).toBe(auditBefore);
    expect(issuer.issuedTokens.length).toBe(tokensBefore);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('logs no secret and no token, at debug level', () => {
    const text = logs.join('');
    expect(text).toContain('bot listening'); // the capture did see the bot's log…
    expect(text).toContain('"level":20'); // …at debug level…
    expect(text).toContain('Unauthorized. invalid signature'); // …and botbuilder's console
    const secrets = [SECRET, ...issuer.issuedTokens, ...sentTokens.filter((t) => t.includes('.'))];
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(text).not.toContain(secret);
    // Nor a signature alone (a token cut short in a message).
    for (const t of [...issuer.issuedTokens, ...sentTokens]) {
      const signature = t.split('.')[2];
      if (signature) expect(text).not.toContain(signature);
    }
  });
});
