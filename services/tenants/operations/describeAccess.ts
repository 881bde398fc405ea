// The roles an app-only token carries, for the setup check. Only the payload is decoded, and the token is
// not verified: we asked Entra for it ourselves over TLS a moment ago and only read it to report what it
// grants; nothing is authorised on the strength of it (the service that receives it verifies it). The
// token itself never leaves this function, so it can't end up in a report or a log.
import { TenantError } from '../../errors.js';
import type { AccessDescription, AccessResource } from '../access.js';
import type { TokenProvider } from '../pipeline/auth.js';

export async function describeAccess(tokens: TokenProvider, resource: AccessResource, scope: string): Promise<AccessDescription> {
  const claims = payloadOf(await tokens.getToken(scope));
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  const exp = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined;
  return { resource, scope, roles, expiresOn: exp };
}

function payloadOf(token: string): { roles?: unknown; exp?: unknown } {
  const part = token.split('.')[1];
  try {
    const claims = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
    if (claims && typeof claims === 'object') return claims as { roles?: unknown; exp?: unknown };
  } catch { /* reported below */ }
  // Real Entra access tokens are JWTs; anything else means we cannot say which permissions it carries.
  throw new TenantError('OpaqueToken', 'Entra answered with a token that is not a JWT, so its permissions cannot be read. Check the AUTHORITY_HOST setting.', 200);
}
