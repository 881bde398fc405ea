// Configuration, read once at start. Every mistake is reported together, each with the key, what is
// wrong and an example, so a person fixes their .env in one go instead of one restart per typo.
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../services/errors.js';
import { SANDBOX_KNOBS, sandboxOptionsFromEnv } from '../services/sandbox/envOptions.js';
import type { SandboxOptions } from '../services/sandbox/types.js';
import type { BlobAccount } from '../services/store/blobContainer.js';
import type { TenantSide } from '../services/tenants/types.js';
import { SANDBOX_PEOPLE } from './sandboxPeople.js';
import { BOT_CREDENTIAL_HINT, hasBotCredentials, liveTenantsConfigured, missingTenantKeys, tenantKeysSet } from './configRules.js';

export interface TenantSettings {
  adminUrl: string;
  tenantId: string;
  clientId: string;
  /** *_CERT_PATH: the PEM file; absent when the certificate comes from Key Vault (Config.keyVault). */
  certPath?: string;
}

/** KEY_VAULT_URL: the vault the tenant apps' certificates are read from, and their names in it. */
export interface KeyVaultSettings {
  url: string;
  certificateNames: Readonly<Record<TenantSide, string>>;
}

export interface Config {
  mode: 'sandbox' | 'live';
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** ANSWER_WITHIN_MS: how long a command may take inside the turn before a reading card answers for it (default 1 s). */
  answerWithinMs?: number;
  /** Authentication is on exactly when a bot app id is configured. */
  authEnabled: boolean;
  /** The raw environment, handed to botbuilder unchanged so its documented overrides keep working. */
  botFrameworkEnv: Readonly<Record<string, string | undefined>>;
  /** Present in live mode only. */
  tenants?: Readonly<Record<TenantSide, TenantSettings>>;
  /** Set with KEY_VAULT_URL, in either mode (the simulated tenants have a vault too). */
  keyVault?: KeyVaultSettings;
  hostUrlOverrides: Readonly<Partial<Record<TenantSide, string>>>;
  authorityHost: string;
  graphUrl: string;
  adminIds: readonly string[];
  approverIds: readonly string[];
  /** Entra security groups on the target tenant whose members (nested included) are admins / approvers. */
  adminGroupIds: readonly string[];
  approverGroupIds: readonly string[];
  /** True when the sandbox people stood in for unset ADMIN_IDS / APPROVER_IDS (worth a log line). */
  sandboxPeopleDefaulted: boolean;
  /** Undefined = default (the target tenant, known once the tenants are). */
  allowedTenantIds?: readonly string[];
  approvalsConversationId?: string;
  sourceLicenseExpiry?: string;
  identityMapPath?: string;
  /** SITE_MAP_PATH: the site map (which sites and group sites moved where), until an admin sends one in chat. */
  siteMapPath?: string;
  /**
   * MIGRATION_SOURCE: where people's OneDrive moves are read — the SharePoint move tasks of the identity map's
   * people, or the jobs of Microsoft's migration orchestrator. Unset: the orchestrator when the target holds
   * its jobs (services/knowledge/orchestratorMoves.ts).
   */
  migrationSource?: 'identity-map' | 'orchestrator';
  teamsAppId?: string;
  /** GUIDANCE_MAIL_FROM: the target-tenant mailbox the guidance is e-mailed from to people Teams cannot reach; unset = no e-mail. */
  guidanceMailFrom?: string;
  /**
   * Where shared state lives. `dir` is this instance's local directory either way (the simulated tenants'
   * identity map, an imported map's local copy); with azure-blob every record and the audit go to the
   * container, so several instances can share them. The account is reached by its URL with the Azure
   * credential (no key) or, for Azurite and local runs, by a connection string.
   */
  storage: { kind: 'file'; dir: string } | ({ kind: 'azure-blob'; dir: string; container: string } & BlobAccount);
  /** INSTANCE_HOST: the host name this instance puts on its job leases (default: the machine's name). */
  instanceHost?: string;
  sandboxPort?: number;
  sandboxUrl?: string;
  /** Scenario size and faults of the in-process simulated tenants (SANDBOX_USERS, SANDBOX_LATENCY_MS …). */
  sandboxOptions: SandboxOptions;
  /** APPLICATIONINSIGHTS_CONNECTION_STRING: where telemetry goes; unset = no telemetry (services/telemetry). */
  telemetry?: { connectionString: string };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXAMPLE_GUID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const guid = (example = EXAMPLE_GUID) => z.string().regex(GUID, `must be a GUID, e.g. ${example}`);
const guidList = z.string().transform((s, ctx) => {
  const ids = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = ids.filter((x) => !GUID.test(x));
  if (bad.length) ctx.addIssue({ code: 'custom', message: `must be comma-separated Entra object ids (GUIDs); not GUIDs: ${bad.join(', ')}. E.g. ${EXAMPLE_GUID},${SANDBOX_PEOPLE.admin.aadObjectId}` });
  return ids;
});
const httpsUrl = (example: string) => z.string().refine((s) => { try { return new URL(s).protocol === 'https:'; } catch { return false; } }, `must be an https URL, e.g. ${example}`);
const port = (example: string) => z.string().regex(/^\d+$/, `must be a port number 0-65535, e.g. ${example}`).transform(Number).refine((n) => n <= 65535, `must be a port number 0-65535, e.g. ${example}`);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date yyyy-mm-dd, e.g. 2026-12-31')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date (yyyy-mm-dd), e.g. 2026-12-31');

