// One client per tenant: one pipeline (transport → User-Agent → retry) under msal, PnPjs and Graph,
// and the Step-7 read operations on top. Composed once per tenant by the composition root.
import { systemClock, type Clock, type Logger } from '../ports.js';
import { createCsomClient } from './csomClient.js';
import { createGraph } from './graph.js';
import { getHostUrl } from './operations/getHostUrl.js';
import { getMoveState } from './operations/getMoveState.js';
import { getSite } from './operations/getSite.js';
import { getSiteProperties } from './operations/getSiteProperties.js';
import { getTrust } from './operations/getTrust.js';
import { getUser } from './operations/getUser.js';
import { listRedirectSites } from './operations/listRedirectSites.js';
import type { OperationContext } from './operations/context.js';
import { createTokenProvider } from './pipeline/auth.js';
import { DEFAULT_RETRY_POLICY, retryingTransport, type RetryPolicy } from './pipeline/retry.js';
import { DEFAULT_USER_AGENT, withUserAgent, type Transport } from './pipeline/transport.js';
import { createSpo } from './spo.js';
import type { RedirectSite, TenantOperations, TenantSide } from './types.js';

export interface TenantClientConfig {
  side: TenantSide;
  tenantId: string;
  clientId: string;
  /** https://contoso-admin.sharepoint.com */
  adminUrl: string;
  certificate: { privateKeyPem: string; certificatePem: string };
  /** SOURCE_HOST_URL / TARGET_HOST_URL */
  hostUrlOverride?: string;
  /** https://login.microsoftonline.com */
  authorityHost: string;
  /** https://graph.microsoft.com */
  graphUrl: string;
  /** Default NONISV|PostMigrationBot|PostMigrationBot/<version> */
  userAgent?: string;
}

/** TenantOperations plus the tenant-admin reads the changing operations build on. */
export interface TenantClient extends TenantOperations {
  /** CSOM GetSitePropertiesByUrl; a missing site throws TenantError `…SpoNoSiteException`. */
  getSiteProperties(url: string): Promise<RedirectSite>;
}

export interface TenantClientDeps { transport: Transport; logger: Logger; clock?: Clock; retry?: Partial<RetryPolicy> }

export function createTenantClient(config: TenantClientConfig, deps: TenantClientDeps): TenantClient {
  const logger = deps.logger.child({ tenant: config.side });
  const clock = deps.clock ?? systemClock;
  const userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
  const send = retryingTransport(withUserAgent(deps.transport, userAgent), {
    policy: { ...DEFAULT_RETRY_POLICY, ...deps.retry }, clock, logger,
  });
  const adminUrl = config.adminUrl.replace(/\/+$/, '');
  const tokens = createTokenProvider(config, send, logger);
  // The admin host's token is accepted on all of the tenant's SharePoint hosts (tenant-apis.md).
  const spScope = `https://${new URL(adminUrl).host}/.default`;
  const graphScope = `${config.graphUrl.replace(/\/+$/, '')}/.default`;
  const spo = createSpo({ adminUrl, send, getToken: () => tokens.getToken(spScope) });
  const ctx: OperationContext = {
    side: config.side, adminUrl, hostUrlOverride: config.hostUrlOverride, appName: appNameOf(userAgent),
    spo, csom: createCsomClient(spo, clock, logger), graph: createGraph({ graphUrl: config.graphUrl, send, getToken: () => tokens.getToken(graphScope) }), logger,
  };
  return {
    side: config.side,
    adminUrl,
    getHostUrl: () => getHostUrl(ctx),
    getTrust: (partnerRole, partnerHostUrl) => getTrust(ctx, partnerRole, partnerHostUrl),
    listRedirectSites: options => listRedirectSites(ctx, options),
    getSite: url => getSite(ctx, url),
    getSiteProperties: url => getSiteProperties(ctx, url),
    getMoveState: upn => getMoveState(ctx, upn),
    getUser: upn => getUser(ctx, upn),
  };
}

/** CSOM's ApplicationName: the `<App>/<version>` part of the User-Agent. */
function appNameOf(userAgent: string): string {
  return userAgent.split('|').pop() || 'PostMigrationBot';
}
