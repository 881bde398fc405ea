// The HTTP surface: Bot Framework messages and a health check. Exported for the HTTP-level tests.
import * as restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { TeamsBot } from './teamsBot.js';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: TeamsBot;
  mode: 'sandbox' | 'live';
  version: string;
}

export function createServer({ adapter, bot, mode, version }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'post-migration-bot' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  // Nothing here may reveal configuration: it answers anyone who can reach the port.
  server.get('/healthz', async (_req, res) => {
    res.json(200, { ok: true, mode, version });
  });
  return server;
}