const certName = (example: string) => z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, `must be a Key Vault certificate name: 1-127 letters, digits and hyphens, e.g. ${example}`);

const schema = z.object({
  SOURCE_ADMIN_URL: httpsUrl('https://contoso-admin.sharepoint.com').optional(),
  SOURCE_TENANT_ID: guid().optional(),
  SOURCE_CLIENT_ID: guid().optional(),
  SOURCE_CERT_PATH: z.string().optional(),
  TARGET_ADMIN_URL: httpsUrl('https://fabrikam-admin.sharepoint.com').optional(),
  TARGET_TENANT_ID: guid().optional(),
  TARGET_CLIENT_ID: guid().optional(),
  TARGET_CERT_PATH: z.string().optional(),
  KEY_VAULT_URL: httpsUrl('https://pmb-certs.vault.azure.net').optional(),
  SOURCE_CERT_NAME: certName('source-tenant-app').default('source-tenant-app'),
  TARGET_CERT_NAME: certName('target-tenant-app').default('target-tenant-app'),
  // Not read here: DefaultAzureCredential reads it to pick the web app's user-assigned managed identity
  // (services/azureCredential.ts). In the schema so a mistyped id is reported at start, not at the first token.
  AZURE_CLIENT_ID: guid().optional(),
  SOURCE_HOST_URL: httpsUrl('https://contoso-my.sharepoint.com/').optional(),
  TARGET_HOST_URL: httpsUrl('https://fabrikam-my.sharepoint.com/').optional(),
  AUTHORITY_HOST: httpsUrl('https://login.microsoftonline.com').default('https://login.microsoftonline.com'),
  GRAPH_URL: httpsUrl('https://graph.microsoft.com').default('https://graph.microsoft.com'),
  ADMIN_IDS: guidList.optional(),
  APPROVER_IDS: guidList.optional(),
  ADMIN_GROUP_IDS: guidList.optional(),
  APPROVER_GROUP_IDS: guidList.optional(),
  ALLOWED_TENANT_IDS: guidList.optional(),
  APPROVALS_CONVERSATION_ID: z.string().optional(),
  SOURCE_LICENSE_EXPIRY: date.optional(),
  IDENTITY_MAP_PATH: z.string().optional(),
  SITE_MAP_PATH: z.string().optional(),
  MIGRATION_SOURCE: z.enum(['identity-map', 'orchestrator'], { error: 'must be identity-map or orchestrator (unset: orchestrator when the target tenant holds its jobs)' }).optional(),
  TEAMS_APP_ID: guid().optional(),
  GUIDANCE_MAIL_FROM: z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'must be the address of a mailbox on the target tenant, e.g. migration-help@fabrikam.com').optional(),
  STORAGE: z.string().default('file:./data').refine((s) => s === 'azure-blob' || (s.startsWith('file:') && s.length > 5), 'must be file:<dir> (e.g. STORAGE=file:./data) or azure-blob'),
  AZURE_STORAGE_CONNECTION_STRING: z.string().optional(),
  AZURE_STORAGE_ACCOUNT_URL: httpsUrl('https://contosomigration.blob.core.windows.net').optional(),
  AZURE_STORAGE_CONTAINER: z.string().regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'must be a blob container name: 3-63 lower-case letters, digits and single hyphens, e.g. post-migration-bot').default('post-migration-bot'),
  INSTANCE_HOST: z.string().regex(/^[^#\s]+$/, 'must be a host name without spaces or #, e.g. bot-vm-2').optional(),
  SANDBOX_PORT: port('4000').optional(),
  SANDBOX_URL: z.string().refine((s) => { try { return ['http:', 'https:'].includes(new URL(s).protocol); } catch { return false; } }, 'must be a URL, e.g. http://127.0.0.1:4000').optional(),
  PORT: port('3978').default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent, e.g. info' }).default('info'),
  // Teams waits 10-15 s for the HTTP answer; past 10 s a slow read would risk the 504 the reading card avoids.
  ANSWER_WITHIN_MS: z.coerce.number({ error: 'must be a number of milliseconds, e.g. 1000' }).int('must be a whole number of milliseconds, e.g. 1000')
    .min(100, 'must be at least 100 (ms), e.g. 1000').max(10_000, 'must be at most 10000 (ms): Teams gives a bot 10-15 s, e.g. 1000').optional(),
  MicrosoftAppId: guid().optional(),
  // Not a secret (Microsoft's docs), but it names the resource and its ingestion endpoint, so it is not logged either.
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().regex(/(^|;)\s*InstrumentationKey\s*=\s*[0-9a-f-]{36}\s*(;|$)/i,
    'must be the Application Insights connection string (Overview page of the resource), e.g. InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/').optional(),
});

