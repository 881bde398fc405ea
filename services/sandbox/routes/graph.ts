// graph.microsoft.com for both tenants: the tenant is the token's `tid`. Routes: users (v1.0 and beta)
// and the beta cross-organization migration tasks. New Graph route files plug into ROUTES below.
import { Answer, SandboxRequest, header } from '../httpIo.js';
import { SandboxWorld, TenantState, tenantById } from '../model.js';
import { advanceMoves } from '../moves.js';
import type { HostService } from '../server.js';
import { AccessClaims, checkBearer } from '../tokens.js';
import { GRAPH_HOST, GRAPH_ROOT, graphError, graphFailure, graphForbidden, graphNoRoute, graphUnauthorized } from './graphShapes.js';
import { getUser, listUsers } from './graphUsers.js';
import { ResourceBudget } from '../budget.js';
import { migrations } from './graphMigrations.js';

const READ = 'SharePointCrossTenantMigration.Read.All';
const MANAGE = 'SharePointCrossTenantMigration.Manage.All';

export interface GraphCall {
  world: SandboxWorld;
  tenant: TenantState;
  claims: AccessClaims;
  req: SandboxRequest;
  version: 'v1.0' | 'beta';
  /** Path after the version, percent-decoded, e.g. `/users/x`. */
  path: string;
  /** null when the token holds one of the roles, else the 403 answer. */
  requireRole(...roles: string[]): Answer | null;
}

/** A Graph route: answers, or null when the path is not its own. */
export type GraphRoute = (call: GraphCall) => Answer | null;

const usersRoute: GraphRoute = (call) => {
  if (call.req.method !== 'GET') return null;
  if (call.path === '/users') return call.requireRole('User.Read.All') ?? listUsers(call.req, call.tenant, call.version);
  const m = /^\/users\/([^/]+)$/.exec(call.path);
  return m ? call.requireRole('User.Read.All') ?? getUser(call.req, call.tenant, call.version, m[1]) : null;
};

const migrationsRoute = (budget: ResourceBudget): GraphRoute => (call) => {
  const m = /^\/solutions\/sharePoint\/migrations\/crossOrganizationMigrationTasks(\/.*)?$/i.exec(call.path);
  if (!m || call.version !== 'beta') return null;
  // Charged per app per tenant once the caller is known. Graph documents no RateLimit-* headers for these
  // endpoints: only Retry-After is sent.
  const verdict = budget.charge(`${call.tenant.name}|${call.claims.appid}`, call.world.now());
  if (verdict && !verdict.admitted) return graphFailure(429, String(verdict.retryAfterSeconds));
  advanceMoves(call.world, call.tenant);
  // The migration routes' 403 says "Access denied", as their docs list it (the error code is INFERRED).
  const allowed = (need: 'read' | 'manage') => (call.requireRole(...(need === 'read' ? [READ] : [MANAGE])) ? graphError(403, 'accessDenied', 'Access denied', call.req) : null);
  return migrations(call.world, call.tenant, call.req, m[1] ?? '', allowed);
};


function authenticate(world: SandboxWorld, req: SandboxRequest): { claims: AccessClaims; tenant: TenantState } | Answer {
  const check = checkBearer(world.signingKey, header(req, 'authorization'));
  if (!check.ok) return graphUnauthorized(req, check.reason);
  const tenant = tenantById(world, check.claims.tid);
  if (String(check.claims.aud).replace(/\/$/, '') !== GRAPH_ROOT || !tenant) return graphUnauthorized(req, 'audience');
  return { claims: check.claims, tenant };
}

/** `migrationBudget`: the request budget of the migration endpoints (unconfigured = none). */
export function graphService(world: SandboxWorld, extraRoutes: GraphRoute[] = [], migrationBudget = new ResourceBudget()): HostService {
  const routes = [usersRoute, migrationsRoute(migrationBudget), ...extraRoutes];
  return {
    name: 'graph',
    matches: (host) => host === GRAPH_HOST,
    handle(req) {
      const m = /^\/(v1\.0|beta)(\/.*)?$/.exec(req.url.pathname);
      if (!m) return graphNoRoute(req, req.url.pathname.split('/')[1] ?? '');
      const auth = authenticate(world, req);
      if ('status' in auth) return auth;
      const path = decodeURIComponent(m[2] ?? '').replace(/\/$/, '');
      const call: GraphCall = {
        world, req, path, tenant: auth.tenant, claims: auth.claims, version: m[1] as 'v1.0' | 'beta',
        requireRole: (...roles) => (roles.some((r) => auth.claims.roles.includes(r)) ? null : graphForbidden(req)),
      };
      for (const route of routes) {
        const answer = route(call);
        if (answer) return answer;
      }
      return graphNoRoute(req, path.split('/').filter(Boolean)[0] ?? '');
    },
    failure: graphFailure,
  };
}
