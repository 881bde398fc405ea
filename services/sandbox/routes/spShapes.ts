// SharePoint's answer shapes: OData flavours by Accept header, OData errors, 401/403, throttling.
import { Answer, SandboxRequest, header, json } from '../httpIo.js';

export type ODataFlavour = 'verbose' | 'minimal' | 'nometadata';

export function flavourOf(req: SandboxRequest): ODataFlavour {
  const accept = (header(req, 'accept') ?? '').toLowerCase();
  if (accept.includes('odata=verbose')) return 'verbose';
  if (accept.includes('odata=nometadata')) return 'nometadata';
  return 'minimal';
}

/**
 * SharePoint writes errors as `{"error":{…}}` for verbose OData and `{"odata.error":{…}}` for JSON light
 * (minimal and no metadata, which is also what a bare `application/json` gets).
 */
export function spError(flavour: ODataFlavour, status: number, code: string, message: string, headers: Record<string, string> = {}): Answer {
  const error = { code, message: { lang: 'en-US', value: message } };
  return json(status, flavour === 'verbose' ? { error } : { 'odata.error': error }, headers);
}

export const fileNotFound = (flavour: ODataFlavour) =>
  spError(flavour, 404, '-2147024894, System.IO.FileNotFoundException', 'File Not Found.');

export const accessDenied = (flavour: ODataFlavour) =>
  spError(flavour, 403, '-2147024891, System.UnauthorizedAccessException', 'Access denied. You do not have permission to perform this action or access this resource.');

/**
 * 401 as SharePoint Online sends it for app-only calls: WWW-Authenticate naming the realm (tenant id) and
 * SharePoint's principal, an `x-ms-diagnostics` reason, and a small JSON body. Reason texts follow
 * observed ones ("Invalid issuer or signature.", "Invalid audience Uri"); exact codes are inferred.
 */
export function spUnauthorized(tenantId: string, reason: 'missing' | 'invalid' | 'expired' | 'audience'): Answer {
  const diagnostics = {
    missing: '3000006;reason="Token contains invalid signature.";category="invalid_client"',
    invalid: '3000006;reason="Token contains invalid signature.";category="invalid_client"',
    expired: '3000007;reason="Token expired.";category="invalid_client"',
    audience: '3000003;reason="Invalid audience Uri.";category="invalid_client"',
  }[reason];
  const description = reason === 'expired' ? 'Invalid JWT token. The token is expired.' : reason === 'audience' ? 'Invalid audience Uri.' : 'Invalid issuer or signature.';
  return json(401, { error_description: description }, {
    'www-authenticate': `Bearer realm="${tenantId}",client_id="00000003-0000-0ff1-ce00-000000000000",trusted_issuers="00000001-0000-0000-c000-000000000000@*,https://sts.windows.net/*/,https://login.microsoftonline.com/*/v2.0",authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"`,
    'x-ms-diagnostics': diagnostics,
  });
}

/** 429/503 bodies are not publicly recorded for SharePoint: the JSON light error below is inferred. */
export function spFailure(status: 429 | 503 | 500, retryAfter?: string): Answer {
  const text = status === 429 ? 'The request has been throttled. Retry after the time given in Retry-After.'
    : status === 503 ? 'The service is temporarily unavailable.' : 'An unexpected error occurred on the server.';
  const code = status === 429 ? '-2147024860, Microsoft.SharePoint.SPRequestThrottledException' : '-2146232832, Microsoft.SharePoint.SPException';
  return spError('minimal', status, code, text, retryAfter ? { 'retry-after': retryAfter } : {});
}