/** Parse and check the environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty value in .env means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '').map(([k, v]) => [k, v!.trim()]));
  const parsed = schema.safeParse(present);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const keysSet = tenantKeysSet(present);
  const missing = missingTenantKeys(present);
  if (keysSet.length > 0 && missing.length > 0) {
    problems.push(`${missing.join(', ')}: missing. Tenants are only partly configured (${keysSet.join(', ')} set): for live mode set each tenant's ADMIN_URL, TENANT_ID and CLIENT_ID, and its certificate as *_CERT_PATH (a PEM file) or from Key Vault (KEY_VAULT_URL, with *_CERT_NAME); for the simulated tenants set none of them.`);
  }
  const mode = liveTenantsConfigured(present) ? 'live' : 'sandbox';
  if (mode === 'live' && present.KEY_VAULT_URL) {
    const both = (['SOURCE', 'TARGET'] as const).filter((p) => present[`${p}_CERT_PATH`]);
    if (both.length) problems.push(`${both.map((p) => `${p}_CERT_PATH`).join(', ')}: with KEY_VAULT_URL set the certificates come from the vault (${both.map((p) => `${p}_CERT_NAME`).join(', ')}); unset ${both.length > 1 ? 'these' : 'it'}, or unset KEY_VAULT_URL to read PEM files.`);
  }
  const knobs = sandboxOptionsFromEnv(present);
  if (mode === 'sandbox') problems.push(...knobs.problems);
  if (mode === 'sandbox' && present.SANDBOX_URL) {
    // A shared sandbox has its scenario and faults already: they are set where it runs (npm run sandbox).
    const set = (Object.keys(SANDBOX_KNOBS) as (keyof typeof SANDBOX_KNOBS)[]).filter((k) => present[k] !== undefined);
    if (set.length) problems.push(`${set.join(', ')}: with SANDBOX_URL these belong to the shared sandbox (set them where npm run sandbox runs), not to the bot.`);
  }
  if (present.STORAGE === 'azure-blob') problems.push(...blobAccountProblems(present));
  if (mode === 'live') {
    if (!present.MicrosoftAppId || !hasBotCredentials(present)) problems.push(`MicrosoftAppId: live mode needs the bot's credentials, since authentication cannot be off against real tenants. ${BOT_CREDENTIAL_HINT}`);
    if (!present.ADMIN_IDS && !present.ADMIN_GROUP_IDS) problems.push(`ADMIN_IDS or ADMIN_GROUP_IDS: one is required with real tenants, or nobody can use the bot; e.g. ADMIN_IDS=${EXAMPLE_GUID}`);
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(`Configuration problems:\n${problems.map((p) => `- ${p}`).join('\n')}`, { problems });
  }
  return Object.freeze({ ...build(parsed.data, mode, present), sandboxOptions: knobs.options });
}

/** STORAGE=azure-blob takes exactly one way to the account: its URL (keyless, managed identity) or a connection string. */
function blobAccountProblems(present: Record<string, string>): string[] {
  const url = present.AZURE_STORAGE_ACCOUNT_URL;
  const connection = present.AZURE_STORAGE_CONNECTION_STRING;
  if (url && connection) return ['AZURE_STORAGE_ACCOUNT_URL, AZURE_STORAGE_CONNECTION_STRING: set one, not both: the account URL in Azure (managed identity, no key), a connection string only for Azurite and local runs.'];
  if (!url && !connection) {
    return ['AZURE_STORAGE_ACCOUNT_URL or AZURE_STORAGE_CONNECTION_STRING: one is required with STORAGE=azure-blob: the account\'s blob endpoint, reached with the managed identity (e.g. AZURE_STORAGE_ACCOUNT_URL=https://contosomigration.blob.core.windows.net), or for Azurite and local runs a connection string (e.g. AZURE_STORAGE_CONNECTION_STRING=UseDevelopmentStorage=true).'];
  }
  return [];
}

