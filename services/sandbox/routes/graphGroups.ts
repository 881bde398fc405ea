// Graph group membership: POST /users/{id}/checkMemberGroups (transitive, at most 20 group ids, answers
// the subset the user is a member of), GET /groups/{id} and GET /groups/{id}/transitiveMembers/$count.
import { json } from '../httpIo.js';
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

function readGroupIds(body: string): string[] | null {
  try {
    const ids = JSON.parse(body)?.groupIds;
    if (!Array.isArray(ids) || ids.length > MAX_GROUP_IDS || ids.some((id) => typeof id !== 'string')) return null;
    return ids;
  } catch {
    return null;
  }
}
