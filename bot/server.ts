// The HTTP surface: Bot Framework messages and a health check. Exported for the HTTP-level tests.
// First: it drops one deprecation warning restify's dependencies raise as they load (see the file).
import './quietDeprecations.js';
import * as restify from 'restify';
import { ActivityTypes, type CloudAdapter } from 'botbuilder';
import { ALL_VERBS } from '../cards/verbs.js';
import type { Logger } from '../services/ports.js';
import { noTelemetry, type RequestFacts, type Telemetry } from '../services/telemetry/telemetry.js';
import { answering500, MAX_BODY_BYTES, refuseLargeBodies, withoutInternalErrors } from './httpHygiene.js';
import type { TeamsBot } from './teamsBot.js';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: TeamsBot;
  mode: 'sandbox' | 'live';
  version: string;
  logger: Logger;
  /** Each request to /api/messages as a server span (off by default). */
  telemetry?: Telemetry;
}

/** Servers that are stopping: they answer 503 to every request still reaching them. */
const draining = new WeakSet<restify.Server>();

export function createServer({ adapter, bot, mode, version, logger, telemetry = noTelemetry }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'post-migration-bot' });
  // Closing the port is not enough: Teams (like any client) keeps connections alive, and requests on an
  // open connection would still start turns. While stopping, each one is refused with 503 and the
  // connection closed, so the channel retries it on another instance.
  server.pre((_req, res, next) => {
    if (!draining.has(server)) return next();
    res.header('connection', 'close');
    res.header('retry-after', '10');
    res.send(503, { error: 'stopping' });
    return next(false);
  });
  server.pre(refuseLargeBodies);
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES }));
  const messages = answering500(logger, async (req, res) => {
    await adapter.process(req, withoutInternalErrors(res, logger), (context) => bot.run(context));
  });
  // async, not a function returning a promise: restify tells the two apart by the constructor.
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await telemetry.request(messageFacts(req.body), async () => {
      await messages(req, res);
      return res.statusCode;
    });
  });
  // Nothing here may reveal configuration: it answers anyone who can reach the port.
  server.get('/healthz', async (_req, res) => {
    res.json(200, { ok: true, mode, version });
  });
  return server;
}

const ACTIVITY_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes));
const VERBS: ReadonlySet<string> = new Set(ALL_VERBS);

/** What telemetry may say of a posted activity: its type and a card's verb, each only if it is one we know (no free text). */
function messageFacts(body: unknown): RequestFacts {
  const activity = (typeof body === 'object' && body !== null ? body : {}) as { type?: unknown; value?: { action?: { verb?: unknown } } };
  const known = (value: unknown, set: ReadonlySet<string>) => (typeof value === 'string' && set.has(value) ? value : value === undefined ? undefined : 'other');
  return { method: 'POST', route: '/api/messages', activityType: known(activity.type, ACTIVITY_TYPES), cardVerb: known(activity.value?.action?.verb, VERBS) };
}

/** Stops taking work: 503 to any further request, no new connection, idle ones closed. Resolves once every connection has ended. */
export function stopAccepting(server: restify.Server): Promise<void> {
  draining.add(server);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.server.closeIdleConnections();
  return closed;
}
