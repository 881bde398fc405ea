// The sandbox's Key Vault read by the real client code: @azure/keyvault-secrets' SecretClient (challenge
// auth: an unauthenticated first request, 401 with the challenge, then the managed identity's token) over
// the project's transport, as the bot reads the tenant apps' certificates.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { azureCredential, useSandboxManagedIdentity } from '../../services/azureCredential.js';
import { systemClock } from '../../services/ports.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { joinSandbox } from '../../services/sandbox/join.js';
import { VAULT_HOST } from '../../services/sandbox/routes/keyVault.js';
import { KeyVaultCertificates, KeyVaultError } from '../../services/tenants/keyVaultCertificates.js';
import { createTransport } from '../../services/tenants/index.js';
import { memoryLogger } from '../helpers/logs.js';

const KEYS = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
let sandbox: SandboxHandle;
let vault: KeyVaultCertificates;
const { logger } = memoryLogger('debug');

beforeAll(async () => {
  sandbox = await startSandbox({ users: 10 });
  useSandboxManagedIdentity(sandbox.managedIdentity);
  vault = new KeyVaultCertificates(sandbox.keyVault.url, azureCredential(), createTransport({ sandboxUrl: sandbox.url }), { clock: systemClock, logger });
});
afterAll(async () => {
  for (const k of KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
  await sandbox.close();
});

const samePrivateKey = (a: string, b: string) => createPrivateKey(a).export({ format: 'pem', type: 'pkcs8' }) === createPrivateKey(b).export({ format: 'pem', type: 'pkcs8' });
const failureOf = (p: Promise<unknown>) => p.then(() => 'read', (err: unknown) => (err instanceof KeyVaultError ? err : Promise.reject(err)));

describe('the sandbox\'s Key Vault', () => {
  it('asks an unauthenticated caller for a bearer token with Key Vault\'s challenge', async () => {
    const res = await fetch(`${sandbox.url}/secrets/${sandbox.keyVault.certificateNames.source}?api-version=2025-07-01`, { headers: { 'x-original-host': VAULT_HOST } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer authorization="https://login.microsoftonline.com/${sandbox.managedIdentity.tenantId}", resource="https://vault.azure.net"`);
  });

  it('serves the source app\'s certificate as PEM and the target app\'s as PFX, each the pair the tenant trusts', async () => {
    const source = await vault.read(sandbox.keyVault.certificateNames.source, 'SOURCE_CERT_NAME');
    const target = await vault.read(sandbox.keyVault.certificateNames.target, 'TARGET_CERT_NAME');
    expect(source.contentType).toBe('application/x-pem-file');
    expect(target.contentType).toBe('application/x-pkcs12');
    for (const [read, side] of [[source, 'source'], [target, 'target']] as const) {
      expect(read.version).toMatch(/^[0-9a-f]{32}$/);
      expect(new X509Certificate(read.pems.certificatePem).fingerprint256).toBe(new X509Certificate(sandbox[side].certificatePem).fingerprint256);
      expect(samePrivateKey(read.pems.privateKeyPem, sandbox[side].privateKeyPem)).toBe(true);
    }
  });

  it('answers a renewed certificate as a new version', async () => {
    const before = await vault.read(sandbox.keyVault.certificateNames.target, 'TARGET_CERT_NAME');
    const version = await sandbox.keyVault.rotate('target', { register: false });
    const after = await vault.read(sandbox.keyVault.certificateNames.target, 'TARGET_CERT_NAME');
    expect(after.version).toBe(version);
    expect(after.version).not.toBe(before.version);
    expect(after.pems.certificatePem).not.toBe(before.pems.certificatePem);
  });

  it('refuses an identity without Key Vault Secrets User (403), saying which role to grant', async () => {
    sandbox.keyVault.setAccess(false);
    try {
      const err = await failureOf(vault.read(sandbox.keyVault.certificateNames.source, 'SOURCE_CERT_NAME')) as KeyVaultError;
      expect(err.failure).toBe('denied');
      expect(err.userMessage).toContain('Key Vault Secrets User');
    } finally {
      sandbox.keyVault.setAccess(true);
    }
  });

  it('says when there is no such certificate, and when the vault cannot be reached', async () => {
    const missing = await failureOf(vault.read('no-such-cert', 'SOURCE_CERT_NAME')) as KeyVaultError;
    expect(missing.failure).toBe('notFound');
    expect(missing.userMessage).toContain('az keyvault certificate import');
    const elsewhere = new KeyVaultCertificates('https://other-vault.vault.azure.net', azureCredential(), createTransport({ sandboxUrl: sandbox.url }), { clock: systemClock, logger });
    const unreachable = await failureOf(elsewhere.read('source-tenant-app', 'SOURCE_CERT_NAME')) as KeyVaultError;
    expect(unreachable.failure).toBe('unreachable');
  });

  it('refuses a token issued for another resource', async () => {
    const storage = await azureCredential().getToken('https://storage.azure.com/.default');
    const res = await fetch(`${sandbox.url}/secrets/${sandbox.keyVault.certificateNames.source}?api-version=2025-07-01`, { headers: { 'x-original-host': VAULT_HOST, authorization: `Bearer ${storage!.token}` } });
    expect(res.status).toBe(401);
  });

  it('is published to bot instances that join the sandbox', async () => {
    const joined = await joinSandbox(sandbox.url);
    expect(joined.keyVault).toEqual({ url: `https://${VAULT_HOST}`, certificateNames: { source: 'source-tenant-app', target: 'target-tenant-app' } });
  });
});
