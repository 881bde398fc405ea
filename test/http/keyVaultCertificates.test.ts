// The bot as npm start runs it, with KEY_VAULT_URL: the tenant apps' certificates come from the simulated
// tenants' Key Vault through the managed identity, a renewal in the vault is picked up by the running bot
// (the next command signs with the new certificate), and no key reaches the disk or the log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../services/ports.js';
import { VAULT_HOST } from '../../services/sandbox/routes/keyVault.js';
import { VAULT_RECHECK_MS } from '../../services/tenants/keyVaultCertificates.js';
import { createServer, connect } from 'node:net';
import { loadConfig } from '../../bot/config.js';
import { sandboxTenants } from '../../bot/tenantSetup.js';
import { cardText } from '../helpers/cards.js';
import { cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { memoryLogger } from '../helpers/logs.js';

const KEYS = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
let a: ApprovalBot;
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
const { logger, text } = memoryLogger('debug');

beforeAll(async () => {
  for (const k of KEYS) delete process.env[k];
  a = await startApprovalBot({ KEY_VAULT_URL: `https://${VAULT_HOST}` }, { clock, logger });
});
afterAll(async () => {
  await a.close();
  for (const k of KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const contosoSignIns = () => a.bot.sandbox!.signIns().filter((s) => s.tenant === 'contoso');

describe('the bot with its tenant certificates in Key Vault', () => {
  it('reads them through the managed identity and answers commands with them', async () => {
    const [reply] = await a.say('trust status');
    expect(cardText(cardIn(reply))).toContain('contoso');
    expect(contosoSignIns().length).toBeGreaterThan(0);
    expect(text()).toContain('app certificates read from Key Vault');
    expect(process.env.IDENTITY_ENDPOINT).toBe(a.bot.sandbox!.managedIdentity.endpoint);
  });

  it('signs with a certificate renewed in the vault from the next command after its re-read', async () => {
    const oldThumbprint = contosoSignIns().at(-1)!.thumbprint;
    // Renewed in the vault and registered on the app in place of the old one: the old key now fails at Entra.
    await a.bot.sandbox!.keyVault.rotate('source');
    offsetMs += VAULT_RECHECK_MS + 1_000;
    const [reply] = await a.say('trust status');
    expect(cardText(cardIn(reply))).toContain('contoso');
    const latest = contosoSignIns().at(-1)!;
    expect(latest.thumbprint).not.toBe(oldThumbprint);
  });

  it('writes no key or certificate to its data directory, and logs none', async () => {
    const files = await filesUnder(a.dir);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => /\.(pem|pfx|p12|key|crt)$/i.test(f))).toEqual([]);
    // Temporary files of writes in flight may be gone by the time they are read.
    for (const f of files) expect(await readFile(f, 'utf8').catch(() => '')).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
    expect(text()).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE|MII[A-Za-z0-9+/]{40}/);
  });
});

describe('a bot whose identity may not read the vault', () => {
  it('does not start, and says which role to grant', async () => {
    // The same simulated tenants (msal-node keeps one managed identity per process), the role taken away.
    const sandbox = a.bot.sandbox!;
    sandbox.keyVault.setAccess(false);
    try {
      await expect(startApprovalBot({ KEY_VAULT_URL: `https://${VAULT_HOST}` }, { sandbox, logger }))
        .rejects.toThrow(/refused to read certificate '(source|target)-tenant-app' \(403 Forbidden\)\. Grant the role "Key Vault Secrets User"/);
    } finally {
      sandbox.keyVault.setAccess(true);
    }
  });

  it('leaves no simulated tenants listening when the vault refuses at start', async () => {
    const port = await freePort();
    const config = loadConfig({ KEY_VAULT_URL: `https://${VAULT_HOST}`, SANDBOX_PORT: String(port), STORAGE: `file:${a.dir}/other` });
    await expect(sandboxTenants(config, logger, clock, { options: { keyVaultAccess: false, users: 10 } })).rejects.toThrow(/Key Vault/);
    await expect(reachable(port)).resolves.toBe(false);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}
