// Rules about which keys go together, kept apart from the schema so each reads on its own.

/** The keys that configure real tenants: any of them set means live mode is meant. */
export const TENANT_KEYS = [
  'SOURCE_ADMIN_URL', 'SOURCE_TENANT_ID', 'SOURCE_CLIENT_ID', 'SOURCE_CERT_PATH',
  'TARGET_ADMIN_URL', 'TARGET_TENANT_ID', 'TARGET_CLIENT_ID', 'TARGET_CERT_PATH',
] as const;

const CERT_PATH_KEYS: readonly string[] = ['SOURCE_CERT_PATH', 'TARGET_CERT_PATH'];

/**
 * The tenant keys still needed for live mode. A side's certificate is its *_CERT_PATH file or, with
 * KEY_VAULT_URL set, the vault's certificate named by *_CERT_NAME; KEY_VAULT_URL alone does not mean
 * live mode, since the simulated tenants have a vault too.
 */
export function missingTenantKeys(env: Readonly<Record<string, string | undefined>>): string[] {
  return TENANT_KEYS.filter((k) => env[k] === undefined && !(CERT_PATH_KEYS.includes(k) && env.KEY_VAULT_URL !== undefined));
}

export function tenantKeysSet(env: Readonly<Record<string, string | undefined>>): string[] {
  return TENANT_KEYS.filter((k) => env[k] !== undefined);
}

/** Live mode: some tenant key is set and none is missing. */
export function liveTenantsConfigured(env: Readonly<Record<string, string | undefined>>): boolean {
  return tenantKeysSet(env).length > 0 && missingTenantKeys(env).length === 0;
}

export const BOT_CREDENTIAL_HINT =
  'Set MicrosoftAppId and MicrosoftAppPassword (or MicrosoftAppCertificateThumbprint + MicrosoftAppCertificatePrivateKey, or MicrosoftAppType=UserAssignedMSI), e.g. MicrosoftAppId=00000000-0000-0000-0000-000000000000 MicrosoftAppPassword=<client secret>.';

/** botbuilder accepts a secret, a certificate, or a managed identity (which needs no secret). */
export function hasBotCredentials(env: Record<string, string | undefined>): boolean {
  if (env.MicrosoftAppType?.toLowerCase() === 'userassignedmsi') return true;
  if (env.MicrosoftAppPassword) return true;
  return Boolean(env.MicrosoftAppCertificateThumbprint && env.MicrosoftAppCertificatePrivateKey);
}
