// Graph beta crossOrganizationMigrationTasks for people, sites and group sites: create (and validateOnly),
// get by id, by source UPN, by source site URL, by source group alias, cancel.
import { Answer, SandboxRequest, json } from '../httpIo.js';
import { MoveTask, SandboxWorld, TenantState, recordChange, tenantByHostUrl } from '../model.js';
import { cancelMove, createMove, latestMoveFor, latestSiteMoveFor } from '../moves.js';
import { MoveRefusal, holdsTargetRelation, validateMove } from '../moveChecks.js';
import { validateSiteMove } from '../siteMoveChecks.js';
import { GRAPH_ROOT, graphError } from './graphShapes.js';

const USER_PARAMS = '#microsoft.graph.sharePointUserMigrationTaskParameters';
const SITE_PARAMS = '#microsoft.graph.sharePointSiteMigrationTaskParameters';
const GROUP_PARAMS = '#microsoft.graph.sharePointGroupMigrationTaskParameters';
const CONTEXT = `${GRAPH_ROOT}/beta/$metadata#solutions/sharePoint/migrations/crossOrganizationMigrationTasks/$entity`;

/**
 * The task's parameters as the service writes them. A site task read back adds targetOrganizationId
 * (G-BYSITE's example). A group task echoes its group identities when created (G-CREATE example 5) but is
 * read back with site parameters, as G-BYGROUP's example shows (INFERRED: docs/moves.md inferred 7).
 */
function parametersOf(world: SandboxWorld, task: MoveTask, created: boolean): Record<string, unknown> {
  const host = task.targetOrganizationHost;
  if (!task.site) {
    return { '@odata.type': USER_PARAMS, targetOrganizationHost: host, sourceUserIdentity: { userPrincipalName: task.sourceUpn }, targetUserIdentity: { userPrincipalName: task.targetUpn } };
  }
  if (created && task.site.kind === 'group') {
    return { '@odata.type': GROUP_PARAMS, targetOrganizationHost: host, sourceGroupIdentity: { mailNickname: task.site.sourceAlias }, targetGroupIdentity: { mailNickname: task.site.targetAlias } };
  }
  const readBack = created ? {} : { targetOrganizationId: tenantByHostUrl(world, host)?.tenantId };
  return { '@odata.type': SITE_PARAMS, targetOrganizationHost: host, ...readBack, sourceSiteUrl: task.site.sourceSiteUrl, targetSiteUrl: task.site.targetSiteUrl };
}

function taskJson(world: SandboxWorld, task: MoveTask, created = false): Record<string, unknown> {
  return {
    '@odata.context': CONTEXT, id: task.id, status: task.status, startedDateTime: task.startedDateTime,
    lastUpdatedDateTime: task.lastUpdatedDateTime, finishedDateTime: task.finishedDateTime,
    // Shape of `error` on a failed task is inferred (publicError-like code + message: docs/moves.md inferred 6).
    error: task.error,
    parameters: parametersOf(world, task, created),
  };
}

/** 422 text is from the Graph docs; the error code string is inferred. */
function noRelationship(req: SandboxRequest, partnerHost: string): Answer {
  return graphError(422, 'unprocessableEntity', `There is no Cross-Tenant relationship established for partner ${partnerHost} and role Target.`, req);
}

function readTask(world: SandboxWorld, req: SandboxRequest, tenant: TenantState, task: MoveTask | undefined, notFound: string): Answer {
  if (!task) return graphError(404, 'itemNotFound', notFound, req);
  if (!holdsTargetRelation(tenant, task.targetOrganizationHost)) return noRelationship(req, task.targetOrganizationHost);
  return json(200, taskJson(world, task));
}

type Identity = { userPrincipalName?: string; id?: string };
interface CreateParameters {
  '@odata.type'?: string; targetOrganizationHost?: string; validateOnly?: boolean;
  sourceUserIdentity?: Identity; targetUserIdentity?: Identity;
  sourceSiteUrl?: string; targetSiteUrl?: string;
  sourceGroupIdentity?: { mailNickname?: string }; targetGroupIdentity?: { mailNickname?: string };
}

