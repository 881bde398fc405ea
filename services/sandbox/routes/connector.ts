// The Bot Framework connector as Teams runs it (smba.trafficmanager.net): create a 1:1 conversation, send,
// reply, update, with Teams' rate limits. Served on its real host (any one-segment region prefix such as
// /amer/, or none) and on the sandbox's own address under /teams/, since botbuilder's connector client
// calls serviceUrl as given and sends no custom host header.
//
// A bearer token is accepted and not checked (checking the Bot Framework's tokens is for the live mode),
// and none is required: a bot with authentication off sends none. Tokens are never read into logs.
import { Answer, SandboxRequest, json, onOwnAddress } from '../httpIo.js';
import { SandboxWorld, tenantById } from '../model.js';
import type { HostService } from '../server.js';
import { admit } from '../rateWindows.js';
import { Conversation, TeamsState } from '../teams.js';

export const CONNECTOR_HOST = 'smba.trafficmanager.net';
/** Path prefix of the connector on the sandbox's own address: serviceUrl = `<sandbox url>/teams/`. */
export const CONNECTOR_PATH_PREFIX = '/teams/';

const connectorError = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message } }, headers);

function failure(status: 429 | 503 | 500, retryAfter?: string): Answer {
  const [code, message] = status === 429 ? ['Throttled', 'Too many requests. Retry after the time given in Retry-After.']
    : status === 503 ? ['ServiceUnavailable', 'The service is temporarily unavailable.'] : ['ServiceError', 'An unexpected error occurred.'];
  return connectorError(status, code, message, retryAfter ? { 'retry-after': retryAfter } : {});
}

function readJson(req: SandboxRequest): Record<string, unknown> | null {
  try {
    const value = JSON.parse(req.body.toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : null;
  } catch { return null; }
}

const badSyntax = () => connectorError(400, 'BadSyntax', 'The request body is not a JSON object.');

export function connectorService(world: SandboxWorld, teams: TeamsState): HostService {
  const now = () => world.now();
  /** Counts the request against every guard; the 429 answer when one has no room. */
  function limit(guards: Parameters<typeof admit>[0]): Answer | null {
    const at = now();
    const verdict = admit(guards, at);
    if (verdict.admitted) {
      teams.connector.admitted++;
      teams.peak.hit(at);
      return null;
    }
    teams.connector.throttled++;
    return failure(429, String(verdict.retryAfterSeconds));
  }
  const tenantKey = (tenantId: string, botId: string) => `${tenantId}|${botId}`;

  function createConversation(req: SandboxRequest): Answer {
    const body = readJson(req);
    if (!body) return badSyntax();
    const channelData = body.channelData as { tenant?: { id?: string } } | undefined;
    const tenantId = String(body.tenantId ?? channelData?.tenant?.id ?? '');
    const members = body.members as Array<{ id?: string }> | undefined;
    const botId = String((body.bot as { id?: string } | undefined)?.id ?? '');
    if (body.isGroup === true || !Array.isArray(members) || members.length !== 1 || !members[0]?.id) {
      return connectorError(400, 'BadArgument', 'A 1:1 conversation needs isGroup false and exactly one member with an id.');
    }
    const tenant = tenantById(world, tenantId);
    if (!tenant) return connectorError(400, 'BadArgument', `Unknown or missing tenant id '${tenantId}'.`);
    const user = teams.findUser(tenant, String(members[0].id));
    if (!user) return connectorError(404, 'MemberNotFound', `Member '${members[0].id}' was not found in tenant ${tenant.tenantId}.`);
    const id = teams.conversationId(tenant, user, botId);
    const throttled = limit([[teams.tenantLimits, tenantKey(tenant.tenantId, botId)], [teams.conversationLimits, `create|${id}`]]);
    if (throttled) return throttled;
    // Teams opens a 1:1 chat with a bot only for a user who has the bot's app installed.
    if (teams.installedApps(tenant, user).size === 0) {
      teams.connector.notInstalled++;
      return connectorError(403, 'ForbiddenOperationException', "Bot is not installed in user's personal scope");
    }
    const conversation = teams.openConversation(tenant, user, botId);
    const first = body.activity && typeof body.activity === 'object' ? body.activity as Record<string, unknown> : undefined;
    const entry = first && !teams.blocked.has(user.id) ? teams.post(conversation, first, now()) : undefined;
    return json(201, { id: conversation.id, ...(entry ? { activityId: entry.activityId } : {}) });
  }

  function toConversation(conversation: Conversation, req: SandboxRequest, activityId?: string): Answer {
    const throttled = limit([[teams.tenantLimits, tenantKey(conversation.tenant.tenantId, conversation.botId)], [teams.conversationLimits, `send|${conversation.id}`]]);
    if (throttled) return throttled;
    if (teams.blocked.has(conversation.user.id)) {
      teams.connector.blocked++;
      return connectorError(403, 'MessageWritesBlocked', 'The user blocked the bot: messages to this conversation are refused.');
    }
    const activity = readJson(req);
    if (!activity) return badSyntax();
    if (req.method === 'PUT') {
      const existing = conversation.activities.get(activityId as string);
      if (!existing) return connectorError(404, 'ActivityNotFound', `Activity '${activityId}' was not found in this conversation.`);
      existing.activity = { ...activity, id: existing.activityId };
      teams.connector.updated++;
      return json(200, { id: existing.activityId });
    }
    // A reply (POST …/activities/:replyToId) is stored like any send, with the id it answers.
    const sent = activityId ? { ...activity, replyToId: activityId } : activity;
    return json(201, { id: teams.post(conversation, sent, now()).activityId });
  }

  return {
    name: 'connector',
    matches: (host, path) => host === CONNECTOR_HOST || onOwnAddress(host, path, CONNECTOR_PATH_PREFIX),
    handle(req) {
      teams.connector.requests++;
      const path = req.url.pathname.replace(/\/{2,}/g, '/');
      const m = /^(?:\/[A-Za-z0-9_-]+)?\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
      if (!m) return connectorError(404, 'NotFound', `No connector route for ${req.method} ${path}.`);
      const [, conversationId, activityId] = m;
      if (!conversationId) return req.method === 'POST' ? createConversation(req) : connectorError(405, 'MethodNotAllowed', `${req.method} is not served on /v3/conversations.`);
      const conversation = teams.conversations.get(decodeURIComponent(conversationId));
      if (!conversation) return connectorError(404, 'ConversationNotFound', 'Conversation not found.');
      if (req.method === 'POST' || (req.method === 'PUT' && activityId)) return toConversation(conversation, req, activityId && decodeURIComponent(activityId));
      return connectorError(405, 'MethodNotAllowed', `${req.method} is not served on this path.`);
    },
    failure,
  };
}
