// The shared store without a key: a whole bot process on simulated tenants with STORAGE=azure-blob and only
// AZURE_STORAGE_ACCOUNT_URL, against Azurite over HTTPS with Entra tokens (--oauth basic). No IDENTITY_ENDPOINT
// is given to the process: the bot points its Azure credential at the sandbox's managed-identity endpoint
// itself, so the real @azure/identity and @azure/storage-blob code carries every request. The process trusts
// Azurite's self-signed certificate through NODE_EXTRA_CA_CERTS; the test reads blobs back over HTTPS too.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { askPlan } from '../guidance/campaignHelpers.js';
import { cardIn } from '../helpers/approvalBot.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { freePorts, instanceClient, startBotProcess, type BotProcess, type InstanceClient } from '../helpers/botProcess.js';
import { cardText } from '../helpers/cards.js';
import { answerTo, startRecordingConnector, type RecordingConnector } from '../helpers/recordingConnector.js';

const CONTAINER = 'keyless-state';
let azurite: Azurite;
let sandbox: SandboxHandle;
let connector: RecordingConnector;
let bot: BotProcess;
let client: InstanceClient;

beforeAll(async () => {
  [azurite, sandbox, connector] = await Promise.all([startAzurite({ oauth: true }), startSandbox({}), startRecordingConnector()]);
  const [port] = await freePorts(1);
  bot = await startBotProcess({
    name: 'keyless', port: port!, sandboxUrl: sandbox.url, account: { accountUrl: azurite.accountUrl! }, container: CONTAINER,
    env: { NODE_EXTRA_CA_CERTS: azurite.caPath! },
  });
  client = instanceClient(bot, connector, sandbox.target.tenantId);
}, 60_000);
afterAll(async () => {
  await bot?.kill();
  await Promise.all([azurite?.close(), sandbox?.close(), connector?.close()]);
});

/** A token from the sandbox's managed-identity endpoint, as App Service's answers a web app. */
async function identityToken(resource: string): Promise<string> {
  const mi = sandbox.managedIdentity;
  const res = await fetch(`${mi.endpoint}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}&client_id=${mi.clientId}`, { headers: { 'x-identity-header': mi.header } });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** GET on Azurite over HTTPS, trusting its certificate: status, error code and body. */
function blobGet(path: string, token?: string): Promise<{ status: number; code?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'x-ms-version': '2025-01-05', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    https.get(`${azurite.accountUrl}/${path}`, { ca: readFileSync(azurite.caPath!), headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode!, code: res.headers['x-ms-error-code'] as string | undefined, body }));
    }).on('error', reject);
  });
}

describe('the shared store reached by its account URL with the managed identity', () => {
  it('keeps a plan the bot asked for in the container, written with the identity\'s token', async () => {
    const asked = await askPlan(client, 'remove redirects source all');
    // The store names the blob by its encoded key (plan%2F<id>.json); the URL encodes that name once more.
    const blobName = `${encodeURIComponent(`plan/${asked.data.planId}`)}.json`;
    const stored = await blobGet(`${CONTAINER}/${encodeURIComponent(blobName)}`, await identityToken('https://storage.azure.com'));
    expect(stored.status).toBe(200);
    expect(JSON.parse(stored.body)).toMatchObject({ record: { state: 'pending', plan: { id: asked.data.planId, kind: 'remove-redirects' } } });
  }, 60_000);

  it('check setup names the managed identity it used and finds the container', async () => {
    const replies = await client.say('check setup');
    const text = cardText(cardIn(await answerTo(connector, replies[0]!)));
    expect(text).toContain(`Storage: Azure Blob container ${CONTAINER}`);
    expect(text).toContain(`reachable as the managed identity with client id ${sandbox.managedIdentity.clientId} (no key)`);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  }, 60_000);

  it('is refused without a token, or with the same identity\'s token for another resource', async () => {
    const path = `${CONTAINER}?restype=container`;
    expect(await blobGet(path, await identityToken('https://storage.azure.com'))).toMatchObject({ status: 200 });
    expect(await blobGet(path)).toMatchObject({ status: 403 });
    expect(await blobGet(path, await identityToken('https://vault.azure.net'))).toMatchObject({ status: 403, code: 'AuthenticationFailed' });
  }, 30_000);
});
