// The product's GuidanceSender (bot/guidanceSender.ts: botbuilder's CloudAdapter, then deliveryErrorOf) over
// real HTTP against the sandbox's Teams connector: each refusal reaches delivery as the kind it acts on.
// A person without the app is "not installed", a person who blocked the bot is "blocked", and a throttled
// connector's Retry-After is carried through.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeliveryError } from '../../services/guidance/ports.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { clientFor } from '../tenants/helpers/sandboxClient.js';
import { CATALOG_APP, productSender } from './helpers.js';

let sandbox: SandboxHandle;
let throttled: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 8, blockedUsers: 1 });
  // Every call answered 429 with Retry-After: 1 (the connector answers so before it looks at the person).
  throttled = await startSandbox({ port: 0, users: 4, faults: { throttleRate: 1, retryAfterSeconds: 1 } });
}, 30_000);
afterAll(async () => {
  await sandbox?.close();
  await throttled?.close();
});

async function refusal(call: Promise<unknown>): Promise<DeliveryError> {
  const err = await call.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

const userId = async (upn: string) => (await clientFor(sandbox, 'target').client.getUser(upn))!.id;

describe('BotGuidanceSender against the Teams connector', () => {
  it('a person the app is not installed for: not-installed', async () => {
    const upn = sandbox.scenario!.users.find((u) => !sandbox.scenario!.blockedUpns!.includes(u.targetUpn))!.targetUpn;
    const err = await refusal(productSender(sandbox.connectorServiceUrl).openConversation({ aadObjectId: await userId(upn), tenantId: sandbox.target.tenantId }));
    expect([err.kind, err.message]).toEqual(['not-installed', expect.stringMatching(/^ForbiddenOperationException: /)]);
  });

  it('a person who blocked the bot: blocked', async () => {
    const upn = sandbox.scenario!.blockedUpns![0]!;
    const id = await userId(upn);
    await clientFor(sandbox, 'target').client.installAppForUser(id, CATALOG_APP);
    const sender = productSender(sandbox.connectorServiceUrl);
    const { conversationId } = await sender.openConversation({ aadObjectId: id, tenantId: sandbox.target.tenantId });
    const err = await refusal(sender.send(conversationId, { type: 'AdaptiveCard', version: '1.5', body: [] }));
    expect([err.kind, err.message]).toEqual(['blocked', expect.stringMatching(/^MessageWritesBlocked: /)]);
  });

  it('a throttled connector: throttled, with its Retry-After', async () => {
    const err = await refusal(productSender(throttled.connectorServiceUrl).openConversation({ aadObjectId: '0f6d2a51-3c1e-4b7a-9d2f-5e8c7b6a4d31', tenantId: throttled.target.tenantId }));
    expect([err.kind, err.retryAfterMs]).toEqual(['throttled', 1_000]);
  }, 60_000);
});
