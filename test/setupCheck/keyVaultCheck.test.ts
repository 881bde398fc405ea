// `check setup` with KEY_VAULT_URL on the simulated tenants: the managed identity, the vault and each
// certificate read from it are reported OK; a missing role, a missing certificate and a vault that cannot
// be reached are failures that say what to change.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { checkSetup } from '../../bot/setupCheckRunner.js';
import { VAULT_HOST } from '../../services/sandbox/routes/keyVault.js';
import type { CheckItem } from '../../services/setupCheck/types.js';
import { cardText } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

const KEYS = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
const VAULT = { KEY_VAULT_URL: `https://${VAULT_HOST}` };
let h: BotHarness;
beforeAll(async () => {
  for (const k of KEYS) delete process.env[k];
  h = await startBotHarness();
});
afterAll(async () => {
  await h.close();
  for (const k of KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
});

const check = (env: Record<string, string> = VAULT) => checkSetup(env, { sandbox: h.env.sandbox, logger: h.services.logger });
const item = (items: CheckItem[], id: string) => {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${items.map((i) => i.id).join(', ')}`);
  return found;
};

describe('check setup with KEY_VAULT_URL', () => {
  it('reports the identity, the vault and each certificate read from it OK, on the card in chat, role groups too', async () => {
    // The simulated target tenant's Migration admins group, so identity, vault and groups are checked together.
    h.services.setupCheck = () => check({ ...VAULT, ADMIN_GROUP_IDS: '4b1e0c2a-7d3f-4e5a-9b6c-0a1b2c3d4e01' });
    const card = cardOf((await h.say('check setup'))[0]);
    const text = cardText(card);
    expect(text).toMatch(/\d+ ok, 1 warnings, 0 failed/);
    const mi = h.env.sandbox.managedIdentity;
    expect(text).toContain(`Managed identity (Key Vault)`);
    expect(text).toContain(`issued to app ${mi.clientId} (object id ${mi.principalId}) in tenant ${mi.tenantId}`);
    expect(text).toContain(`Key Vault ${VAULT_HOST}`);
    expect(text).toContain('(2 of 2 certificates read)');
    expect(text).toMatch(/ADMIN_GROUP_IDS.*Migration admins/);
    expect(text).toMatch(/source \(contoso, simulated\): certificate in Key Vault\n.*'source-tenant-app' \(SOURCE_CERT_NAME\) version [0-9a-f]{32} \(PEM\)/);
    expect(text).toMatch(/target \(fabrikam, simulated\): certificate in Key Vault\n.*'target-tenant-app' \(TARGET_CERT_NAME\) version [0-9a-f]{32} \(PFX\)/);
    const sha1 = new X509Certificate(h.env.sandbox.target.certificatePem).fingerprint.replace(/:/g, '');
    expect(text).toContain(`certificate ${sha1} (SHA-1 thumbprint) and its private key are a pair`);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it('fails the vault without the Key Vault Secrets User role, saying to grant it to the identity', async () => {
    h.env.sandbox.keyVault.setAccess(false);
    try {
      const report = await check();
      const vault = item(report.items, 'keyVault.access');
      expect(vault.ok).toBe(false);
      expect(vault.detail).toContain('403');
      expect(vault.fix).toContain(`Grant "Key Vault Secrets User" on the vault to the managed identity (object id ${h.env.sandbox.managedIdentity.principalId})`);
      expect(item(report.items, 'source.certificate.vault').ok).toBe(false);
      expect(item(report.items, 'keyVault.identity').ok).toBe(true);
    } finally {
      h.env.sandbox.keyVault.setAccess(true);
    }
  });

  it('fails a certificate the vault does not hold, saying how to import it', async () => {
    const report = await check({ ...VAULT, TARGET_CERT_NAME: 'fabrikam-app' });
    expect(item(report.items, 'keyVault.access').ok).toBe(true);
    const target = item(report.items, 'target.certificate.vault');
    expect(target.ok).toBe(false);
    expect(target.detail).toContain('no such certificate in the vault');
    expect(target.fix).toContain('az keyvault certificate import --vault-name <vault> --name fabrikam-app');
    expect(item(report.items, 'source.certificate.vault').ok).toBe(true);
  });

  it('fails a vault that cannot be reached, naming KEY_VAULT_URL', async () => {
    const report = await check({ KEY_VAULT_URL: 'https://no-such-vault.vault.azure.net' });
    const vault = item(report.items, 'keyVault.access');
    expect(vault.ok).toBe(false);
    expect(vault.detail).toBe('cannot be reached');
    expect(vault.fix).toContain('Check KEY_VAULT_URL');
  });
});