function build(v: z.infer<typeof schema>, mode: Config['mode'], env: Record<string, string | undefined>): Omit<Config, 'sandboxOptions'> {
  const sandbox = mode === 'sandbox';
  const side = (p: 'SOURCE' | 'TARGET'): TenantSettings => ({
    adminUrl: v[`${p}_ADMIN_URL`]!, tenantId: v[`${p}_TENANT_ID`]!, clientId: v[`${p}_CLIENT_ID`]!,
    ...(v.KEY_VAULT_URL ? {} : { certPath: resolve(v[`${p}_CERT_PATH`]!) }),
  });
  return {
    mode,
    port: v.PORT,
    logLevel: v.LOG_LEVEL,
    answerWithinMs: v.ANSWER_WITHIN_MS,
    authEnabled: v.MicrosoftAppId !== undefined,
    botFrameworkEnv: Object.freeze({ ...env }),
    tenants: sandbox ? undefined : Object.freeze({ source: side('SOURCE'), target: side('TARGET') }),
    keyVault: v.KEY_VAULT_URL ? Object.freeze({ url: v.KEY_VAULT_URL.replace(/\/+$/, ''), certificateNames: Object.freeze({ source: v.SOURCE_CERT_NAME, target: v.TARGET_CERT_NAME }) }) : undefined,
    hostUrlOverrides: Object.freeze({ source: v.SOURCE_HOST_URL, target: v.TARGET_HOST_URL }),
    authorityHost: v.AUTHORITY_HOST,
    graphUrl: v.GRAPH_URL,
    adminIds: Object.freeze(v.ADMIN_IDS ?? (sandbox ? [SANDBOX_PEOPLE.admin.aadObjectId] : [])),
    approverIds: Object.freeze(v.APPROVER_IDS ?? (sandbox ? [SANDBOX_PEOPLE.approver.aadObjectId] : [])),
    adminGroupIds: Object.freeze(v.ADMIN_GROUP_IDS ?? []),
    approverGroupIds: Object.freeze(v.APPROVER_GROUP_IDS ?? []),
    sandboxPeopleDefaulted: sandbox && (!v.ADMIN_IDS || !v.APPROVER_IDS),
    allowedTenantIds: v.ALLOWED_TENANT_IDS ? Object.freeze(v.ALLOWED_TENANT_IDS) : undefined,
    approvalsConversationId: v.APPROVALS_CONVERSATION_ID,
    sourceLicenseExpiry: v.SOURCE_LICENSE_EXPIRY,
    identityMapPath: v.IDENTITY_MAP_PATH ? resolve(v.IDENTITY_MAP_PATH) : undefined,
    siteMapPath: v.SITE_MAP_PATH ? resolve(v.SITE_MAP_PATH) : undefined,
    migrationSource: v.MIGRATION_SOURCE,
    teamsAppId: v.TEAMS_APP_ID,
    guidanceMailFrom: v.GUIDANCE_MAIL_FROM,
    storage: v.STORAGE === 'azure-blob'
      ? { kind: 'azure-blob', dir: resolve('./data'), container: v.AZURE_STORAGE_CONTAINER,
        ...(v.AZURE_STORAGE_ACCOUNT_URL ? { accountUrl: v.AZURE_STORAGE_ACCOUNT_URL } : { connectionString: v.AZURE_STORAGE_CONNECTION_STRING! }) }
      : { kind: 'file', dir: resolve(v.STORAGE.slice(5)) },
    instanceHost: v.INSTANCE_HOST,
    sandboxPort: v.SANDBOX_PORT,
    sandboxUrl: v.SANDBOX_URL,
    telemetry: v.APPLICATIONINSIGHTS_CONNECTION_STRING ? { connectionString: v.APPLICATIONINSIGHTS_CONNECTION_STRING } : undefined,
  };
}
