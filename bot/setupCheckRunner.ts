// Composes the setup check for a configuration: validates it with the bot's own rules, builds fresh
// tenant clients (their own token caches, no host-URL override, short retries so an unreachable host
// fails in seconds) on the live transport or the simulated tenants', and the bot-token request.
import { readFile } from 'node:fs/promises';
import jwt from 'jsonwebtoken';
import { azureCredential, azureCredentialIdentity } from '../services/azureCredential.js';
import { ConfigError } from '../services/errors.js';
import { KeyVaultCertificates, KeyVaultError } from '../services/tenants/keyVaultCertificates.js';
import { createLogger } from '../services/log.js';
import { systemClock, type Logger } from '../services/ports.js';
import { startSandbox } from '../services/sandbox/index.js';
import { joinSandbox } from '../services/sandbox/join.js';
import { probeContainer } from '../services/store/blobContainer.js';
import type { SandboxConnection } from '../services/sandbox/types.js';
import { runSetupCheck, type CheckReport } from '../services/setupCheck/runSetupCheck.js';
import type { BotCredentialSettings, RoleGroupSetting, SetupCheckDeps, SetupCheckInput, TenantCheckSettings, VaultRead } from '../services/setupCheck/types.js';
import { botFrameworkToken, BOT_FRAMEWORK_TENANT, createTenantClient, createTransport, type RetryPolicy, type Transport } from '../services/tenants/index.js';
import type { TenantSide } from '../services/tenants/types.js';
import { loadConfig, type Config } from './config.js';
import { liveTenantsConfigured, TENANT_KEYS } from './configRules.js';
import { keylessAzureInSandbox } from './tenantSetup.js';

export interface SetupCheckOptions {
  /** Tenant requests (default: the real hosts, or the simulated tenants' loopback in sandbox mode). */
  transport?: Transport;
  /** The Bot Framework token request (default: the real Entra). */
  botTransport?: Transport;
  /** Simulated tenants already running (the bot's own); otherwise sandbox mode starts a private pair. */
  sandbox?: SandboxConnection;
  logger?: Logger;
  now?: () => Date;
}

const CHECK_RETRY: Partial<RetryPolicy> = { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 1_000, maxTotalMs: 5_000 };

export async function checkSetup(env: Readonly<Record<string, string | undefined>>, options: SetupCheckOptions = {}): Promise<CheckReport> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '').map(([k, v]) => [k, v!.trim()]));
  const logger = options.logger ?? createLogger({ level: 'silent' });
  let config: Config | undefined;
  const problems: string[] = [];
  try {
    config = loadConfig(present);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...((err.detail?.problems as string[] | undefined) ?? [err.userMessage]));
  }
  const mode = config?.mode ?? (liveTenantsConfigured(present) ? 'live' : 'sandbox');
  let sandbox = options.sandbox;
  const ownSandbox = config?.mode === 'sandbox' && !sandbox && problems.length === 0;
  if (ownSandbox && config!.sandboxUrl) {
    // The shared sandbox the instances use is the one checked.
    sandbox = await joinSandbox(config!.sandboxUrl).catch((err: unknown) => {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err.userMessage);
      return undefined;
    });
  } else if (ownSandbox) {
    // Port 0: a bot may already hold SANDBOX_PORT; the check's private pair must not collide with it.
    sandbox = await startSandbox({ ...config!.sandboxOptions, port: 0 });
  }
  // npm run doctor on the simulated tenants: the store's credential takes their managed identity, as the bot's does.
  if (config?.mode === 'sandbox' && sandbox) keylessAzureInSandbox(config, sandbox);
  try {
    const input: SetupCheckInput = {
      mode, settingsProblems: problems, settingsWarnings: config ? warnings(config) : [],
      tenants: config && problems.length === 0 ? tenantSettings(config, sandbox) : undefined,
      bot: botSettings(present), teamsAppId: present.TEAMS_APP_ID,
      roleGroups: config && roleGroups(config),
      storage: config && storageSettings(config),
      keyVault: config?.keyVault && { url: config.keyVault.url },
    };
    const blob = config?.storage.kind === 'azure-blob' ? config.storage : undefined;
    const transport = options.transport ?? createTransport({ sandboxUrl: mode === 'sandbox' ? sandbox?.url : undefined });
    const authorityHost = config?.authorityHost ?? 'https://login.microsoftonline.com';
    return await runSetupCheck(input, {
      now: options.now ?? (() => new Date()),
      readFile: (path) => readFile(path, 'utf8'),
      clientFor: (t, pems) => createTenantClient({
        side: t.side, tenantId: t.tenantId, clientId: t.clientId, adminUrl: t.adminUrl, certificate: pems,
        authorityHost, graphUrl: config?.graphUrl ?? 'https://graph.microsoft.com',
      }, { transport, logger, retry: CHECK_RETRY }),
      botToken: (bot) => botFrameworkToken({
        appId: bot.appId, tenant: bot.appType === 'SingleTenant' && bot.tenantId ? bot.tenantId : BOT_FRAMEWORK_TENANT,
        password: bot.password, certificate: bot.certificate,
      }, authorityHost, options.botTransport ?? createTransport({}), logger),
      ...(blob ? { probeStorage: () => probeContainer(blob, blob.container) } : {}),
      ...(config?.keyVault && problems.length === 0 ? vaultDeps(config, sandbox, transport, logger) : {}),
    });
  } finally {
    if (ownSandbox) await sandbox?.close();
  }
}

