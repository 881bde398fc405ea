// Bench process: a bare botbuilder echo bot on the bot's own server stack (restify 11 + bodyParser +
// CloudAdapter, authentication off), the floor a turn of ours is compared with.
import * as restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { answerParent, memoryNow } from './childChannel.js';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
const bot = new ActivityHandler().onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text}`);
  await next();
});
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => { await adapter.process(req, res, (ctx) => bot.run(ctx)); });
// An exit of its own rather than death by signal, so a CPU profile asked for (--cpu-prof) is written.
process.once('SIGTERM', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  answerParent({ url: `http://127.0.0.1:${port}` }, { memory: memoryNow });
});
