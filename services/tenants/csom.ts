// CSOM ProcessQuery in one place: the request XML (the shape CLI for Microsoft 365 sends, see
// tenant-apis.md) and the JSON-array reply. Replies are read by the action id we sent, falling back to
// position, because public fixtures' ids often differ from their requests' (wire/README.md).
import { TenantError } from '../errors.js';
import { csomError, type CsomErrorInfo } from './errorMessages.js';

export const TENANT_TYPE_ID = '{268004ae-ef6b-4e9b-8425-127220d84719}';
export const SITE_FILTER_TYPE_ID = '{b92aeee2-c92c-4b67-abcc-024e471bc140}';
const NS = 'http://schemas.microsoft.com/sharepoint/clientquery/2009';

export type CsomScalar = { type: 'String'; value: string } | { type: 'Enum'; value: number } | { type: 'Boolean'; value: boolean };
export type CsomParameter = CsomScalar | { typeId: string; properties: Array<{ name: string } & CsomScalar> };

export const str = (value: string): CsomScalar => ({ type: 'String', value });
export const enm = (value: number): CsomScalar => ({ type: 'Enum', value });
export const bool = (value: boolean): CsomScalar => ({ type: 'Boolean', value });

export interface CsomRequest {
  xml: string;
  /** Ids of the actions that answer with a value, in request order (for the positional fallback). */
  answeringIds: number[];
}

/** XML-escapes text and attribute values; newlines become `&#xA;` as in CSOM `Identity` names. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
}

function scalarText(p: CsomScalar): string {
  return p.type === 'String' ? xmlEscape(p.value) : String(p.value);
}

function parameterXml(p: CsomParameter): string {
  if ('typeId' in p) {
    const props = p.properties.map(q => `<Property Name="${xmlEscape(q.name)}" Type="${q.type}">${scalarText(q)}</Property>`).join('');
    return `<Parameter TypeId="${p.typeId}">${props}</Parameter>`;
  }
  return `<Parameter Type="${p.type}">${scalarText(p)}</Parameter>`;
}

const parametersXml = (params: CsomParameter[]) => `<Parameters>${params.map(parameterXml).join('')}</Parameters>`;

function envelope(appName: string, actions: string, objectPaths: string): string {
  return `<Request AddExpandoFieldTypeSuffix="true" SchemaVersion="15.0.0.0" LibraryVersion="16.0.0.0" ApplicationName="${xmlEscape(appName)}" xmlns="${NS}">`
    + `<Actions>${actions}</Actions><ObjectPaths>${objectPaths}</ObjectPaths></Request>`;
}

export interface TenantMethodCall { name: string; params: CsomParameter[] }

/**
 * Tenant methods that answer with a scalar (string, enum). Ids: tenant constructor 1, its ObjectPath
 * action 2, then one Method action per call from 3 up.
 */
export function tenantMethods(appName: string, calls: TenantMethodCall[]): CsomRequest & { methodIds: number[] } {
  const methodIds = calls.map((_c, i) => 3 + i);
  const methods = calls.map((c, i) => `<Method Name="${xmlEscape(c.name)}" Id="${methodIds[i]}" ObjectPathId="1">${parametersXml(c.params)}</Method>`);
  const xml = envelope(appName, `<ObjectPath Id="2" ObjectPathId="1"/>${methods.join('')}`, `<Constructor Id="1" TypeId="${TENANT_TYPE_ID}"/>`);
  return { xml, answeringIds: [2, ...methodIds], methodIds };
}

/**
 * A tenant method that answers with an object, all properties selected. Result id: 5. Child items are
 * asked only for collections (the site listing); single objects get the plain query CLI sends for them.
 */
export function tenantObjectQuery(appName: string, call: TenantMethodCall, options: { childItems?: boolean } = {}): CsomRequest & { queryId: number } {
  const children = options.childItems === false ? '' : '<ChildItemQuery SelectAllProperties="true"><Properties/></ChildItemQuery>';
  const actions = '<ObjectPath Id="2" ObjectPathId="1"/><ObjectPath Id="4" ObjectPathId="3"/>'
    + `<Query Id="5" ObjectPathId="3"><Query SelectAllProperties="true"><Properties/></Query>${children}</Query>`;
  const paths = `<Constructor Id="1" TypeId="${TENANT_TYPE_ID}"/>`
    + `<Method Id="3" ParentId="1" Name="${xmlEscape(call.name)}">${parametersXml(call.params)}</Method>`;
  return { xml: envelope(appName, actions, paths), answeringIds: [2, 4, 5], queryId: 5 };
}

/** The two SpoOperation properties a poller needs, in the order CLI and PnP Core query them. */
const OPERATION_QUERY = '<Query SelectAllProperties="false"><Properties>'
  + '<Property Name="IsComplete" ScalarProperty="true"/><Property Name="PollingInterval" ScalarProperty="true"/>'
  + '</Properties></Query>';

/**
 * A tenant method that starts an `SpoOperation` (RemoveSite, RemoveDeletedSite), its IsComplete and
 * PollingInterval queried in the same request (wire: spo-csom-removesite.request.xml, without the
 * tenant-wide SelectAllProperties query CLI adds). Result id: 5.
 */
