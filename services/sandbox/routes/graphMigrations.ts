// Graph beta crossOrganizationMigrationTasks: create (and validateOnly), get by id, get by source UPN, cancel.
import { Answer, SandboxRequest, json } from '../httpIo.js';
import { MoveTask, SandboxWorld, TenantState, recordChange } from '../model.js';
import { cancelMove, createMove, latestMoveFor } from '../moves.js';
import { MoveRefusal, holdsTargetRelation, validateMove } from '../moveChecks.js';
import { GRAPH_ROOT, graphError } from './graphShapes.js';

const USER_PARAMS = '#microsoft.graph.sharePointUserMigrationTaskParameters';
const CONTEXT = `${GRAPH_ROOT}/beta/$metadata#solutions/sharePoint/migrations/crossOrganizationMigrationTasks/$entity`;

function taskJson(task: MoveTask): Record<string, unknown> {
  return {
    '@odata.context': CONTEXT, id: task.id, status: task.status, startedDateTime: task.startedDateTime,
    lastUpdatedDateTime: task.lastUpdatedDateTime, finishedDateTime: task.finishedDateTime,
    // Shape of `error` on a failed task is inferred (publicError-like code + message).
    error: task.error,
    parameters: {
      '@odata.type': USER_PARAMS, targetOrganizationHost: task.targetOrganizationHost,
      sourceUserIdentity: { userPrincipalName: task.sourceUpn }, targetUserIdentity: { userPrincipalName: task.targetUpn },
    },
  };
}

/** 422 text is from the Graph docs; the error code string is inferred. */
function noRelationship(req: SandboxRequest, partnerHost: string): Answer {
  return graphError(422, 'unprocessableEntity', `There is no Cross-Tenant relationship established for partner ${partnerHost} and role Target.`, req);
}

function readTask(req: SandboxRequest, tenant: TenantState, task: MoveTask | undefined, notFound: string): Answer {
  if (!task) return graphError(404, 'itemNotFound', notFound, req);
  if (!holdsTargetRelation(tenant, task.targetOrganizationHost)) return noRelationship(req, task.targetOrganizationHost);
  return json(200, taskJson(task));
}

interface CreateBody {
  parameters?: {
    '@odata.type'?: string; targetOrganizationHost?: string; validateOnly?: boolean;
    sourceUserIdentity?: { userPrincipalName?: string; id?: string }; targetUserIdentity?: { userPrincipalName?: string; id?: string };
  };
}

function create(world: SandboxWorld, tenant: TenantState, req: SandboxRequest): Answer {
  let body: CreateBody;
  try { body = JSON.parse(req.body.toString('utf8')) as CreateBody; } catch { return graphError(400, 'BadRequest', 'Unable to read JSON request payload.', req); }
  const p = body.parameters;
  if (!p?.targetOrganizationHost || !p.sourceUserIdentity || !p.targetUserIdentity) {
    return graphError(400, 'invalidRequest', 'The parameters targetOrganizationHost, sourceUserIdentity and targetUserIdentity are required.', req);
  }
  try {
    const { source, target, partner } = validateMove(world, tenant, { targetOrganizationHost: p.targetOrganizationHost, source: p.sourceUserIdentity, target: p.targetUserIdentity });
    if (p.validateOnly) return json(200, { '@odata.context': CONTEXT, status: 'completed', parameters: p });
    return json(200, taskJson(createMove(world, tenant, source, target, partner)));
  } catch (e) {
    // Refusal body (invalidRequest + "<MnAStatusCode>: text") is inferred.
    if (e instanceof MoveRefusal && e.status === 422) return noRelationship(req, p.targetOrganizationHost);
    if (e instanceof MoveRefusal) return graphError(400, 'invalidRequest', `${e.code}: ${e.message}`, req);
    throw e;
  }
}

/**
 * Writes a move creation to the action log from the request and its answer: the source user as target,
 * refusals with the error message. A validateOnly call changes nothing and is not logged.
 */
function logCreation(world: SandboxWorld, tenant: TenantState, req: SandboxRequest, answer: Answer): Answer {
  let p: CreateBody['parameters'];
  try { p = (JSON.parse(req.body.toString('utf8')) as CreateBody).parameters; } catch { p = undefined; }
  if (p?.validateOnly && answer.status < 400) return answer;
  const who = (u?: { userPrincipalName?: string; id?: string }) => u?.userPrincipalName ?? u?.id ?? '';
  const entry = { method: 'CreateMoveTask' as const, target: who(p?.sourceUserIdentity), detail: `to ${who(p?.targetUserIdentity)}` };
  if (answer.status < 400) {
    recordChange(world, tenant, { ...entry, outcome: 'ok' });
  } else {
    let message = `HTTP ${answer.status}`;
    try { message = (JSON.parse(answer.body ?? '') as { error: { message: string } }).error.message; } catch { /* keep the status */ }
    recordChange(world, tenant, { ...entry, outcome: 'error', message });
  }
  return answer;
}

/** The UPN is an OData string literal: percent-decoded already, quotes around it, `''` for one `'`. */
function literal(text: string): string | null {
  const m = /^'(.*)'$/s.exec(text);
  return m ? m[1].replace(/''/g, "'") : null;
}

/** `rest` is the path after `…/crossOrganizationMigrationTasks`, percent-decoded. */
export function migrations(world: SandboxWorld, tenant: TenantState, req: SandboxRequest, rest: string, can: (role: 'read' | 'manage') => Answer | null): Answer | null {
  // Calls stopped before the operation (missing role here; token, digest, throttling elsewhere) are not logged.
  if (rest === '' && req.method === 'POST') return can('manage') ?? logCreation(world, tenant, req, create(world, tenant, req));
  const byUpn = /^\/getBySourceUserPrincipalName\(sourcePrincipalName=(.*)\)$/i.exec(rest);
  if (byUpn && req.method === 'GET') {
    const upn = literal(byUpn[1]);
    if (upn === null) return graphError(400, 'BadRequest', `Bad Request - Error in query syntax.`, req);
    return can('read') ?? readTask(req, tenant, latestMoveFor(tenant, upn), `No migration task was found for the source user ${upn}.`);
  }
  const byId = /^\/([0-9a-f-]{36})(\/cancel)?$/i.exec(rest);
  if (!byId) return null;
  const task = tenant.moves.get(byId[1].toLowerCase());
  if (!byId[2] && req.method === 'GET') return can('read') ?? readTask(req, tenant, task, `The migration task ${byId[1]} could not be found.`);
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
