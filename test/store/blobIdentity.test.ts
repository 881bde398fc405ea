// The shared store without a key: a whole bot process on simulated tenants with STORAGE=azure-blob and only
// AZURE_STORAGE_ACCOUNT_URL, against Azurite over HTTPS with Entra tokens (--oauth basic). No IDENTITY_ENDPOINT
// is given to the process: the bot points its Azure credential at the sandbox's managed-identity endpoint
// itself, so the real @azure/identity and @azure/storage-blob code carries every request. The process trusts
// Azurite's self-signed certificate through NODE_EXTRA_CA_CERTS; the test reads blobs back over HTTPS too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { askPlan } from '../guidance/campaignHelpers.js';
import { cardIn } from '../helpers/approvalBot.js';
import { identityToken, startAzurite, type Azurite } from '../helpers/azurite.js';
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

describe('the shared store reached by its account URL with the managed identity', () => {
  it('keeps a plan the bot asked for in the container, written with the identity\'s token', async () => {
    const asked = await askPlan(client, 'remove redirects source all');
    // The store names the blob by its encoded key (plan%2F<id>.json); the URL encodes that name once more.
    const blobName = `${encodeURIComponent(`plan/${asked.data.planId}`)}.json`;
    const stored = await azurite.request('GET', `${CONTAINER}/${encodeURIComponent(blobName)}`, await identityToken(sandbox.managedIdentity));
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
    expect(await azurite.request('GET', path, await identityToken(sandbox.managedIdentity))).toMatchObject({ status: 200 });
    expect(await azurite.request('GET', path)).toMatchObject({ status: 403 });
    expect(await azurite.request('GET', path, await identityToken(sandbox.managedIdentity, 'https://vault.azure.net'))).toMatchObject({ status: 403, code: 'AuthenticationFailed' });
  }, 30_000);
});
