// Bench: chat-turn throughput of the real bot (`help`: recognise, render the card, reply) against a
// bare botbuilder echo bot on the same stack (restify 11 + bodyParser + CloudAdapter, auth off), both
// over HTTP in this process. Replies are posted to a loopback connector at the activity's serviceUrl,
// as Teams receives them (Teams does not read replies from the HTTP answer).
// Ratio = bot msgs/s ÷ echo msgs/s: what our turn costs beyond botbuilder's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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

/** The connector's side of a reply: read the body, answer with an id, count it. Nothing is parsed. */
async function startLoopbackConnector(): Promise<{ serviceUrl: string; replies: () => number; close(): Promise<void> }> {
  let replies = 0;
  const server: Server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      replies++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"reply-${replies}"}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { serviceUrl: `http://127.0.0.1:${port}/`, replies: () => replies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Sends `count` messages with `concurrency` in flight; CloudAdapter answers once the turn (its reply
 * posted to the connector) is over, and every turn must have posted a reply.
 */
async function drive(url: string, body: object, count: number, concurrency: number, replies: () => number): Promise<number> {
  let next = 0;
  const before = replies();
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`turn failed: HTTP ${res.status}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const perSecond = count / ((performance.now() - started) / 1000);
  if (replies() - before < count) throw new Error(`only ${replies() - before} of ${count} replies reached the connector`);
  return perSecond;
}

/** Alternations of bot and echo the messages are split into. */
const ROUNDS = 10;

export async function benchTurns(count = 1000, concurrency = 8): Promise<TurnFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-turns-'));
  const bot = await startBot({ PORT: '0', STORAGE: `file:${dir}`, LOG_LEVEL: 'error' });
  const echo = await startEcho();
  const connector = await startLoopbackConnector();
  try {
    const tenantId = bot.sandbox!.target.tenantId;
    const activity = message('help', SANDBOX_PEOPLE.admin, { tenantId, serviceUrl: connector.serviceUrl });
    // Warm both (JIT, first card render) before measuring; then alternate to share the machine's noise.
    await drive(bot.url, activity, 50, concurrency, connector.replies);
    await drive(echo.url, activity, 50, concurrency, connector.replies);
    // In rounds, bot and echo in turn, so a busy moment of a shared machine falls on both alike.
    let botSeconds = 0;
    let echoSeconds = 0;
    const perRound = Math.ceil(count / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      botSeconds += perRound / await drive(bot.url, activity, perRound, concurrency, connector.replies);
      echoSeconds += perRound / await drive(echo.url, activity, perRound, concurrency, connector.replies);
    }
    const botPerSecond = (perRound * ROUNDS) / botSeconds;
    const echoPerSecond = (perRound * ROUNDS) / echoSeconds;
    return { messages: perRound * ROUNDS, concurrency, botPerSecond, echoPerSecond, ratio: botPerSecond / echoPerSecond };
  } finally {
    await connector.close();
    await echo.close();
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