const kindOf = (p: CreateParameters): 'user' | 'site' | 'group' =>
  p['@odata.type'] === SITE_PARAMS ? 'site' : p['@odata.type'] === GROUP_PARAMS ? 'group' : 'user';

/** The parameters each kind cannot do without; null when they are all there. */
function missingParameters(p: CreateParameters): string | null {
  const kind = kindOf(p);
  if (kind === 'site') return p.targetOrganizationHost && p.sourceSiteUrl && p.targetSiteUrl ? null : 'targetOrganizationHost, sourceSiteUrl and targetSiteUrl';
  if (kind === 'group') return p.targetOrganizationHost && p.sourceGroupIdentity?.mailNickname && p.targetGroupIdentity?.mailNickname ? null : 'targetOrganizationHost, sourceGroupIdentity and targetGroupIdentity';
  return p.targetOrganizationHost && p.sourceUserIdentity && p.targetUserIdentity ? null : 'targetOrganizationHost, sourceUserIdentity and targetUserIdentity';
}

function readParameters(req: SandboxRequest): CreateParameters | undefined {
  try { return (JSON.parse(req.body.toString('utf8')) as { parameters?: CreateParameters }).parameters ?? {}; } catch { return undefined; }
}

/** Checks the request for its kind and, unless validateOnly, creates the task. */
function accept(world: SandboxWorld, tenant: TenantState, p: CreateParameters & { targetOrganizationHost: string }): MoveTask | null {
  const kind = kindOf(p);
  if (kind === 'user') {
    const { source, target, partner } = validateMove(world, tenant, { targetOrganizationHost: p.targetOrganizationHost, source: p.sourceUserIdentity ?? {}, target: p.targetUserIdentity ?? {} });
    return p.validateOnly ? null : createMove(world, tenant, { sourceUpn: source.userPrincipalName, targetUpn: target.userPrincipalName }, partner);
  }
  const { site, partner } = validateSiteMove(world, tenant, {
    kind, targetOrganizationHost: p.targetOrganizationHost, sourceSiteUrl: p.sourceSiteUrl, targetSiteUrl: p.targetSiteUrl,
    sourceAlias: p.sourceGroupIdentity?.mailNickname, targetAlias: p.targetGroupIdentity?.mailNickname,
  });
  return p.validateOnly ? null : createMove(world, tenant, { sourceUpn: '', targetUpn: '', site }, partner);
}

function create(world: SandboxWorld, tenant: TenantState, req: SandboxRequest): Answer {
  const p = readParameters(req);
  if (!p) return graphError(400, 'BadRequest', 'Unable to read JSON request payload.', req);
  const missing = missingParameters(p);
  if (missing) return graphError(400, 'invalidRequest', `The parameters ${missing} are required.`, req);
  const host = p.targetOrganizationHost as string;
  try {
    const task = accept(world, tenant, { ...p, targetOrganizationHost: host });
    // validateOnly (INFERRED for sites and groups: docs/moves.md inferred 5): no id, status completed, parameters echoed.
    return task ? json(200, taskJson(world, task, true)) : json(200, { '@odata.context': CONTEXT, status: 'completed', parameters: p });
  } catch (e) {
    // Refusal body (invalidRequest + "<code>: text") is inferred; the same 422 for every kind (inferred 8).
    if (e instanceof MoveRefusal && e.status === 422) return noRelationship(req, host);
    if (e instanceof MoveRefusal) return graphError(400, 'invalidRequest', `${e.code}: ${e.message}`, req);
    throw e;
  }
}

/** The log's target and detail for a creation: the source user, site or group, and where it goes. */
function logSubject(p: CreateParameters | undefined): { target: string; detail: string } {
  const who = (u?: Identity) => u?.userPrincipalName ?? u?.id ?? '';
  if (!p) return { target: '', detail: 'to ' };
  const kind = kindOf(p);
  if (kind === 'site') return { target: p.sourceSiteUrl ?? '', detail: `to ${p.targetSiteUrl ?? ''}` };
  if (kind === 'group') return { target: p.sourceGroupIdentity?.mailNickname ?? '', detail: `to group ${p.targetGroupIdentity?.mailNickname ?? ''}` };
  return { target: who(p.sourceUserIdentity), detail: `to ${who(p.targetUserIdentity)}` };
}

