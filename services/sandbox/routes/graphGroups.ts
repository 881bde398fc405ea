// Graph group membership: POST /users/{id}/checkMemberGroups (transitive, at most 20 group ids, answers
// the subset the user is a member of), GET /groups/{id} and GET /groups/{id}/transitiveMembers/$count.
import { json, type Answer } from '../httpIo.js';
import { isTransitiveMember, transitiveUserCount } from '../groups.js';
import { GRAPH_ROOT, graphError } from './graphShapes.js';
import type { GraphRoute } from './graph.js';

const MAX_GROUP_IDS = 20;
const GROUP_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'];

export const groupsRoute: GraphRoute = (call) => {
  const { req, tenant, path } = call;
  const check = /^\/users\/([^/]+)\/checkMemberGroups$/i.exec(path);
  if (check && req.method === 'POST') {
    const denied = call.requireRole(...GROUP_READ);
    if (denied) return denied;
    const key = check[1]!.toLowerCase();
    const user = tenant.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
    if (!user) return graphError(404, 'Request_ResourceNotFound', `Resource '${check[1]}' does not exist or one of its queried reference-property objects are not present.`, req);
    const groupIds = readGroupIds(req.body.toString('utf8'));
    if (!groupIds) return graphError(400, 'Request_BadRequest', 'Invalid request: groupIds must be an array of at most 20 ids.', req);
    const value = groupIds.filter((id) => isTransitiveMember(tenant, id.toLowerCase(), user.id));
    return json(200, { '@odata.context': `${GRAPH_ROOT}/${call.version}/$metadata#Collection(Edm.String)`, value });
  }
  if (path === '/groups' && req.method === 'GET') return call.requireRole(...GROUP_READ) ?? groupsByAlias(call);
  const owners = /^\/groups\/([^/]+)\/owners$/i.exec(path);
  if (owners && req.method === 'GET') return call.requireRole(...GROUP_READ) ?? groupOwners(call, owners[1]!);
  const read = /^\/groups\/([^/]+)(\/transitiveMembers\/\$count)?$/i.exec(path);
  if (!read || req.method !== 'GET') return null;
  const denied = call.requireRole(...GROUP_READ);
  if (denied) return denied;
  const group = tenant.groups.find((g) => g.id === read[1]!.toLowerCase());
  if (!group) return graphError(404, 'Request_ResourceNotFound', `Resource '${read[1]}' does not exist or one of its queried reference-property objects are not present.`, req);
  if (read[2]) {
    // Graph counts only with ConsistencyLevel: eventual; without it the request is refused.
    if ((req.headers['consistencylevel'] ?? '').toString().toLowerCase() !== 'eventual') {
      return graphError(400, 'Request_BadRequest', 'Count is not supported without ConsistencyLevel: eventual.', req);
    }
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(transitiveUserCount(tenant, group.id)) };
  }
  // A Microsoft 365 group (one with an alias) reads as Graph writes one: Unified, mail-enabled, not a security group.
  const kind = group.mailNickname
    ? { groupTypes: ['Unified'], mailEnabled: true, mailNickname: group.mailNickname, securityEnabled: false }
    : { securityEnabled: true };
  return json(200, { '@odata.context': `${GRAPH_ROOT}/${call.version}/$metadata#groups/$entity`, id: group.id, displayName: group.displayName, ...kind });
};

/** `groups?$filter=mailNickname eq '<alias>'`: the only filter served (how a group site's group is found). */
function groupsByAlias(call: Parameters<GraphRoute>[0]): Answer {
  const { req, tenant } = call;
  const m = /^mailNickname eq '((?:[^']|'')*)'$/i.exec(req.url.searchParams.get('$filter') ?? '');
  if (!m) return graphError(400, 'Request_UnsupportedQuery', 'Unsupported query.', req);
  const alias = m[1]!.replace(/''/g, "'").toLowerCase();
  const value = tenant.groups.filter((g) => g.mailNickname?.toLowerCase() === alias).map((g) => ({ id: g.id, displayName: g.displayName, mailNickname: g.mailNickname }));
  return json(200, { '@odata.context': `${GRAPH_ROOT}/${call.version}/$metadata#groups`, value });
}

/** `groups/{id}/owners`: directory objects, here always users (service principals are not listed in v1.0). */
function groupOwners(call: Parameters<GraphRoute>[0], id: string): Answer {
  const { req, tenant } = call;
  const group = tenant.groups.find((g) => g.id === id.toLowerCase());
  if (!group) return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, req);
  const value = (group.ownerIds ?? []).flatMap((ownerId) => {
    const u = tenant.users.find((user) => user.id === ownerId);
    return u ? [{ '@odata.type': '#microsoft.graph.user', id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName }] : [];
  });
  return json(200, { '@odata.context': `${GRAPH_ROOT}/${call.version}/$metadata#directoryObjects`, value });
}

function readGroupIds(body: string): string[] | null {
  try {
    const ids = JSON.parse(body)?.groupIds;
    if (!Array.isArray(ids) || ids.length > MAX_GROUP_IDS || ids.some((id) => typeof id !== 'string')) return null;
    return ids;
  } catch {
    return null;
  }
}
