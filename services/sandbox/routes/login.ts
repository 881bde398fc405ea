// login.microsoftonline.com: the client-credentials token endpoint with a certificate assertion, as
// msal-node 7 calls it (one POST, no discovery, for a GUID tenant on the public cloud).
import { X509Certificate, randomUUID } from 'node:crypto';
import { Answer, SandboxRequest, json } from '../httpIo.js';
import { SandboxWorld, TenantState, tenantById } from '../model.js';
import { GRAPH_ROLES, SHAREPOINT_ROLES } from '../scenario.js';
import type { HostService } from '../server.js';
import { ACCESS_TOKEN_LIFETIME_S, AssertionProblem, checkAssertion, issueAccessToken } from '../tokens.js';
import { LOGIN_HOST } from '../faults.js';

const GRAPH = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Sign-ins kept for tests and rehearsals: the latest ones, so a long-running sandbox stays bounded. */
const MAX_SIGN_INS = 1_000;

/** Entra's error body: AADSTS code in the description, trace/correlation ids and timestamp beside it. */
export function entraError(status: number, error: string, code: number, text: string): Answer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code], timestamp, trace_id: traceId, correlation_id: correlationId,
    error_uri: `https://${LOGIN_HOST}/error?code=${code}`,
  });
}

function resourceOf(scope: string, tenant: TenantState): string | null {
  const first = scope.split(/\s+/).find((s) => s.endsWith('/.default'));
  if (!first) return null;
  const resource = first.slice(0, -'/.default'.length).replace(/\/+$/, '').toLowerCase();
  if (resource === GRAPH || resource === GRAPH_APP_ID) return GRAPH;
  const hosts = [tenant.adminHost, tenant.myHost, tenant.rootHost].map((h) => `https://${h}`);
  return hosts.includes(resource) ? resource : null;
}

function assertionRefusal(p: AssertionProblem, clientId: string): Answer {
  switch (p.kind) {
    case 'malformed': return entraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
    case 'unknownKey': return entraError(401, 'invalid_client', 700027, `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${p.thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`);
    case 'badSignature': return entraError(401, 'invalid_client', 700027, `Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${p.thumbprint}']`);
    // AADSTS code for a wrong audience is inferred (50013 "Assertion failed signature validation / invalid" family).
    case 'audience': return entraError(401, 'invalid_client', 50013, `Assertion audience claim does not match the required value. Provided audience: '${p.audience}'.`);
    case 'subject': return entraError(401, 'invalid_client', 700021, `Client assertion application identifier doesn't match 'client_id' parameter.`);
    // Wording as Entra reports a key past its end date (recalled from public reports, not recorded here).
    case 'keyExpired': return entraError(401, 'invalid_client', 700027, `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${p.thumbprint}', Found key 'Start=${p.validFrom}, End=${p.validTo}']`);
    case 'expired': return entraError(401, 'invalid_client', 700024, `Client assertion is not within its valid time range. Current time: ${new Date().toISOString()}, assertion valid from ${new Date(p.nbf * 1000).toISOString()}, expiry time of assertion ${new Date(p.exp * 1000).toISOString()}.`);
  }
}

function tokenRequest(world: SandboxWorld, tenantSegment: string, form: URLSearchParams): Answer {
  const tenant = tenantById(world, tenantSegment);
  if (!tenant) return entraError(400, 'invalid_request', 90002, `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  if (form.get('grant_type') !== 'client_credentials') return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  const clientId = (form.get('client_id') ?? '').toLowerCase();
  if (!clientId) return entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  if (clientId !== tenant.app.clientId) return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  if (form.get('client_secret')) return entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
  const assertion = form.get('client_assertion');
  if (!assertion) return entraError(401, 'invalid_client', 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
  const scope = form.get('scope');
  if (!scope) return entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  const audiences = [`https://${LOGIN_HOST}/${tenantSegment}/oauth2/v2.0/token`, `https://${LOGIN_HOST}/${tenant.tenantId}/oauth2/v2.0/token`].map((a) => a.toLowerCase());
  const problem = checkAssertion(assertion, tenant.app.certificatePem, clientId, audiences, world.now());
  if (problem) return assertionRefusal(problem, clientId);
  const resource = resourceOf(scope, tenant);
  if (!resource) return entraError(400, 'invalid_resource', 500011, `The resource principal named ${scope.split(/\s+/)[0].replace(/\/\.default$/, '')} was not found in the tenant named ${tenant.domain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
  const allowed = resource === GRAPH ? GRAPH_ROLES : SHAREPOINT_ROLES;
  const roles = tenant.app.roles.filter((r) => allowed.includes(r));
  const accessToken = issueAccessToken(world.signingKey, { aud: resource, tid: tenant.tenantId, appid: clientId, roles });
  world.signIns.push({ tenant: tenant.name, thumbprint: new X509Certificate(tenant.app.certificatePem).fingerprint256, at: new Date(world.now()).toISOString() });
  if (world.signIns.length > MAX_SIGN_INS) world.signIns.splice(0, world.signIns.length - MAX_SIGN_INS);
  return json(200, { token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, ext_expires_in: ACCESS_TOKEN_LIFETIME_S, access_token: accessToken });
}

export function loginService(world: SandboxWorld): HostService {
  return {
    name: 'login',
    matches: (host) => host === LOGIN_HOST,
    handle(req: SandboxRequest): Answer {
      const m = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/.exec(req.url.pathname);
      if (!m) return entraError(404, 'invalid_request', 900561, 'The endpoint is not served by this authority.');
      if (req.method !== 'POST') return entraError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
      return tokenRequest(world, decodeURIComponent(m[1]), new URLSearchParams(req.body.toString('utf8')));
    },
    failure(status, retryAfter) {
      // Entra throttling/outage bodies are not publicly recorded: this shape is inferred.
      const a = status === 500
        ? entraError(500, 'server_error', 90033, 'A transient error has occurred. Please try again.')
        : entraError(status, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.');
      return retryAfter ? { ...a, headers: { ...a.headers, 'retry-after': retryAfter } } : a;
    },
  };
}
