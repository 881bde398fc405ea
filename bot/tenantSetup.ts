// Builds the two tenant clients: against the simulated tenants (started here) or the real ones. The
// clients are the same code either way; only the transport and the credentials differ.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { azureCredential, hasManagedIdentityEndpoint, useSandboxManagedIdentity } from '../services/azureCredential.js';
import { ConfigError } from '../services/errors.js';
import { parsePemBundle, type AppCertificate, type CertificateSource } from '../services/tenants/appCertificate.js';
import { KeyVaultCertificates, VaultCertificateSource } from '../services/tenants/keyVaultCertificates.js';
import type { Transport } from '../services/tenants/pipeline/transport.js';
import type { Clock, Logger } from '../services/ports.js';
import { startSandbox } from '../services/sandbox/index.js';
import { joinSandbox } from '../services/sandbox/join.js';
import type { SandboxConnection, SandboxHandle, SandboxOptions } from '../services/sandbox/types.js';
import { createTenantClient, createTransport, type TenantClientConfig } from '../services/tenants/index.js';
import type { TenantClientApi, TenantSide } from '../services/tenants/types.js';
import { noTelemetry, type Telemetry } from '../services/telemetry/telemetry.js';
import { createFileDownloader, type FileDownloader } from '../services/tenants/fileDownload.js';
import { createFileUploader, type FileUploader } from '../services/tenants/fileUpload.js';

/** Both tenants' clients, read and change operations (the read-only TenantPair is a view of this). */
export type TenantClients = Record<TenantSide, TenantClientApi>;
import type { Config, KeyVaultSettings } from './config.js';

export interface TenantSetup {
  tenants: TenantClients;
  sandbox?: SandboxConnection;
  /** The simulated tenants as this process started them (absent when joined through SANDBOX_URL). */
  localSandbox?: SandboxHandle;
  identityMapPath?: string;
  /** SITE_MAP_PATH, or in sandbox mode the simulated tenants' own site map. */
  siteMapPath?: string;
  /** Files sent to the bot in chat, over the same transport as the tenant clients (the sandbox's, there). */
  downloadFile: FileDownloader;
  /** Exports sent to a person's OneDrive after they accept the file, over the same transport. */
  uploadFile: FileUploader;
  licenceExpiry?: string;
  /** The target tenant's Entra id: where migrated people are messaged. */
  targetTenantId: string;
  /** The Teams tenants allowed when ALLOWED_TENANT_IDS is not set: the target tenant. */
  defaultAllowedTenantIds: string[];
  close(): Promise<void>;
}

type Credentials = Pick<TenantClientConfig, 'tenantId' | 'clientId' | 'adminUrl' | 'certificate'>;

function clientsFor(config: Config, creds: Record<TenantSide, Credentials>, sandboxUrl: string | undefined, logger: Logger, clock: Clock, telemetry: Telemetry): TenantClients {
  const transport = createTransport({ sandboxUrl });
  const make = (side: TenantSide) => createTenantClient(
    { side, ...creds[side], hostUrlOverride: config.hostUrlOverrides[side], authorityHost: config.authorityHost, graphUrl: config.graphUrl },
    { transport, logger, clock, telemetry },
  );
  return { source: make('source'), target: make('target') };
}

/** Writes one of the simulated tenants' files into the data folder, where the maps sent in chat are kept too. */
async function rehearsalFile(config: Config, name: string, content: string): Promise<string> {
  await mkdir(config.storage.dir, { recursive: true });
  const path = join(config.storage.dir, name);
  await writeFile(path, content, 'utf8');
  return path;
}

/** `running`: simulated tenants started by the caller (tests restarting the bot), left open on close. */
export async function sandboxTenants(config: Config, logger: Logger, clock: Clock, extra: { options?: SandboxOptions; running?: SandboxHandle; telemetry?: Telemetry } = {}): Promise<TenantSetup> {
  // SANDBOX_URL: several instances join one standalone sandbox (npm run sandbox) and see one pair of tenants.
  const localSandbox = extra.running ?? (config.sandboxUrl ? undefined : await startSandbox({ ...config.sandboxOptions, ...extra.options, port: config.sandboxPort ?? 0 }));
  const sandbox: SandboxConnection = localSandbox ?? await joinSandbox(config.sandboxUrl!);
  keylessAzureInSandbox(config, sandbox);
  logger.info({ url: sandbox.url, source: sandbox.source.name, target: sandbox.target.name, shared: Boolean(config.sandboxUrl && !extra.running) }, 'simulated tenants ready');
  // The rehearsal's own maps (its people and the sites and group sites it moved), unless a path names another file.
  const identityMapPath = config.identityMapPath ?? await rehearsalFile(config, 'sandbox-identity-map.csv', sandbox.identityMapCsv());
  const siteMapPath = config.siteMapPath ?? await rehearsalFile(config, 'sandbox-site-map.csv', sandbox.siteMapCsv());
  // With KEY_VAULT_URL the apps' certificates come from the sandbox's vault, as they would from a real one.
  // A vault that refuses leaves no simulated tenants behind: the process could not end while they listen.
  const fromVault = config.keyVault && await sandboxVaultCertificates(config.keyVault, sandbox, logger, clock).catch(async (err: unknown) => {
    if (!extra.running) await sandbox.close();
    throw err;
  });
  const cred = (side: TenantSide): Credentials => {
    const t = sandbox[side];
    return {
      tenantId: t.tenantId, clientId: t.clientId, adminUrl: t.adminUrl,
      certificate: fromVault ? fromVault[side] : { privateKeyPem: t.privateKeyPem, certificatePem: t.certificatePem },
    };
  };
  return {
    tenants: clientsFor(config, { source: cred('source'), target: cred('target') }, sandbox.url, logger, clock, extra.telemetry ?? noTelemetry),
    sandbox,
    localSandbox,
    identityMapPath,
    siteMapPath,
    downloadFile: createFileDownloader(createTransport({ sandboxUrl: sandbox.url })),
    uploadFile: createFileUploader(createTransport({ sandboxUrl: sandbox.url })),
    licenceExpiry: config.sourceLicenseExpiry ?? sandbox.licenceExpiry,
    targetTenantId: sandbox.target.tenantId,
    defaultAllowedTenantIds: [sandbox.target.tenantId],
    close: () => (extra.running ? Promise.resolve() : sandbox.close()),
  };
}

