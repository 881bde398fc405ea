// Rules about which keys go together, kept apart from the schema so each reads on its own.

export const TENANT_KEYS = [
  'SOURCE_ADMIN_URL', 'SOURCE_TENANT_ID', 'SOURCE_CLIENT_ID', 'SOURCE_CERT_PATH',
  'TARGET_ADMIN_URL', 'TARGET_TENANT_ID', 'TARGET_CLIENT_ID', 'TARGET_CERT_PATH',
] as const;

export function missingTenantKeys(set: readonly string[]): string[] {
  return TENANT_KEYS.filter((k) => !set.includes(k));
}

export const BOT_CREDENTIAL_HINT =
  'Set MicrosoftAppId and MicrosoftAppPassword (or MicrosoftAppCertificateThumbprint + MicrosoftAppCertificatePrivateKey, or MicrosoftAppType=UserAssignedMSI), e.g. MicrosoftAppId=00000000-0000-0000-0000-000000000000 MicrosoftAppPassword=<client secret>.';

/** botbuilder accepts a secret, a certificate, or a managed identity (which needs no secret). */
export function hasBotCredentials(env: Record<string, string | undefined>): boolean {
  if (env.MicrosoftAppType?.toLowerCase() === 'userassignedmsi') return true;
  if (env.MicrosoftAppPassword) return true;
  return Boolean(env.MicrosoftAppCertificateThumbprint && env.MicrosoftAppCertificatePrivateKey);
}
