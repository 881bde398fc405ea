export { createTenantClient, type TenantClient, type TenantClientConfig, type TenantClientDeps } from './tenantClient.js';
export { createTransport, DEFAULT_USER_AGENT, type Transport } from './pipeline/transport.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './pipeline/retry.js';
export type * from './types.js';
export type { AccessDescription, AccessResource } from './access.js';
export type { AppInstallOutcome } from './operations/installAppForUser.js';
export { botFrameworkToken, BOT_FRAMEWORK_SCOPE, BOT_FRAMEWORK_TENANT, type BotCredentials } from './botFrameworkToken.js';
