// The HTTP surface: Bot Framework messages and a health check. Exported for the HTTP-level tests.
// First: it drops one deprecation warning restify's dependencies raise as they load (see the file).
import './quietDeprecations.js';
import * as restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from '../services/ports.js';
import { answering500, MAX_BODY_BYTES, refuseLargeBodies, withoutInternalErrors } from './httpHygiene.js';
import type { TeamsBot } from './teamsBot.js';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: TeamsBot;
  mode: 'sandbox' | 'live';
  version: string;
  logger: Logger;
}

/** Servers that are stopping: they answer 503 to every request still reaching them. */
const draining = new WeakSet<restify.Server>();

export function createServer({ adapter, bot, mode, version, logger }: ServerDeps): restify.Server {
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
  server.post('/api/messages', answering500(logger, async (req, res) => {
    await adapter.process(req, withoutInternalErrors(res, logger), (context) => bot.run(context));
  }));
  // Nothing here may reveal configuration: it answers anyone who can reach the port.
  server.get('/healthz', async (_req, res) => {
    res.json(200, { ok: true, mode, version });
  });
  return server;
}

/** Stops taking work: 503 to any further request, no new connection, idle ones closed. Resolves once every connection has ended. */
export function stopAccepting(server: restify.Server): Promise<void> {
  draining.add(server);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.server.closeIdleConnections();
  return closed;
}
