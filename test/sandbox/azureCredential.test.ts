// The bot's Azure credential, pointed at the sandbox's managed-identity endpoint as in sandbox mode: the
// DefaultAzureCredential chain reaches App Service's identity source and gets the identity's token.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { azureCredential, useSandboxManagedIdentity } from '../../services/azureCredential.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';

const KEYS = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
let sandbox: SandboxHandle;
beforeAll(async () => { sandbox = await startSandbox({ users: 10 }); });
afterAll(async () => {
  for (const k of KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
  await sandbox.close();
});

it('takes the sandbox\'s user-assigned identity, named by AZURE_CLIENT_ID', async () => {
  useSandboxManagedIdentity(sandbox.managedIdentity);
  expect(process.env.AZURE_CLIENT_ID).toBe(sandbox.managedIdentity.clientId);
  const token = await azureCredential().getToken('https://storage.azure.com/.default');
  expect(token).not.toBeNull();
  expect(jwt.decode(token!.token)).toMatchObject({ aud: 'https://storage.azure.com', oid: sandbox.managedIdentity.principalId });
  expect(azureCredential()).toBe(azureCredential());
});
