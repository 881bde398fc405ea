// The token endpoint App Service runs beside a web app for its managed identities (IDENTITY_ENDPOINT with
// the IDENTITY_HEADER secret, API version 2019-08-01), as @azure/identity's ManagedIdentityCredential calls it
// through msal-node: GET <endpoint>?api-version=2019-08-01&resource=<resource>&client_id=<id>, header
// X-IDENTITY-HEADER. Served on the sandbox's own address, like the real one on the app's local address.
//
// Request and answer fields follow msal-node's AppService source and the App Service managed-identity
// documentation; the error bodies are not publicly recorded, so their shape here is inferred.
import { json, onOwnAddress, type Answer, type SandboxRequest } from '../httpIo.js';
import type { SandboxWorld } from '../model.js';
import type { HostService } from '../server.js';
import { ACCESS_TOKEN_LIFETIME_S, issueAccessToken } from '../tokens.js';

export const MANAGED_IDENTITY_PATH = '/msi/token';
const API_VERSION = '2019-08-01';

/** The Azure resources the sandbox issues identity tokens for: Key Vault, Blob Storage, Azure Monitor ingestion. */
const RESOURCES = ['https://vault.azure.net', 'https://storage.azure.com', 'https://monitor.azure.com'];

function refusal(status: number, error: string, description: string): Answer {
  return json(status, { statusCode: status, message: description, error, error_description: description });
}

function tokenFor(world: SandboxWorld, req: SandboxRequest): Answer {
  const identity = world.managedIdentity;
  const q = req.url.searchParams;
  const header = req.headers['x-identity-header'];
  if (header !== identity.header) return refusal(401, 'invalid_request', 'The X-IDENTITY-HEADER is missing or does not match IDENTITY_HEADER.');
  if (q.get('api-version') !== API_VERSION) return refusal(400, 'invalid_request', `api-version must be ${API_VERSION}.`);
  const resource = (q.get('resource') ?? '').replace(/\/\.default$/, '').replace(/\/+$/, '').toLowerCase();
  if (!RESOURCES.includes(resource)) return refusal(400, 'invalid_resource', `The resource '${q.get('resource') ?? ''}' is not served for managed identities here.`);
  // The web app carries only the user-assigned identity (as the template deploys it): asking without naming it,
  // or naming another, finds no identity.
  const asked = (q.get('client_id') ?? q.get('principal_id') ?? q.get('object_id') ?? '').toLowerCase();
  if (asked !== identity.clientId && asked !== identity.principalId) {
    return refusal(400, 'invalid_request', asked ? `No managed identity with id '${asked}' is assigned to this app.` : 'No system-assigned identity: name the user-assigned identity (client_id).');
  }
  const accessToken = issueAccessToken(world.signingKey, { aud: resource, tid: identity.tenantId, appid: identity.clientId, roles: [], oid: identity.principalId });
  return json(200, {
    access_token: accessToken, expires_on: String(Math.floor(world.now() / 1000) + ACCESS_TOKEN_LIFETIME_S),
    resource, token_type: 'Bearer', client_id: identity.clientId,
  });
}

export function managedIdentityService(world: SandboxWorld): HostService {
  return {
    name: 'managed-identity',
    matches: (host, path) => onOwnAddress(host, path, MANAGED_IDENTITY_PATH),
    handle(req: SandboxRequest): Answer {
      if (req.method !== 'GET') return refusal(405, 'invalid_request', 'Only GET is served.');
      return tokenFor(world, req);
    },
    failure(status, retryAfter) {
      const a = refusal(status, 'temporarily_unavailable', 'The identity endpoint is busy or unavailable.');
      return retryAfter ? { ...a, headers: { ...a.headers, 'retry-after': retryAfter } } : a;
    },
  };
}
