// A tenant client signing with a certificate kept in Key Vault, over real HTTP to the simulated tenants:
// a certificate renewed in the vault (and registered on the app in place of the old one) is used from the
// next token on, found either by the periodic re-read or at once when Entra refuses the old key.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { azureCredential, useSandboxManagedIdentity } from '../../services/azureCredential.js';
import { systemClock, type Clock } from '../../services/ports.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { VAULT_HOST } from '../../services/sandbox/routes/keyVault.js';
import { KeyVaultCertificates, VAULT_RECHECK_MS, VaultCertificateSource } from '../../services/tenants/keyVaultCertificates.js';
import { createTenantClient, createTransport, type TenantClient } from '../../services/tenants/index.js';
import { memoryLogger } from '../helpers/logs.js';

const KEYS = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
let sandbox: SandboxHandle;
let client: TenantClient;
let source: VaultCertificateSource;
// Real waits, a clock that can be moved forward past the re-read interval.
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
const { logger, text } = memoryLogger('debug');

beforeAll(async () => {
  sandbox = await startSandbox({ users: 10 });
  useSandboxManagedIdentity(sandbox.managedIdentity);
  const transport = createTransport({ sandboxUrl: sandbox.url });
  const vault = new KeyVaultCertificates(sandbox.keyVault.url, azureCredential(), transport, { clock, logger });
  source = await VaultCertificateSource.open(vault, sandbox.keyVault.certificateNames.source, 'SOURCE_CERT_NAME', { clock, logger });
  const t = sandbox.source;
  client = createTenantClient({ side: 'source', tenantId: t.tenantId, clientId: t.clientId, adminUrl: t.adminUrl, certificate: source,
    authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com' }, { transport, logger, clock });
});
afterAll(async () => {
  for (const k of KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
  await sandbox.close();
});

const lastSignIn = () => sandbox.signIns().filter((s) => s.tenant === 'contoso').at(-1)?.thumbprint;
const thumbprintOf = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('a tenant client with its certificate in Key Vault', () => {
  it('signs with the vault\'s certificate', async () => {
    expect(await client.getHostUrl()).toBe(sandbox.source.myHostUrl);
    expect(lastSignIn()).toBe(thumbprintOf(sandbox.source.certificatePem));
  });

  it('when Entra refuses the old key, reads the vault again at once and signs with the renewed certificate', async () => {
    const before = source.version;
    await sandbox.keyVault.rotate('source');
    // Graph's token is not cached yet: its request is signed with the old key, which the app no longer has.
    const access = await client.describeAccess('graph');
    expect(access.roles.length).toBeGreaterThan(0);
    expect(source.version).not.toBe(before);
    expect(lastSignIn()).toBe(thumbprintOf(source.current().certificatePem));
  });

  it('finds a renewal by its periodic re-read, and the next request signs with it', async () => {
    await client.getHostUrl(); // the current certificate's client holds a SharePoint token now
    const before = source.version;
    await sandbox.keyVault.rotate('source');
    // Inside the interval the cached token still serves: no read of the vault, no new sign-in.
    const signInsBefore = sandbox.signIns().length;
    await client.getHostUrl();
    expect(sandbox.signIns().length).toBe(signInsBefore);
    offsetMs += VAULT_RECHECK_MS + 1_000;
    await client.getHostUrl();
    expect(source.version).not.toBe(before);
    expect(lastSignIn()).toBe(thumbprintOf(source.current().certificatePem));
    expect(text()).toContain('app certificate renewed in Key Vault');
    expect(text()).not.toContain('PRIVATE KEY');
  });

  it('a renewal Key Vault made on its own, not yet registered on the app: signs with the previous certificate again, warns, and takes the new one up once registered', async () => {
    await client.getHostUrl();
    const registered = source.current().certificatePem;
    const before = source.version;
    // Key Vault's policy renewed the certificate; nobody uploaded the new one to the app registration.
    await sandbox.keyVault.rotate('source', { register: false });
    offsetMs += VAULT_RECHECK_MS + 1_000;
    // Graph's token is not cached for this client yet: it is asked for, with the renewed (unknown) key first.
    const access = await client.describeAccess('graph');
    expect(access.roles.length).toBeGreaterThan(0);
    expect(source.version).toBe(before);
    expect(lastSignIn()).toBe(thumbprintOf(registered));
    expect(text()).toContain('Entra refused the renewed app certificate: signing with the previous version again');
    // Registered later: the next re-read takes it up for good.
    await sandbox.keyVault.rotate('source');
    offsetMs += VAULT_RECHECK_MS + 1_000;
    expect(await client.getHostUrl()).toBe(sandbox.source.myHostUrl);
    expect(source.version).not.toBe(before);
    expect(lastSignIn()).toBe(thumbprintOf(source.current().certificatePem));
  });

  it('does not hold a request for a slow vault: the due re-read finishes on its own while the request signs with what it has', async () => {
    await client.getHostUrl();
    sandbox.setFaults({ latencyMs: 6_000, hosts: [VAULT_HOST] });
    try {
      offsetMs += VAULT_RECHECK_MS + 1_000;
      const started = Date.now();
      expect(await client.getHostUrl()).toBe(sandbox.source.myHostUrl);
      // Well under the vault's 6 s (the wait is 1 s), with room for a busy machine.
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      sandbox.setFaults({});
    }
    // Let the re-read in flight end before the next test counts the vault's requests.
    await source.refresh();
  }, 20_000);

  it('keeps signing with the certificate in hand when the vault refuses a re-read, and asks again only after the interval', async () => {
    const vaultReads = () => sandbox.stats().byHost[VAULT_HOST] ?? 0;
    sandbox.keyVault.setAccess(false);
    try {
      offsetMs += VAULT_RECHECK_MS + 1_000;
      const before = vaultReads();
      expect(await client.getHostUrl()).toBe(sandbox.source.myHostUrl);
      expect(vaultReads()).toBeGreaterThan(before);
      expect(text()).toContain('could not re-read the app certificate from Key Vault');
      const afterFailure = vaultReads();
      await client.getHostUrl();
      expect(vaultReads()).toBe(afterFailure);
    } finally {
      sandbox.keyVault.setAccess(true);
    }
  });
});
