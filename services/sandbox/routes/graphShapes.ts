// Microsoft Graph's error body and the auth failures it answers with.
import { randomUUID } from 'node:crypto';
import { Answer, SandboxRequest, header, json } from '../httpIo.js';

export const GRAPH_HOST = 'graph.microsoft.com';
export const GRAPH_ROOT = `https://${GRAPH_HOST}`;

export function graphError(status: number, code: string, message: string, req?: SandboxRequest, headers: Record<string, string> = {}): Answer {
  const requestId = randomUUID();
  return json(status, {
    error: {
      code, message,
      innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': (req && header(req, 'client-request-id')) ?? requestId },
    },
  }, { 'request-id': requestId, ...headers });
}

export function graphUnauthorized(req: SandboxRequest, reason: 'missing' | 'invalid' | 'expired' | 'audience'): Answer {
  const message = {
    missing: 'Access token is empty.',
    invalid: 'Access token validation failure.',
    expired: 'Lifetime validation failed, the token is expired.',
    audience: 'Access token validation failure. Invalid audience.',
  }[reason];
  return graphError(401, 'InvalidAuthenticationToken', message, req, {
    'www-authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

export const graphForbidden = (req: SandboxRequest) =>
  graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', req);

/**
 * Graph's opaque $skiptoken for an offset into a collection: the offset wrapped with the collection's name,
 * so that clients don't read meaning into it and a token from one collection is refused by another.
 */
export const skipToken = {
  encode: (collection: string, offset: number) => Buffer.from(`sandbox-${collection}:${offset}`).toString('base64url'),
  /** The offset, or null for a token this collection did not hand out. */
  decode(collection: string, token: string): number | null {
    const m = /^sandbox-([a-z-]+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    return m && m[1] === collection ? Number(m[2]) : null;
  },
};

/** Unknown segment: Graph's message text; answered 404 here for every route the sandbox does not serve. */
export const graphNoRoute = (req: SandboxRequest, segment: string) =>
  graphError(404, 'ResourceNotFound', `Resource not found for the segment '${segment}'.`, req);

export function graphFailure(status: 429 | 503 | 500, retryAfter?: string): Answer {
  const [code, message] = status === 429 ? ['TooManyRequests', 'Too many requests. Retry after the time given in Retry-After.']
    : status === 503 ? ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.']
      : ['generalException', 'An unexpected error occurred.'];
  return graphError(status, code, message, undefined, retryAfter ? { 'retry-after': retryAfter } : {});
}
