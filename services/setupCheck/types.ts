// The setup check's input, its report, and what it needs from outside. No botbuilder and no HTTP here:
// the composition root hands in tenant clients and the bot-token request (services/tenants/).
import type { AccessDescription, AccessResource } from '../tenants/access.js';
import type { TenantSide } from '../tenants/types.js';

export type CheckStatus = true | false | 'warn';

export interface CheckItem {
  /** Stable id, e.g. `source.certificate.expiry`. */
  id: string;
  title: string;
  ok: CheckStatus;
  /** What was found. Never a token, key or secret. */
  detail: string;
  /** What exactly to change, when not ok. */
  fix?: string;
}

export interface CheckReport {
  mode: 'sandbox' | 'live';
  items: CheckItem[];
}

/** Where a tenant's app certificate comes from: the PEM file of a setting, Key Vault, or the sandbox's memory. */
export type CertificateSource =
  | { kind: 'file'; path: string; setting: string }
  /** `setting`: the *_CERT_NAME key that names it. */
  | { kind: 'vault'; name: string; setting: string }
  | { kind: 'memory'; label: string; privateKeyPem: string; certificatePem: string };

export interface TenantCheckSettings {
  side: TenantSide;
  /** Shown in titles, e.g. "source (contoso)". */
  label: string;
  tenantId: string;
  clientId: string;
  adminUrl: string;
  /** SOURCE_HOST_URL / TARGET_HOST_URL, when set. */
  hostUrlOverride?: string;
  certificate: CertificateSource;
  /** GUIDANCE_MAIL_FROM, on the target tenant when set: its Graph token must then carry Mail.Send too. */
  mailFrom?: string;
  /** On the target tenant with ADMIN_GROUP_IDS, APPROVER_GROUP_IDS or SITE_MAP_PATH set: GroupMember.Read.All is needed too. */
  readsGroups?: boolean;
  /** On the target tenant with MIGRATION_SOURCE=orchestrator: CrossTenantContentMigration.Read.All is needed too. */
  readsOrchestrator?: boolean;
}

export interface BotCredentialSettings {
  appId: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  password?: string;
  certificate?: { thumbprint: string; privateKeyPem: string };
}

export interface SetupCheckInput {
  mode: 'sandbox' | 'live';
  /** The configuration check's own findings (bot/config.ts), `KEY: what is wrong`, one per line. */
  settingsProblems: string[];
  /** Settings that are valid but worth a second look (e.g. nobody can approve), same form. */
  settingsWarnings: string[];
  /** Undefined when the settings are too broken to know the tenants. */
  tenants?: Record<TenantSide, TenantCheckSettings>;
  /** Undefined: authentication off. */
  bot?: BotCredentialSettings;
  /** TEAMS_APP_ID as set (undefined when unset). */
  teamsAppId?: string;
  /**
   * STORAGE as configured (undefined when the settings are too broken to know it). `identity`: with
   * AZURE_STORAGE_ACCOUNT_URL, who the Azure credential signs in as (no key); absent with a connection string.
   */
  storage?: { kind: 'file'; dir: string } | { kind: 'azure-blob'; container: string; identity?: string };
  /** ADMIN_GROUP_IDS / APPROVER_GROUP_IDS, read on the target tenant. */
  roleGroups?: RoleGroupSetting[];
  /** KEY_VAULT_URL, when set: the tenant certificates of kind 'vault' are read there. */
  keyVault?: { url: string };
}

/** The identity a Key Vault token was issued to (claims of the token; the token itself is never kept). */
export interface VaultIdentity { appId?: string; objectId?: string; tenantId?: string }

/** A certificate read from the vault, or why it could not be (services/tenants/keyVaultCertificates.ts). */
export type VaultRead =
  | { ok: true; version: string; contentType?: string; pems: { privateKeyPem: string; certificatePem: string } }
  | { ok: false; failure: 'identity' | 'denied' | 'notFound' | 'unreachable' | 'unreadable'; message: string };

export interface RoleGroupSetting { role: 'admin' | 'approver'; setting: 'ADMIN_GROUP_IDS' | 'APPROVER_GROUP_IDS'; groupId: string }

/** The shared store's container as a read of its properties finds it (services/store/blobContainer.ts). */
export type StorageProbe = { state: 'ok' } | { state: 'missing' } | { state: 'error'; reason: string; status?: number; code?: string };

/** The slice of a tenant client the check uses: reads only, so the check changes nothing. */
export interface CheckClient {
  describeAccess(resource: AccessResource): Promise<AccessDescription>;
  getHostUrl(): Promise<string>;
  getSite(url: string): Promise<{ exists: boolean }>;
  getTrust(partnerRole: 'Source' | 'Target', partnerHostUrl: string): Promise<{ verification: string }>;
  getGroup?(groupId: string): Promise<{ displayName: string; memberCount: number }>;
}

export interface SetupCheckDeps {
  now(): Date;
  readFile(path: string): Promise<string>;
  /** A fresh client for the tenant (its own token cache), with the certificate the check read. */
  clientFor(settings: TenantCheckSettings, pems: { privateKeyPem: string; certificatePem: string }): CheckClient;
  /** Gets the bot's own token; throws a DomainError saying what is wrong. */
  botToken(bot: BotCredentialSettings): Promise<{ expiresOn?: Date }>;
  /** With STORAGE=azure-blob: reads the container's properties (changes nothing). */
  probeStorage?(): Promise<StorageProbe>;
  /** With KEY_VAULT_URL: the managed identity's Key Vault token, as who it names; throws saying why there is none. */
  vaultIdentity?(): Promise<VaultIdentity>;
  /** With KEY_VAULT_URL: reads one certificate (a secret read: changes nothing). */
  readVaultCertificate?(name: string, setting: string): Promise<VaultRead>;
}
