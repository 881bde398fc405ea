// The one credential for the Azure services the bot reaches without a key (Blob Storage, Key Vault).
//
// In Azure it is the web app's user-assigned managed identity: App Service puts IDENTITY_ENDPOINT and
// IDENTITY_HEADER in the app's environment, and the template sets AZURE_CLIENT_ID to the identity's client
// id, which DefaultAzureCredential reads to pick that identity. Elsewhere DefaultAzureCredential falls back
// to a developer's sign-in (Azure CLI, azd, environment variables), so a local run against real Azure works too.
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

let shared: TokenCredential | undefined;

/** One per process: the credential caches its tokens, so every client shares it. */
export function azureCredential(): TokenCredential {
  return shared ??= new DefaultAzureCredential();
}

/**
 * Against the simulated tenants, the sandbox plays App Service's identity endpoint: the same variables
 * App Service sets point at it, so the real credential code runs (msal-node reads them from the process
 * environment, there is no option to pass them). Called only in sandbox mode, before the first token.
 */
export function useSandboxManagedIdentity(identity: { endpoint: string; header: string; clientId: string }, env: NodeJS.ProcessEnv = process.env): void {
  env.IDENTITY_ENDPOINT = identity.endpoint;
  env.IDENTITY_HEADER = identity.header;
  env.AZURE_CLIENT_ID = identity.clientId;
  shared = undefined;
}

/** True when the environment names a managed-identity endpoint already (App Service's, or a sandbox's set before). */
export function hasManagedIdentityEndpoint(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.IDENTITY_ENDPOINT);
}

/**
 * Which identity azureCredential() signs in as, in words for the setup check (DefaultAzureCredential does
 * not say which of its sources answered; the environment tells which it will try first).
 */
export function azureCredentialIdentity(env: NodeJS.ProcessEnv = process.env): string {
  if (hasManagedIdentityEndpoint(env)) return env.AZURE_CLIENT_ID ? `the managed identity with client id ${env.AZURE_CLIENT_ID}` : 'the web app\'s system-assigned managed identity';
  if (env.AZURE_CLIENT_ID && env.AZURE_TENANT_ID) return `the app ${env.AZURE_CLIENT_ID} (AZURE_CLIENT_ID, AZURE_TENANT_ID and its secret or certificate)`;
  return 'this machine\'s managed identity or a developer sign-in (az login)';
}