/**
 * Against the simulated tenants, what the bot reaches with the Azure credential instead of a key (the store
 * by AZURE_STORAGE_ACCOUNT_URL, the certificates by KEY_VAULT_URL) gets its tokens from the sandbox's managed identity, as a web app's from
 * App Service. Before the first token; left alone when IDENTITY_ENDPOINT is set already (a test or a child
 * process pointed it at a sandbox of its own).
 */
export function keylessAzureInSandbox(config: Config, sandbox: Pick<SandboxConnection, 'managedIdentity'>, env: NodeJS.ProcessEnv = process.env): void {
  const keylessStorage = config.storage.kind === 'azure-blob' && 'accountUrl' in config.storage;
  if ((keylessStorage || config.keyVault) && !hasManagedIdentityEndpoint(env)) useSandboxManagedIdentity(sandbox.managedIdentity, env);
}

export async function liveTenants(config: Config, logger: Logger, clock: Clock, telemetry: Telemetry = noTelemetry): Promise<TenantSetup> {
  const t = config.tenants!;
  const fromVault = config.keyVault && await vaultCertificates(config.keyVault, createTransport({}), logger, clock);
  const cred = async (side: TenantSide): Promise<Credentials> => ({
    tenantId: t[side].tenantId, clientId: t[side].clientId, adminUrl: t[side].adminUrl,
    certificate: fromVault ? fromVault[side] : await readPem(t[side].certPath!, `${side.toUpperCase()}_CERT_PATH`),
  });
  return {
    tenants: clientsFor(config, { source: await cred('source'), target: await cred('target') }, undefined, logger, clock, telemetry),
    identityMapPath: config.identityMapPath,
    siteMapPath: config.siteMapPath,
    downloadFile: createFileDownloader(createTransport({})),
    uploadFile: createFileUploader(createTransport({})),
    licenceExpiry: config.sourceLicenseExpiry,
    targetTenantId: t.target.tenantId,
    defaultAllowedTenantIds: [t.target.tenantId],
    close: async () => {},
  };
}

/** Both apps' certificates from the vault, each kept current with the vault's latest version. */
async function vaultCertificates(vault: KeyVaultSettings, transport: Transport, logger: Logger, clock: Clock): Promise<Record<TenantSide, CertificateSource>> {
  const reader = new KeyVaultCertificates(vault.url, azureCredential(), transport, { clock, logger });
  const open = (side: TenantSide) => VaultCertificateSource.open(reader, vault.certificateNames[side], `${side.toUpperCase()}_CERT_NAME`, { clock, logger });
  const [source, target] = await Promise.all([open('source'), open('target')]);
  logger.info({ vault: new URL(vault.url).host, source: { name: vault.certificateNames.source, version: source.version }, target: { name: vault.certificateNames.target, version: target.version } }, 'app certificates read from Key Vault');
  return { source, target };
}

async function sandboxVaultCertificates(vault: KeyVaultSettings, sandbox: SandboxConnection, logger: Logger, clock: Clock): Promise<Record<TenantSide, CertificateSource>> {
  if (new URL(vault.url).host !== new URL(sandbox.keyVault.url).host) {
    throw new ConfigError(`KEY_VAULT_URL: the simulated tenants' vault is ${sandbox.keyVault.url}; set KEY_VAULT_URL to it (or unset it) in sandbox mode.`);
  }
  return vaultCertificates(vault, createTransport({ sandboxUrl: sandbox.url }), logger, clock);
}

/** One PEM file holds the app's private key and its certificate (what Entra was given). */
async function readPem(path: string, key: string): Promise<AppCertificate> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${key}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}). Point it at a PEM file holding the private key and the certificate.`);
  }
  const parsed = parsePemBundle(text);
  if (!parsed.ok) throw new ConfigError(`${key}: ${path} has ${parsed.missing} in PEM form (-----BEGIN …-----).`);
  return parsed.pems;
}
