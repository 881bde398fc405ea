// The bot from its services: routers, recogniser and the Teams handler. Shared by the composition root
// and the turn tests, so the tests drive exactly what the server runs.
import { tenantName } from '../services/insights/tenantPair.js';
import { ActionRouter } from './actionRouter.js';
import type { BotServices } from './botServices.js';
import { CommandRouter } from './commandRouter.js';
import { COMMANDS } from './commands/index.js';
import { createRecognizer } from './nlu/recognizer.js';
import { TeamsBot } from './teamsBot.js';

export function createBot(services: BotServices): TeamsBot {
  const recognizer = createRecognizer(COMMANDS, {
    // Lets "the contoso side" mean the source without anyone typing "source".
    tenantNames: {
      source: [tenantName(services.tenants.source.adminUrl)],
      target: [tenantName(services.tenants.target.adminUrl)],
    },
  });
  const commands = new CommandRouter(services, recognizer);
  return new TeamsBot(services, commands, new ActionRouter(services, commands));
}