export function tenantOperation(appName: string, call: TenantMethodCall): CsomRequest & { queryId: number } {
  const actions = `<ObjectPath Id="2" ObjectPathId="1"/><ObjectPath Id="4" ObjectPathId="3"/><Query Id="5" ObjectPathId="3">${OPERATION_QUERY}</Query>`;
  const paths = `<Constructor Id="1" TypeId="${TENANT_TYPE_ID}"/>`
    + `<Method Id="3" ParentId="1" Name="${xmlEscape(call.name)}">${parametersXml(call.params)}</Method>`;
  return { xml: envelope(appName, actions, paths), answeringIds: [2, 4, 5], queryId: 5 };
}

/**
 * One poll of a running operation, addressed by the `_ObjectIdentity_` the service gave it
 * (wire: spo-csom-spooperation-poll.request.xml; newlines go out as `&#xA;`). Result id: 2.
 */
export function operationPoll(appName: string, objectIdentity: string): CsomRequest & { queryId: number } {
  const xml = envelope(appName, `<Query Id="2" ObjectPathId="1">${OPERATION_QUERY}</Query>`, `<Identity Id="1" Name="${xmlEscape(objectIdentity)}"/>`);
  return { xml, answeringIds: [2], queryId: 2 };
}

/**
 * `Set-SPOSite -LockState Unlock` as CSOM sends it: set `LockState` on the site's properties object, call
 * `Update()` on it, and query the operation `Update` returns. Ids: tenant 1, GetSitePropertiesByUrl 3,
 * SetProperty 5, Update 6, operation query 8.
 */
export function unlockSiteRequest(appName: string, url: string): CsomRequest & { queryId: number } {
  const actions = '<ObjectPath Id="2" ObjectPathId="1"/><ObjectPath Id="4" ObjectPathId="3"/>'
    + `<SetProperty Id="5" ObjectPathId="3" Name="LockState">${parameterXml(str('Unlock'))}</SetProperty>`
    + `<ObjectPath Id="7" ObjectPathId="6"/><Query Id="8" ObjectPathId="6">${OPERATION_QUERY}</Query>`;
  const paths = `<Constructor Id="1" TypeId="${TENANT_TYPE_ID}"/>`
    + `<Method Id="3" ParentId="1" Name="GetSitePropertiesByUrl">${parametersXml([str(url), bool(false)])}</Method>`
    + '<Method Id="6" ParentId="3" Name="Update"/>';
  return { xml: envelope(appName, actions, paths), answeringIds: [2, 4, 7, 8], queryId: 8 };
}

export interface CsomReply {
  header: { SchemaVersion?: string; LibraryVersion?: string; TraceCorrelationId?: string };
  pairs: Array<[number, unknown]>;
}

/** Parses a ProcessQuery body (JSON array; `\r` separators and a BOM tolerated). Throws on ErrorInfo. */
export function parseCsomReply(body: string): CsomReply {
  let parsed: unknown;
  try { parsed = JSON.parse(body.replace(/^\uFEFF/, '')); } catch { parsed = undefined; }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'object' || parsed[0] === null) {
    throw new TenantError('CsomUnreadable', `SharePoint answered ProcessQuery with something that is not a CSOM reply: ${body.slice(0, 200)}`, 200);
  }
  const header = parsed[0] as CsomReply['header'] & { ErrorInfo?: CsomErrorInfo | null };
  if (header.ErrorInfo) throw csomError(header.ErrorInfo);
  const pairs: Array<[number, unknown]> = [];
  for (let i = 1; i + 1 < parsed.length; i += 2) {
    if (typeof parsed[i] === 'number') pairs.push([parsed[i] as number, parsed[i + 1]]);
  }
  return { header, pairs };
}

/** The value answered for `actionId`: by id, else by its position among the actions that answer. */
export function csomResult(reply: CsomReply, request: CsomRequest, actionId: number): unknown {
  const exact = reply.pairs.find(([id]) => id === actionId);
  if (exact) return exact[1];
  const position = request.answeringIds.indexOf(actionId);
  if (position >= 0 && reply.pairs.length === request.answeringIds.length) return reply.pairs[position][1];
  return undefined;
}

/**
 * CSOM dates: `/Date(y,m,d,h,mi,s,ms)/` with a 0-based month (as JavaScript's Date), or `/Date(<epoch ms>)/`.
 * Read as UTC. Anything else → undefined.
 */
export function csomDateToIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = /^\/Date\((-?\d+(?:,\d+){0,6})\)\/$/.exec(value.trim())?.[1].split(',').map(Number);
  if (!parts) return undefined;
  if (parts.length === 1) return new Date(parts[0]).toISOString();
  const [y, m, d = 1, h = 0, mi = 0, s = 0, ms = 0] = parts;
  const date = new Date(0);
  date.setUTCFullYear(y, m, d); // not Date.UTC, which maps years 0..99 to 1900..1999
  date.setUTCHours(h, mi, s, ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
