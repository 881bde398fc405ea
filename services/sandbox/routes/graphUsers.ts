// Graph users: one by id or UPN, and the paged list with $top / $select / $skiptoken.
import { Answer, SandboxRequest, json } from '../httpIo.js';
import { TenantState, UserRecord } from '../model.js';
import { GRAPH_ROOT, graphError, skipToken } from './graphShapes.js';

const MAX_TOP = 999;
const DEFAULT_TOP = 100;

function userJson(u: UserRecord): Record<string, unknown> {
  return {
    businessPhones: [], displayName: u.displayName, givenName: u.givenName, jobTitle: u.jobTitle, mail: u.mail,
    mobilePhone: null, officeLocation: null, preferredLanguage: u.preferredLanguage, surname: u.surname,
    userPrincipalName: u.userPrincipalName, id: u.id,
  };
}

function selected(req: SandboxRequest, u: UserRecord): Record<string, unknown> | string {
  const all = userJson(u);
  const select = req.url.searchParams.get('$select');
  if (!select) return all;
  const out: Record<string, unknown> = {};
  for (const name of select.split(',').map((s) => s.trim()).filter(Boolean)) {
    const real = Object.keys(all).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!real) return name;
    out[real] = all[real];
  }
  return out;
}

const badSelect = (req: SandboxRequest, name: string) =>
  graphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.user'.`, req);

export function getUser(req: SandboxRequest, tenant: TenantState, version: string, key: string): Answer {
  const k = key.toLowerCase();
  const user = tenant.users.find((u) => u.id === k || u.userPrincipalName.toLowerCase() === k);
  if (!user) return graphError(404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`, req);
  const body = selected(req, user);
  if (typeof body === 'string') return badSelect(req, body);
  return json(200, { '@odata.context': `${GRAPH_ROOT}/${version}/$metadata#users/$entity`, ...body });
}


export function listUsers(req: SandboxRequest, tenant: TenantState, version: string): Answer {
  const params = req.url.searchParams;
  const top = params.has('$top') ? Number(params.get('$top')) : DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) return graphError(400, 'Request_UnsupportedQuery', `Invalid page size specified: '${params.get('$top')}'. Must be between 1 and ${MAX_TOP} inclusive.`, req);
  const token = params.get('$skiptoken');
  const offset = token === null ? 0 : skipToken.decode('users', token);
  if (offset === null) return graphError(400, 'Directory_InvalidSkipToken', 'The specified page token value has expired or is invalid.', req);
  const page = tenant.users.slice(offset, offset + top).map((u) => selected(req, u));
  const bad = page.find((p) => typeof p === 'string');
  if (typeof bad === 'string') return badSelect(req, bad);
  const select = params.get('$select');
  const body: Record<string, unknown> = { '@odata.context': `${GRAPH_ROOT}/${version}/$metadata#users${select ? `(${select})` : ''}`, value: page };
  if (offset + top < tenant.users.length) {
    const next = new URLSearchParams({ $top: String(top), ...(select ? { $select: select } : {}), $skiptoken: skipToken.encode('users', offset + top) });
    body['@odata.nextLink'] = `${GRAPH_ROOT}/${version}/users?${next.toString().replace(/%24/g, '$')}`;
  }
  return json(200, body);
}