/**
 * Writes a move creation to the action log from the request and its answer: the source user, site or group
 * as target, refusals with the error message. A validateOnly call changes nothing and is not logged.
 */
function logCreation(world: SandboxWorld, tenant: TenantState, req: SandboxRequest, answer: Answer): Answer {
  const p = readParameters(req);
  if (p?.validateOnly && answer.status < 400) return answer;
  const entry = { method: 'CreateMoveTask' as const, ...logSubject(p) };
  if (answer.status < 400) {
    recordChange(world, tenant, { ...entry, outcome: 'ok' });
  } else {
    let message = `HTTP ${answer.status}`;
    try { message = (JSON.parse(answer.body ?? '') as { error: { message: string } }).error.message; } catch { /* keep the status */ }
    recordChange(world, tenant, { ...entry, outcome: 'error', message });
  }
  return answer;
}

/** The argument is an OData string literal: percent-decoded already, quotes around it, `''` for one `'`. */
function literal(text: string): string | null {
  const m = /^'(.*)'$/s.exec(text);
  return m ? m[1].replace(/''/g, "'") : null;
}

/** The three get-by functions: which kind each finds, by what, and its 404 text. */
const GET_BY = [
  { pattern: /^\/getBySourceUserPrincipalName\(sourcePrincipalName=(.*)\)$/i, find: (t: TenantState, v: string) => latestMoveFor(t, v), notFound: (v: string) => `No migration task was found for the source user ${v}.` },
  { pattern: /^\/getBySourceSiteUrl\(sourceSiteUrl=(.*)\)$/i, find: (t: TenantState, v: string) => latestSiteMoveFor(t, 'site', v), notFound: (v: string) => `No migration task was found for the source site ${v}.` },
  { pattern: /^\/getBySourceGroupMailNickname\(sourceGroupMailNickname=(.*)\)$/i, find: (t: TenantState, v: string) => latestSiteMoveFor(t, 'group', v), notFound: (v: string) => `No migration task was found for the source group ${v}.` },
];

/** `rest` is the path after `…/crossOrganizationMigrationTasks`, percent-decoded. */
export function migrations(world: SandboxWorld, tenant: TenantState, req: SandboxRequest, rest: string, can: (role: 'read' | 'manage') => Answer | null): Answer | null {
  // Calls stopped before the operation (missing role here; token, digest, throttling elsewhere) are not logged.
  if (rest === '' && req.method === 'POST') return can('manage') ?? logCreation(world, tenant, req, create(world, tenant, req));
  for (const by of GET_BY) {
    const m = by.pattern.exec(rest);
    if (!m || req.method !== 'GET') continue;
    const value = literal(m[1]);
    if (value === null) return graphError(400, 'BadRequest', `Bad Request - Error in query syntax.`, req);
    return can('read') ?? readTask(world, req, tenant, by.find(tenant, value), by.notFound(value));
  }
  const byId = /^\/([0-9a-f-]{36})(\/cancel)?$/i.exec(rest);
  if (!byId) return null;
  const task = tenant.moves.get(byId[1].toLowerCase());
  if (!byId[2] && req.method === 'GET') return can('read') ?? readTask(world, req, tenant, task, `The migration task ${byId[1]} could not be found.`);
  if (byId[2] && req.method === 'POST') {
    const denied = can('manage');
    if (denied) return denied;
    if (!task) return graphError(404, 'itemNotFound', `The migration task ${byId[1]} could not be found.`, req);
    if (!holdsTargetRelation(tenant, task.targetOrganizationHost)) return noRelationship(req, task.targetOrganizationHost);
    if (!cancelMove(task, world.now())) return graphError(400, 'invalidRequest', 'MnAMoveJobStopFailedBecauseJobInProgress: A move can be cancelled only before it starts.', req);
    return { status: 204 };
  }
  return null;
}
