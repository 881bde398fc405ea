// Graph v1.0 users/{id | upn}/teamwork/installedApps: install the bot's Teams app for a user (POST, the
// step that lets the connector open a 1:1 chat with them) and list what is installed (GET).
//
// Subset served: POST with `teamsApp@odata.bind`; GET with optional `$expand=teamsApp` and optional
// `$filter=teamsApp/id eq '…'` or `teamsApp/externalId eq '…'` (one clause, quotes doubled inside).
// Installs are rate-limited at 30 per second per app per tenant (Teams' documented figure); reads are not.
import { Answer, json } from '../httpIo.js';
import { admit } from '../rateWindows.js';
import type { TeamsState } from '../teams.js';
import type { GraphRoute } from './graph.js';
import { GRAPH_ROOT, graphError, graphFailure } from './graphShapes.js';

const INSTALL_ROLES = ['TeamsAppInstallation.ReadWriteSelfForUser.All', 'TeamsAppInstallation.ReadWriteForUser.All'];
const READ_ROLES = [...INSTALL_ROLES, 'TeamsAppInstallation.ReadForUser.All'];
const BIND = /^https:\/\/graph\.microsoft\.com\/(?:v1\.0|beta)\/appCatalogs\/teamsApps\/([^/?#]+)$/i;

export function teamworkRoute(teams: TeamsState): GraphRoute {
  return (call) => {
    const m = /^\/users\/([^/]+)\/teamwork\/installedApps$/i.exec(call.path);
    if (!m || call.version !== 'v1.0') return null;
    const { req, tenant } = call;
    if (req.method !== 'POST' && req.method !== 'GET') return graphError(405, 'BadRequest', `${req.method} is not supported on installedApps.`, req);
    const denied = call.requireRole(...(req.method === 'POST' ? INSTALL_ROLES : READ_ROLES));
    if (denied) return denied;
    const user = teams.findUser(tenant, m[1]);
    if (!user) return graphError(404, 'NotFound', `User '${m[1]}' was not found.`, req);
    if (req.method === 'GET') return list(teams, call, user);

    // Only admitted installs count (rateWindows.ts); a refused one does not use up the next second.
    const verdict = admit([[teams.installLimits, `${tenant.tenantId}|${call.claims.appid}`]], call.world.now());
    if (!verdict.admitted) {
      teams.installCounts.throttled++;
      return graphFailure(429, String(verdict.retryAfterSeconds));
    }
    let bind: string | undefined;
    try { bind = (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>)['teamsApp@odata.bind'] as string | undefined; } catch { /* below */ }
    const catalogAppId = BIND.exec(String(bind ?? ''))?.[1];
    if (!catalogAppId) return graphError(400, 'BadRequest', "Expected 'teamsApp@odata.bind' with https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}.", req);
    if (!teams.install(tenant, user, decodeURIComponent(catalogAppId))) {
      teams.installCounts.conflicts++;
      return graphError(409, 'Conflict', 'App is already installed for this user.', req);
    }
    teams.installCounts.installed++;
    // The documented answer: 201 Created, no body.
    return { status: 201, headers: { 'content-length': '0' } };
  };
}

function list(teams: TeamsState, call: Parameters<GraphRoute>[0], user: Parameters<TeamsState['installedApps']>[1]): Answer {
  const params = call.req.url.searchParams;
  const expand = /^teamsApp$/i.test(params.get('$expand') ?? '');
  const filter = params.get('$filter');
  let wanted: { field: 'id' | 'externalId'; value: string } | undefined;
  if (filter) {
    const f = /^teamsApp\/(id|externalId) eq '((?:[^']|'')*)'$/i.exec(filter.trim());
    if (!f) return graphError(400, 'BadRequest', `Unsupported $filter '${filter}' (the sandbox serves teamsApp/id or teamsApp/externalId eq '…').`, call.req);
    wanted = { field: f[1].toLowerCase() === 'id' ? 'id' : 'externalId', value: f[2].replace(/''/g, "'") };
  }
  const value = [...teams.installedApps(call.tenant, user)]
    // INFERRED (teams.ts): externalId equals the catalog id in the sandbox, so both filters compare the same.
    .filter(([appId]) => !wanted || appId.toLowerCase() === wanted.value.toLowerCase())
    .map(([appId, installationId]) => ({
      id: installationId,
      ...(expand ? { teamsApp: { id: appId, externalId: appId, displayName: 'Post-Migration Bot', distributionMethod: 'organization' } } : {}),
    }));
  return json(200, { '@odata.context': `${GRAPH_ROOT}/v1.0/$metadata#users('${user.id}')/teamwork/installedApps${expand ? '(teamsApp())' : ''}`, value });
}
