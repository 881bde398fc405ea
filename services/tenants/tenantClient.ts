// One client per tenant: one pipeline (transport → User-Agent → retry) under msal, PnPjs and Graph,
// and the Step-7 read and changing operations on top. Composed once per tenant by the composition root.
import { systemClock, type Clock, type Logger } from '../ports.js';
import { createCsomClient } from './csomClient.js';
import { createGraph } from './graph.js';
import { getHostUrl } from './operations/getHostUrl.js';
import { getMoveState, getSiteMoveState } from './operations/getMoveState.js';
import { listMigrationJobs } from './operations/listMigrationJobs.js';
import { listMigrationJobTasks } from './operations/listMigrationJobTasks.js';
import { getMoveTask, getSiteMoveTask } from './operations/getMoveTask.js';
import { getSite } from './operations/getSite.js';
import { findSite } from './operations/findSite.js';
import { checkRelation } from './operations/checkRelation.js';
import { getSiteProperties } from './operations/getSiteProperties.js';
import { getTrust } from './operations/getTrust.js';
import { getUser } from './operations/getUser.js';
import { checkMemberGroups } from './operations/checkMemberGroups.js';
import { getGroup } from './operations/getGroup.js';
import { getSiteOwners } from './operations/getSiteOwners.js';
import { installAppForUser } from './operations/installAppForUser.js';
import { getUserDrive } from './operations/getUserDrive.js';
import { sendMail } from './operations/sendMail.js';
import { isInRecycleBin } from './operations/isInRecycleBin.js';
import { listRedirectSites } from './operations/listRedirectSites.js';
import { purgeDeletedSite } from './operations/purgeDeletedSite.js';
import { removeSite } from './operations/removeSite.js';
import { removeTrust } from './operations/removeTrust.js';
import { startMove, startSiteMove } from './operations/startMove.js';
import { unlockSite } from './operations/unlockSite.js';
import { describeAccess } from './operations/describeAccess.js';
import type { AccessDescription, AccessResource } from './access.js';
import type { OperationContext } from './operations/context.js';
import type { AppCertificate, CertificateSource } from './appCertificate.js';
import { createTokenProvider } from './pipeline/auth.js';
import { DEFAULT_RETRY_POLICY, retryingTransport, type RetryPolicy } from './pipeline/retry.js';
import { gatedTransport, ThrottleGate } from './pipeline/throttleGate.js';
import { DEFAULT_USER_AGENT, fencedTransport, withUserAgent, type Transport } from './pipeline/transport.js';
import { tracedAttempts, tracedCalls } from './pipeline/tracing.js';
import { noTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { createSpo } from './spo.js';
import type { SiteProperties, TenantClientApi, TenantSide } from './types.js';

export interface TenantClientConfig {
  side: TenantSide;
  tenantId: string;
  clientId: string;
  /** https://contoso-admin.sharepoint.com */
  adminUrl: string;
  /** Fixed PEMs, or a source that follows renewals (Key Vault). */
  certificate: AppCertificate | CertificateSource;
  /** SOURCE_HOST_URL / TARGET_HOST_URL */
  hostUrlOverride?: string;
  /** https://login.microsoftonline.com */
  authorityHost: string;
  /** https://graph.microsoft.com */
  graphUrl: string;
  /** Default NONISV|PostMigrationBot|PostMigrationBot/<version> */
  userAgent?: string;
}

/** The reads and changes of one tenant, plus the strict form of findSite. */
export interface TenantClient extends TenantClientApi {
  /** CSOM GetSitePropertiesByUrl; a missing site throws TenantError `…SpoNoSiteException` (findSite answers null). */
  getSiteProperties(url: string): Promise<SiteProperties>;
  /** A fresh look at what the SharePoint or Graph token grants (roles, expiry), for the setup check. */
  describeAccess(resource: AccessResource): Promise<AccessDescription>;
}

export interface TenantClientDeps { transport: Transport; logger: Logger; clock?: Clock; retry?: Partial<RetryPolicy>; telemetry?: Telemetry }

export function createTenantClient(config: TenantClientConfig, deps: TenantClientDeps): TenantClient {
  const logger = deps.logger.child({ tenant: config.side });
  const clock = deps.clock ?? systemClock;
  const userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
  // The gate sits inside the retry loop, so retried attempts wait at it too.
  const gate = new ThrottleGate(clock, logger);
  // Fenced innermost: checked just before each attempt leaves, after any wait at the gate (see fencedTransport).
  const wire = fencedTransport(withUserAgent(deps.transport, userAgent));
  // Telemetry: one span per call around the retries, each try counted on it from inside (pipeline/tracing.ts).
  const telemetry = deps.telemetry ?? noTelemetry;
  const tries = tracedAttempts(gatedTransport(wire, gate), telemetry);
  const send = tracedCalls(retryingTransport(tries, {
    policy: { ...DEFAULT_RETRY_POLICY, ...deps.retry }, clock, logger,
  }), telemetry, config.side);
  const adminUrl = config.adminUrl.replace(/\/+$/, '');
  const tokens = createTokenProvider(config, send, logger);
  // The admin host's token is accepted on all of the tenant's SharePoint hosts (tenant-apis.md).
  const spScope = `https://${new URL(adminUrl).host}/.default`;
  const graphScope = `${config.graphUrl.replace(/\/+$/, '')}/.default`;
  const spo = createSpo({ adminUrl, send, getToken: () => tokens.getToken(spScope) });
  // sendMail has no idempotency key: only throttling (nothing sent) is retried, so a reset after Exchange
  // took the message is never followed by a second copy (operations/sendMail.ts).
  const sendOnce = tracedCalls(retryingTransport(tries, {
    policy: { ...DEFAULT_RETRY_POLICY, ...deps.retry, throttlingOnly: true }, clock, logger,
  }), telemetry, config.side);
  const mailGraph = createGraph({ graphUrl: config.graphUrl, send: sendOnce, getToken: () => tokens.getToken(graphScope) });
  const ctx: OperationContext = {
    side: config.side, adminUrl, hostUrlOverride: config.hostUrlOverride, appName: appNameOf(userAgent),
    spo, csom: createCsomClient(spo, clock, logger), graph: createGraph({ graphUrl: config.graphUrl, send, getToken: () => tokens.getToken(graphScope) }), logger, clock,
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
    getSiteMoveState: (kind, source, signal) => getSiteMoveState(ctx, kind, source, signal),
    throttleCount: () => gate.throttleCount,
    getUser: upn => getUser(ctx, upn),
    checkMemberGroups: (userId, groupIds, signal) => checkMemberGroups(ctx, userId, groupIds, signal),
    getGroup: (groupId, signal) => getGroup(ctx, groupId, signal),
    listMigrationJobs: signal => listMigrationJobs(ctx, signal),
    listMigrationJobTasks: (jobId, signal) => listMigrationJobTasks(ctx, jobId, signal),
    getSiteOwners: (site, signal) => getSiteOwners(ctx, site, signal),
    removeTrust: (partnerRole, partnerHostUrl) => removeTrust(ctx, partnerRole, partnerHostUrl),
    checkRelation: (partnerRole, partnerHostUrl) => checkRelation(ctx, partnerRole, partnerHostUrl),
    findSite: url => findSite(ctx, url),
    removeSite: url => removeSite(ctx, url),
    isInRecycleBin: url => isInRecycleBin(ctx, url),
    purgeDeletedSite: url => purgeDeletedSite(ctx, url),
    unlockSite: url => unlockSite(ctx, url),
    describeAccess: resource => describeAccess(tokens, resource, resource === 'graph' ? graphScope : spScope),
    startMove: move => startMove(ctx, move),
    getMoveTask: id => getMoveTask(ctx, id),
    startSiteMove: move => startSiteMove(ctx, move),
    getSiteMoveTask: (kind, id) => getSiteMoveTask(ctx, kind, id),
    installAppForUser: (userId, catalogAppId) => installAppForUser(ctx, userId, catalogAppId),
    getUserDrive: userId => getUserDrive(ctx, userId),
    sendMail: (from, to, subject, html) => sendMail(mailGraph, from, to, { subject, html }),
  };
}

/** CSOM's ApplicationName: the `<App>/<version>` part of the User-Agent. */
function appNameOf(userAgent: string): string {
  return userAgent.split('|').pop() || 'PostMigrationBot';
}
