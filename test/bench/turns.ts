// Bench: chat-turn throughput of the real bot (`help`: recognise, render the card, reply) against a
// bare botbuilder echo bot on the same stack (restify 11 + bodyParser + CloudAdapter, auth off), both
// over HTTP in this process, replies returned in the response body (deliveryMode expectReplies).
// Ratio = bot msgs/s ÷ echo msgs/s: what our turn costs beyond botbuilder's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { startBot } from '../../bot/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { message } from '../helpers/activities.js';

export interface TurnFigures { messages: number; concurrency: number; botPerSecond: number; echoPerSecond: number; ratio: number }

async function startEcho(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
  const bot = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => { await adapter.process(req, res, (ctx) => bot.run(ctx)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Sends `count` messages with `concurrency` in flight; every answer must carry at least one reply. */
async function drive(url: string, body: object, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const answer = (await res.json()) as { activities?: unknown[] };
      if (res.status !== 200 || !answer.activities?.length) throw new Error(`turn failed: HTTP ${res.status}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

export async function benchTurns(count = 1000, concurrency = 8): Promise<TurnFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-turns-'));
  const bot = await startBot({ PORT: '0', STORAGE: `file:${dir}`, LOG_LEVEL: 'error' });
  const echo = await startEcho();
  try {
    const tenantId = bot.sandbox!.target.tenantId;
    const activity = { ...message('help', SANDBOX_PEOPLE.admin, { tenantId, serviceUrl: 'http://127.0.0.1:9/' }), deliveryMode: 'expectReplies' };
    // Warm both (JIT, first card render) before measuring; then alternate to share the machine's noise.
    await drive(bot.url, activity, 50, concurrency);
    await drive(echo.url, activity, 50, concurrency);
    const botPerSecond = await drive(bot.url, activity, count, concurrency);
    const echoPerSecond = await drive(echo.url, activity, count, concurrency);
    return { messages: count, concurrency, botPerSecond, echoPerSecond, ratio: botPerSecond / echoPerSecond };
  } finally {
    await echo.close();
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
