// SharePoint hosts of both tenants (<t>-admin, <t>-my, <t>): bearer check, contextinfo (form digest),
// CSOM ProcessQuery on the admin host, and the site-level REST reads.
import { randomBytes } from 'node:crypto';
import { Answer, SandboxRequest, correlationId, header, json } from '../httpIo.js';
import { SandboxWorld, TenantState, tenantBySharePointHost } from '../model.js';
import type { ResourceBudget } from '../budget.js';
import type { HostService } from '../server.js';
import { checkBearer } from '../tokens.js';
import { csomBody, csomErrors, CsomError, LIBRARY_VERSION } from '../csom/answer.js';
import { executeProcessQuery } from '../csom/execute.js';
import { CsomParseError, parseProcessQuery } from '../csom/parse.js';
import { ODataFlavour, accessDenied, fileNotFound, flavourOf, spError, spFailure, spUnauthorized } from './spShapes.js';
import { siteAdmins, siteRest } from './siteRest.js';

const DIGEST_TIMEOUT_S = 1800;

/** The calling app's id, or the refusal for a request without a valid token for this tenant. */
function authorize(world: SandboxWorld, tenant: TenantState, req: SandboxRequest): { denied: Answer } | { appId: string } {
  const check = checkBearer(world.signingKey, header(req, 'authorization'));
  if (!check.ok) return { denied: spUnauthorized(tenant.tenantId, check.reason) };
  const hosts = [tenant.adminHost, tenant.myHost, tenant.rootHost].map((h) => `https://${h}`);
  if (check.claims.tid !== tenant.tenantId || !hosts.includes(String(check.claims.aud).replace(/\/$/, '').toLowerCase())) {
    return { denied: spUnauthorized(tenant.tenantId, 'audience') };
  }
  if (!check.claims.roles.includes('Sites.FullControl.All')) return { denied: accessDenied(flavourOf(req)) };
  return { appId: check.claims.appid };
}

function contextInfo(world: SandboxWorld, tenant: TenantState, req: SandboxRequest, sitePath: string): Answer {
  const now = world.now();
  const stamp = new Date(now).toUTCString().replace(/^\w+, /, '').replace('GMT', '-0000');
  const digest = `0x${randomBytes(64).toString('hex').toUpperCase()},${stamp}`;
  tenant.digests.set(digest, now + DIGEST_TIMEOUT_S * 1000);
  const webUrl = `https://${req.host}${sitePath}`;
  const info = {
    FormDigestTimeoutSeconds: DIGEST_TIMEOUT_S, FormDigestValue: digest, LibraryVersion: LIBRARY_VERSION,
    SiteFullUrl: webUrl, SupportedSchemaVersions: ['14.0.0.0', '15.0.0.0'], WebFullUrl: webUrl,
  };
  const flavour = flavourOf(req);
  if (flavour === 'verbose') {
    return json(200, { d: { GetContextWebInformation: { __metadata: { type: 'SP.ContextWebInformation' }, ...info,
      SupportedSchemaVersions: { __metadata: { type: 'Collection(Edm.String)' }, results: info.SupportedSchemaVersions } } } });
  }
  return json(200, flavour === 'nometadata' ? info : { 'odata.metadata': `${webUrl}/_api/$metadata#SP.ContextWebInformation`, ...info });
}

function digestValid(world: SandboxWorld, tenant: TenantState, req: SandboxRequest): boolean {
  const value = header(req, 'x-requestdigest');
  const expires = value ? tenant.digests.get(value) : undefined;
  return expires !== undefined && expires > world.now();
}

function processQuery(world: SandboxWorld, tenant: TenantState, req: SandboxRequest): Answer {
  const correlation = correlationId();
  const reply = (status: number, error: CsomError | null, pairs: [string, unknown][] = []) =>
    json(status, csomBody(correlation, pairs, error), { sprequestguid: correlation });
  // Status 403 and the CSOM-shaped body for a missing/stale digest are inferred; the message is SharePoint's.
  if (!digestValid(world, tenant, req)) return reply(403, csomErrors.spException('The security validation for this page is invalid and might be corrupted. Please use your web browser\'s Back button to try your operation again.'));
  if (req.host !== tenant.adminHost) return reply(200, csomErrors.spException('Current site is not a tenant administration site.'));
  let parsed;
  try {
    parsed = parseProcessQuery(req.body.toString('utf8'));
  } catch (e) {
    if (e instanceof CsomParseError) return reply(200, csomErrors.invalidQuery(e.message));
    throw e;
  }
  const outcome = executeProcessQuery({ world, tenant, correlation }, parsed);
  return reply(200, outcome.error, outcome.pairs);
}

function route(world: SandboxWorld, tenant: TenantState, req: SandboxRequest): Answer {
  const flavour: ODataFlavour = flavourOf(req);
  const path = decodeURIComponent(req.url.pathname);
  if (/^\/_vti_bin\/client\.svc\/ProcessQuery$/i.test(path)) {
    return req.method === 'POST' ? processQuery(world, tenant, req) : spError(flavour, 405, '-1, System.NotSupportedException', 'The HTTP method is not allowed for this resource.');
  }
  const api = /^(.*?)\/_api\/(.*)$/i.exec(path);
  if (!api) return fileNotFound(flavour);
  const sitePath = api[1].replace(/\/$/, '');
  const resource = api[2].replace(/\/$/, '').toLowerCase();
  if (resource === 'contextinfo' && req.method === 'POST') return contextInfo(world, tenant, req, sitePath);
  if ((resource === 'web' || resource === 'site') && req.method === 'GET') return siteRest(req, tenant, sitePath, resource);
  if (resource === 'web/siteusers' && req.method === 'GET') return siteAdmins(req, tenant, sitePath);
  return spError(flavour, 404, '-1, Microsoft.SharePoint.Client.InvalidClientQueryException', `The expression "${api[2]}" is not valid.`);
}

const withHeaders = (answer: Answer, headers: Record<string, string>): Answer => ({ ...answer, headers: { ...answer.headers, ...headers } });

/**
 * The resource-unit budget is charged per app per tenant (hosts of one tenant share it) once the caller is
 * known; requests refused for their token have no app to charge and are not counted (see budget.ts).
 */
export function sharePointService(world: SandboxWorld, budget: ResourceBudget): HostService {
  return {
    name: 'sharepoint',
    matches: (host) => tenantBySharePointHost(world, host) !== undefined,
    handle(req) {
      const tenant = tenantBySharePointHost(world, req.host) as TenantState;
      const caller = authorize(world, tenant, req);
      if ('denied' in caller) return caller.denied;
      const verdict = budget.charge(`${tenant.name}|${caller.appId}`, world.now());
      if (!verdict) return route(world, tenant, req);
      if (!verdict.admitted) return withHeaders(spFailure(429, String(verdict.retryAfterSeconds)), verdict.headers);
      return withHeaders(route(world, tenant, req), verdict.headers);
    },
    failure: spFailure,
  };
}
