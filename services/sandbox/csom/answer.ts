// CSOM answers: the JSON array ProcessQuery returns (header, then action id / value pairs), the
// ErrorInfo header for failures (still HTTP 200), and property selection for Query actions.
import type { QuerySpec } from './parse.js';

export const SCHEMA_VERSION = '15.0.0.0';
export const LIBRARY_VERSION = '16.0.25919.12007';
/** The id every recorded CSOM identity carries before the site id (same in all public captures). */
export const FARM_ID = '908bed80-a04a-4433-b4a0-883d9847d110';

export interface CsomObject {
  _ObjectType_: string;
  _ObjectIdentity_?: string;
  _Child_Items_?: CsomObject[];
  [property: string]: unknown;
}

/** A server-side failure reported in ErrorInfo: message, .NET type name and HRESULT-style code. */
export class CsomError extends Error {
  /** `value` fills ErrorInfo.ErrorValue (null for most errors). */
  constructor(message: string, readonly typeName: string, readonly code: number, readonly value: string | null = null) {
    super(message);
  }
}

export const ARGUMENT_EXCEPTION = 'System.ArgumentException';
const E_INVALIDARG = -2147024809;

export const csomErrors = {
  argument: (message: string) => new CsomError(message, ARGUMENT_EXCEPTION, E_INVALIDARG),
  noSite: (url: string) => new CsomError(`Cannot get site ${url}`, 'Microsoft.Online.SharePoint.Common.SpoNoSiteException', -1),
  deletedSiteNotFound: (url: string) => csomErrors.argument(`Unable to find the deleted site: ${url}.`),
  // Type name is the real CSOM one; the message texts and the code are inferred.
  invalidQuery: (message: string) => new CsomError(message, 'Microsoft.SharePoint.Client.InvalidClientQueryException', -2146233088),
  // What admins report when deleting a locked site. Message and type are SharePoint's usual access-denied
  // pair; that RemoveSite answers with exactly this ErrorInfo on a locked site is INFERRED.
  accessDenied: () => new CsomError('Access denied. You do not have permission to perform this action or access this resource.', 'System.UnauthorizedAccessException', -2147024891),
  // What GetDeletedSitePropertiesByUrl answers for a URL not in the bin, as CLI for Microsoft 365's spec
  // records it (src/utils/spo.ts siteExistsInTheRecycleBin, "unknown error").
  unknownError: () => new CsomError('Unknown Error', 'Microsoft.SharePoint.Client.UnknownError', -1),
  // A RemoveSite for a site already in the recycle bin (a retried removal). PnP Framework
  // (TenantExtensions.IsCannotRemoveSiteException) expects SpoException here; its message is INFERRED.
  cannotRemoveSite: (url: string) => new CsomError(`Cannot remove site ${url} because it is already in the recycle bin.`, 'Microsoft.Online.SharePoint.Common.SpoException', -1),
  // The refusal Learn ("Manage site redirects") gives for a redirect under a retention policy; type and code INFERRED.
  notSupportedForSite: () => new CsomError('The operation is not supported for the site', 'Microsoft.SharePoint.SPException', -2146232832),
  // Generic SharePoint failure (SPException, COR_E_EXCEPTION): used for inferred business-rule refusals.
  spException: (message: string) => new CsomError(message, 'Microsoft.SharePoint.SPException', -2146232832),
};

function header(correlation: string, error: CsomError | null): Record<string, unknown> {
  return {
    SchemaVersion: SCHEMA_VERSION,
    LibraryVersion: LIBRARY_VERSION,
    ErrorInfo: error && {
      ErrorMessage: error.message, ErrorValue: error.value, TraceCorrelationId: correlation,
      ErrorCode: error.code, ErrorTypeName: error.typeName,
    },
    TraceCorrelationId: correlation,
  };
}

/** The whole ProcessQuery body: on error only the header (actions already run are not reported). */
export function csomBody(correlation: string, pairs: [string, unknown][], error: CsomError | null): unknown[] {
  if (error) return [header(correlation, error)];
  const out: unknown[] = [header(correlation, null)];
  for (const [id, value] of pairs) out.push(Number.isFinite(Number(id)) ? Number(id) : id, value);
  return out;
}

function pickProperties(obj: CsomObject, spec: QuerySpec): CsomObject {
  const out: CsomObject = { _ObjectType_: obj._ObjectType_ };
  if (obj._ObjectIdentity_) out._ObjectIdentity_ = obj._ObjectIdentity_;
  const names = spec.selectAll ? Object.keys(obj) : spec.properties;
  for (const name of names) {
    if (name === '_Child_Items_' || name === '_ObjectType_' || name === '_ObjectIdentity_') continue;
    if (!(name in obj)) throw csomErrors.invalidQuery(`The property or field '${name}' has not been initialized or does not exist on type '${obj._ObjectType_}'.`);
    out[name] = obj[name];
  }
  return out;
}

/** Applies a Query action: the object's selected properties, and its children's when asked (collections). */
export function selectForQuery(obj: CsomObject, query: QuerySpec, childItems?: QuerySpec): CsomObject {
  const out = pickProperties(obj, query);
  if (childItems && obj._Child_Items_) out._Child_Items_ = obj._Child_Items_.map((c) => pickProperties(c, childItems));
  return out;
}

/** `/Date(y,m,d,h,mi,s,ms)/` with a zero-based month, as CSOM writes DateTime values. */
export function csomDate(d: Date): string {
  return `/Date(${d.getUTCFullYear()},${d.getUTCMonth()},${d.getUTCDate()},${d.getUTCHours()},${d.getUTCMinutes()},${d.getUTCSeconds()},${d.getUTCMilliseconds()})/`;
}

/** .NET HttpUtility.UrlEncode style (lower-case hex, apostrophes encoded), as in recorded identities. */
export function identityUrl(url: string): string {
  return encodeURIComponent(url).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16)).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

export function objectIdentity(correlation: string, siteId: string, ...parts: string[]): string {
  return [`${correlation}|${FARM_ID}:${siteId}`, ...parts].join('\n');
}