const VAULT_SCOPE = 'https://vault.azure.net/.default';

/** Key Vault reads with the bot's own Azure credential, over the check's transport (the simulated vault in sandbox mode). */
function vaultDeps(config: Config, sandbox: SandboxConnection | undefined, transport: Transport, logger: Logger): Pick<SetupCheckDeps, 'vaultIdentity' | 'readVaultCertificate'> {
  const vault = new KeyVaultCertificates(config.keyVault!.url, azureCredential(), transport, { clock: systemClock, logger });
  return {
    vaultIdentity: async () => {
      const token = await azureCredential().getToken(VAULT_SCOPE);
      // Only who the token names is kept; the token itself goes nowhere.
      const claims = (token && jwt.decode(token.token)) as { appid?: string; azp?: string; oid?: string; tid?: string } | null;
      return { appId: claims?.appid ?? claims?.azp, objectId: claims?.oid, tenantId: claims?.tid };
    },
    readVaultCertificate: async (name, setting): Promise<VaultRead> => {
      try {
        const read = await vault.read(name, setting);
        return { ok: true, version: read.version, contentType: read.contentType, pems: read.pems };
      } catch (err) {
        if (err instanceof KeyVaultError) return { ok: false, failure: err.failure, message: err.userMessage };
        throw err;
      }
    },
  };
}

function tenantSettings(config: Config, sandbox: SandboxConnection | undefined): Record<TenantSide, TenantCheckSettings> | undefined {
  const make = (side: TenantSide): TenantCheckSettings | undefined => {
    const fromVault = config.keyVault && { kind: 'vault' as const, name: config.keyVault.certificateNames[side], setting: `${side.toUpperCase()}_CERT_NAME` };
    const override = config.hostUrlOverrides[side];
    const mail = {
      ...(side === 'target' && config.guidanceMailFrom ? { mailFrom: config.guidanceMailFrom } : {}),
      // Group roles read group membership; a site map's group sites are told through their groups' owners.
      ...(side === 'target' && (config.adminGroupIds.length + config.approverGroupIds.length > 0 || config.siteMapPath) ? { readsGroups: true } : {}),
      ...(side === 'target' && config.migrationSource === 'orchestrator' ? { readsOrchestrator: true } : {}),
    };
    if (config.tenants) {
      const t = config.tenants[side];
      const key = `${side.toUpperCase()}_CERT_PATH`;
      return { side, label: `${side} (${new URL(t.adminUrl).host})`, tenantId: t.tenantId, clientId: t.clientId, adminUrl: t.adminUrl, hostUrlOverride: override, certificate: fromVault || { kind: 'file', path: t.certPath!, setting: key }, ...mail };
    }
    if (!sandbox) return undefined;
    const s = sandbox[side];
    return {
      side, label: `${side} (${s.name}, simulated)`, tenantId: s.tenantId, clientId: s.clientId, adminUrl: s.adminUrl, hostUrlOverride: override,
      certificate: fromVault || { kind: 'memory', label: `the simulated ${s.name} app's certificate (made at start, in memory)`, privateKeyPem: s.privateKeyPem, certificatePem: s.certificatePem },
      ...mail,
    };
  };
  const source = make('source');
  const target = make('target');
  return source && target ? { source, target } : undefined;
}

function storageSettings(config: Config): SetupCheckInput['storage'] {
  const s = config.storage;
  if (s.kind === 'file') return { kind: 'file', dir: s.dir };
  return { kind: 'azure-blob', container: s.container, ...('accountUrl' in s ? { identity: azureCredentialIdentity() } : {}) };
}

function roleGroups(config: Config): RoleGroupSetting[] {
  return [
    ...config.adminGroupIds.map((groupId) => ({ role: 'admin' as const, setting: 'ADMIN_GROUP_IDS' as const, groupId })),
    ...config.approverGroupIds.map((groupId) => ({ role: 'approver' as const, setting: 'APPROVER_GROUP_IDS' as const, groupId })),
  ];
}

function botSettings(env: Record<string, string>): BotCredentialSettings | undefined {
  if (!env.MicrosoftAppId) return undefined;
  const type = (env.MicrosoftAppType ?? 'MultiTenant').toLowerCase();
  const appType = type === 'singletenant' ? 'SingleTenant' : type === 'userassignedmsi' ? 'UserAssignedMSI' : 'MultiTenant';
  const certificate = env.MicrosoftAppCertificateThumbprint && env.MicrosoftAppCertificatePrivateKey
    ? { thumbprint: env.MicrosoftAppCertificateThumbprint, privateKeyPem: env.MicrosoftAppCertificatePrivateKey } : undefined;
  return { appId: env.MicrosoftAppId, appType, tenantId: env.MicrosoftAppTenantId, password: env.MicrosoftAppPassword, certificate };
}

/** Valid settings that still leave part of the product idle in live mode. */
function warnings(config: Config): string[] {
  if (config.mode === 'sandbox') return [];
  const out: string[] = [];
  if (config.approverIds.length === 0 && config.approverGroupIds.length === 0) out.push('APPROVER_IDS / APPROVER_GROUP_IDS: neither is set, so nobody can approve a plan.');
  if (!config.sourceLicenseExpiry) out.push('SOURCE_LICENSE_EXPIRY: not set, so there are no reminders before the source licences end.');
  if (!config.identityMapPath) out.push('IDENTITY_MAP_PATH: not set, so "move status" cannot map target UPNs to source UPNs.');
  return out;
}
