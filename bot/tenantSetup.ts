// Builds the two tenant clients: against the simulated tenants (started here) or the real ones. The
// clients are the same code either way; only the transport and the credentials differ.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../services/errors.js';
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
import type { Config } from './config.js';

export interface TenantSetup {
  tenants: TenantClients;
  sandbox?: SandboxConnection;
  /** The simulated tenants as this process started them (absent when joined through SANDBOX_URL). */
  localSandbox?: SandboxHandle;
  identityMapPath?: string;
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

/** `running`: simulated tenants started by the caller (tests restarting the bot), left open on close. */
export async function sandboxTenants(config: Config, logger: Logger, clock: Clock, extra: { options?: SandboxOptions; running?: SandboxHandle; telemetry?: Telemetry } = {}): Promise<TenantSetup> {
  // SANDBOX_URL: several instances join one standalone sandbox (npm run sandbox) and see one pair of tenants.
  const localSandbox = extra.running ?? (config.sandboxUrl ? undefined : await startSandbox({ ...config.sandboxOptions, ...extra.options, port: config.sandboxPort ?? 0 }));
  const sandbox: SandboxConnection = localSandbox ?? await joinSandbox(config.sandboxUrl!);
  logger.info({ url: sandbox.url, source: sandbox.source.name, target: sandbox.target.name, shared: Boolean(config.sandboxUrl && !extra.running) }, 'simulated tenants ready');
  let identityMapPath = config.identityMapPath;
  if (!identityMapPath) {
    await mkdir(config.storage.dir, { recursive: true });
    identityMapPath = join(config.storage.dir, 'sandbox-identity-map.csv');
    await writeFile(identityMapPath, sandbox.identityMapCsv(), 'utf8');
  }
  const cred = (t: SandboxConnection['source']): Credentials => ({
    tenantId: t.tenantId, clientId: t.clientId, adminUrl: t.adminUrl,
    certificate: { privateKeyPem: t.privateKeyPem, certificatePem: t.certificatePem },
  });
  return {
    tenants: clientsFor(config, { source: cred(sandbox.source), target: cred(sandbox.target) }, sandbox.url, logger, clock, extra.telemetry ?? noTelemetry),
    sandbox,
    localSandbox,
    identityMapPath,
    downloadFile: createFileDownloader(createTransport({ sandboxUrl: sandbox.url })),
    uploadFile: createFileUploader(createTransport({ sandboxUrl: sandbox.url })),
    licenceExpiry: config.sourceLicenseExpiry ?? sandbox.licenceExpiry,
    targetTenantId: sandbox.target.tenantId,
    defaultAllowedTenantIds: [sandbox.target.tenantId],
    close: () => (extra.running ? Promise.resolve() : sandbox.close()),
  };
}

export async function liveTenants(config: Config, logger: Logger, clock: Clock, telemetry: Telemetry = noTelemetry): Promise<TenantSetup> {
  const t = config.tenants!;
  const cred = async (side: TenantSide): Promise<Credentials> => ({
    tenantId: t[side].tenantId, clientId: t[side].clientId, adminUrl: t[side].adminUrl,
    certificate: await readPem(t[side].certPath, `${side.toUpperCase()}_CERT_PATH`),
  });
  return {
    tenants: clientsFor(config, { source: await cred('source'), target: await cred('target') }, undefined, logger, clock, telemetry),
    identityMapPath: config.identityMapPath,
    downloadFile: createFileDownloader(createTransport({})),
    uploadFile: createFileUploader(createTransport({})),
    licenceExpiry: config.sourceLicenseExpiry,
    targetTenantId: t.target.tenantId,
    defaultAllowedTenantIds: [t.target.tenantId],
    close: async () => {},
  };
}

/** One PEM file holds the app's private key and its certificate (what Entra was given). */
async function readPem(path: string, key: string): Promise<Credentials['certificate']> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${key}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}). Point it at a PEM file holding the private key and the certificate.`);
  }
  const privateKeyPem = text.match(/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/)?.[0];
  const certificatePem = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
  const missing = [privateKeyPem ? '' : 'an unencrypted private key', certificatePem ? '' : 'a certificate'].filter(Boolean);
  if (missing.length) throw new ConfigError(`${key}: ${path} has no ${missing.join(' and no ')} in PEM form (-----BEGIN …-----).`);
  return { privateKeyPem: `${privateKeyPem}\n`, certificatePem: `${certificatePem}\n` };
}
