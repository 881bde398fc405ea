// The App Service managed-identity endpoint of the sandbox, called by the real client code: @azure/identity's
// ManagedIdentityCredential (msal-node's AppService source), which reads IDENTITY_ENDPOINT / IDENTITY_HEADER.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManagedIdentityCredential } from '@azure/identity';
import jwt from 'jsonwebtoken';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { joinSandbox } from '../../services/sandbox/join.js';

let sandbox: SandboxHandle;
const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
beforeAll(async () => {
  sandbox = await startSandbox({ users: 10 });
  process.env.IDENTITY_ENDPOINT = sandbox.managedIdentity.endpoint;
  process.env.IDENTITY_HEADER = sandbox.managedIdentity.header;
});
afterAll(async () => {
  for (const [k, v] of [['IDENTITY_ENDPOINT', saved.endpoint], ['IDENTITY_HEADER', saved.header]] as const) {
    if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
  await sandbox.close();
});

const claimsOf = (token: string) => jwt.decode(token) as Record<string, unknown>;

describe('the sandbox\'s managed-identity endpoint', () => {
  it('gives the named user-assigned identity a token for Key Vault', async () => {
    const mi = sandbox.managedIdentity;
    const token = await new ManagedIdentityCredential({ clientId: mi.clientId }).getToken('https://vault.azure.net/.default');
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(claimsOf(token.token)).toMatchObject({ aud: 'https://vault.azure.net', tid: mi.tenantId, appid: mi.clientId, oid: mi.principalId, iss: `https://sts.windows.net/${mi.tenantId}/` });
    expect(mi.tenantId).toBe(sandbox.target.tenantId);
  });

  it('gives Blob Storage tokens too', async () => {
    const token = await new ManagedIdentityCredential({ clientId: sandbox.managedIdentity.clientId }).getToken('https://storage.azure.com/.default');
    expect(claimsOf(token.token).aud).toBe('https://storage.azure.com');
  });

  it('refuses an identity the app does not carry, and a wrong IDENTITY_HEADER', async () => {
    await expect(new ManagedIdentityCredential({ clientId: '00000000-0000-0000-0000-000000000001' }).getToken('https://vault.azure.net/.default')).rejects.toThrow();
    const res = await fetch(`${sandbox.managedIdentity.endpoint}?api-version=2019-08-01&resource=https://vault.azure.net&client_id=${sandbox.managedIdentity.clientId}`, { headers: { 'x-identity-header': 'wrong' } });
    expect(res.status).toBe(401);
    const ok = await fetch(`${sandbox.managedIdentity.endpoint}?api-version=2019-08-01&resource=https://vault.azure.net&client_id=${sandbox.managedIdentity.clientId}`, { headers: { 'x-identity-header': sandbox.managedIdentity.header } });
    expect(ok.status).toBe(200);
  });

  it('refuses a resource it does not serve', async () => {
    const res = await fetch(`${sandbox.managedIdentity.endpoint}?api-version=2019-08-01&resource=https://example.com&client_id=${sandbox.managedIdentity.clientId}`, { headers: { 'x-identity-header': sandbox.managedIdentity.header } });
    expect(res.status).toBe(400);
  });

  it('is published to bot instances that join the sandbox', async () => {
    const joined = await joinSandbox(sandbox.url);
    expect(joined.managedIdentity).toMatchObject({ endpoint: sandbox.managedIdentity.endpoint, header: sandbox.managedIdentity.header, clientId: sandbox.managedIdentity.clientId });
  });
});
