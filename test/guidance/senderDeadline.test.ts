// A Teams connector that takes the request and never answers: botbuilder's connector client would wait for
// ever, so the sender puts a deadline on each call. Creating the chat is worth another try; a card whose
// send went unanswered may have arrived, so it fails and is never sent again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { BotGuidanceSender } from '../../bot/guidanceSender.js';
import { DeliveryError } from '../../services/guidance/ports.js';

let server: Server;
let url = '';
/** 'answer' answers like the connector; 'hold' reads the request and never answers. */
let mode: 'answer' | 'hold' = 'answer';
/** Requests left unanswered, with their path. */
const held: { res: ServerResponse; path: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (mode === 'hold') { held.push({ res, path: req.url ?? '' }); return; }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(/\/activities/.test(req.url ?? '') ? { id: 'activity-1' } : { id: 'a:chat-1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  for (const { res } of held) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const sender = () => new BotGuidanceSender({
  adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' })),
  appId: '', serviceUrl: async () => url, answerTimeoutMs: 400,
});
const person = { aadObjectId: '00000000-0000-4000-8000-000000000001', tenantId: '8d3e5f7a-1b2c-4d4e-9f6a-7b8c9d0e1f2a' };

async function failureOf(call: Promise<unknown>): Promise<{ error: DeliveryError; ms: number }> {
  const started = Date.now();
  const error = await call.then(() => { throw new Error('expected a failure'); }, (err: unknown) => err);
  expect(error).toBeInstanceOf(DeliveryError);
  return { error: error as DeliveryError, ms: Date.now() - started };
}

describe('a connector that never answers', () => {
  it('answered calls go through as usual', async () => {
    mode = 'answer';
    const s = sender();
    expect(await s.openConversation(person)).toEqual({ conversationId: 'a:chat-1' });
    expect(await s.send('a:chat-1', { type: 'AdaptiveCard', version: '1.5', body: [] })).toEqual({ activityId: 'activity-1' });
  });

  it('creating the chat gives up at the deadline as worth another try', async () => {
    mode = 'hold';
    const { error, ms } = await failureOf(sender().openConversation(person));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/did not answer creating the chat within 0\.4 s/);
    expect(ms).toBeLessThan(10_000);
  });

  it('sending the card gives up at the deadline as failed, never to be re-sent', async () => {
    mode = 'hold';
    const before = held.length;
    const { error, ms } = await failureOf(sender().send('a:chat-1', { type: 'AdaptiveCard', version: '1.5', body: [] }));
    expect(error.kind).toBe('failed');
    expect(error.message).toMatch(/did not answer sending the card/);
    expect(ms).toBeLessThan(10_000);
    // This test's own request: the card's one send reached the connector (and was not sent a second time).
    await new Promise((r) => setTimeout(r, 200));
    const mine = held.slice(before).map((h) => h.path);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(/^\/v3\/conversations\/a%3Achat-1\/activities(\/|$)/);
  });
});
