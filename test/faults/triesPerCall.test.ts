// How many times one call is sent when the service never stops answering 429 or 503 (Retry-After 0, so
// the waits are short): exactly the worst case written next to each retry policy, and no more, whatever
// layer the call comes through. A layer above the one home of retries that tried again would multiply it.
//   - a tenant read through the bulk move-state reader: the tenant pipeline's DEFAULT_RETRY_POLICY;
//   - a tenant change (RemoveSite) inside a removal job: the same;
//   - a guidance send: the Graph lookup by the tenant pipeline, the card by botbuilder's connector client;
//   - a plan card posted by the bot's messenger: botbuilder's connector client.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { CONNECTOR_TRIES_PER_CALL } from '../../bot/guidanceSender.js';
import { TeamsMessenger } from '../../bot/teamsMessenger.js';
import type { Card } from '../../cards/render.js';
import { deliver, type DeliveryDeps } from '../../services/guidance/delivery.js';
import { RecipientStore } from '../../services/guidance/recipientStore.js';
import { createTeamsLimits } from '../../services/guidance/teamsRateLimit.js';
import { readMoveStates } from '../../services/knowledge/readMoveStates.js';
import { createLogger } from '../../services/log.js';
import { systemClock } from '../../services/ports.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { FileStore } from '../../services/store/fileStore.js';
import { DEFAULT_RETRY_POLICY } from '../../services/tenants/index.js';
import { CATALOG_APP, productSender } from '../guidance/helpers.js';
import { startFaultProxy, type FaultProxy } from '../helpers/faultProxy.js';
import { chatAddress, changesOf, jobRig, norm, people, type JobRig } from '../jobs/rig.js';
import { clientFor, expectedRedirectUrls } from '../tenants/helpers/sandboxClient.js';

const GRAPH = 'graph.microsoft.com';
/** The connector as delivery reaches it: the sandbox's /teams/ address on loopback, or its public host. */
const CONNECTOR_HOSTS = ['127.0.0.1', 'smba.trafficmanager.net'];
const KINDS = [['429', { throttleRate: 1 }], ['503', { unavailableRate: 1 }]] as const;

let sandbox: SandboxHandle;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 8, blockedUsers: 0 });
  dir = await mkdtemp(join(tmpdir(), 'pmb-tries-'));
}, 30_000);
afterEach(() => sandbox.setFaults({}));
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** Requests the sandbox received for `hosts` while `run` ran. */
async function requestsTo(hosts: readonly string[], run: () => Promise<unknown>): Promise<number> {
  const count = () => hosts.reduce((n, h) => n + (sandbox.stats().byHost[h] ?? 0), 0);
  const before = count();
  await run();
  return count() - before;
}

describe('HTTP tries per call under a service that never stops pushing back', () => {
  it.each(KINDS)('a tenant read through the bulk move-state reader, Graph answering %s: the pipeline\'s tries, once', async (_kind, fault) => {
    const { client } = clientFor(sandbox, 'source', { retry: DEFAULT_RETRY_POLICY });
    const upn = sandbox.scenario!.users[0]!.sourceUpn;
    await client.getUser(upn); // the token first: only the move-state read is counted
    sandbox.setFaults({ ...fault, retryAfterSeconds: 0, hosts: [GRAPH] });
    let read: Awaited<ReturnType<typeof readMoveStates>> | undefined;
    const tries = await requestsTo([GRAPH], async () => { read = await readMoveStates(client, [upn], { clock: systemClock }); });
    expect(tries).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(read!.get(upn)).toMatchObject({ ok: false, error: expect.objectContaining({ code: 'throttled' }) });
  }, 30_000);

  it.each(KINDS)('a guidance send, Graph answering %s: the lookup is sent the pipeline\'s tries, and the card never', async (_kind, fault) => {
    sandbox.setFaults({ ...fault, retryAfterSeconds: 0, hosts: [GRAPH] });
    const upn = sandbox.scenario!.users[1]!.targetUpn;
    let outcome: Awaited<ReturnType<typeof deliver>> | undefined;
    const connector = await requestsTo(CONNECTOR_HOSTS, async () => {
      const lookups = await requestsTo([GRAPH], async () => { outcome = await deliver({ targetUpn: upn, conversationId: 'a:1known' }, deliveryDeps(`graph-${_kind}`)); });
      expect(lookups).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    });
    expect(connector).toBe(0);
    expect(outcome).toMatchObject({ state: 'failed', reason: 'throttled' });
  }, 30_000);

  it.each(KINDS)('a guidance send, the Teams connector answering %s: the card is sent the connector client\'s tries, once', async (_kind, fault) => {
    const upn = sandbox.scenario!.users[2]!.targetUpn;
    const deps = deliveryDeps(`connector-${_kind}`);
    await clientFor(sandbox, 'target').client.getUser(upn); // the token first
    sandbox.setFaults({ ...fault, retryAfterSeconds: 0, hosts: CONNECTOR_HOSTS });
    let outcome: Awaited<ReturnType<typeof deliver>> | undefined;
    // A chat known already (a reminder): the card send is the only connector call.
    const tries = await requestsTo(CONNECTOR_HOSTS, async () => { outcome = await deliver({ targetUpn: upn, conversationId: 'a:1known' }, deps); });
    expect(tries).toBe(CONNECTOR_TRIES_PER_CALL);
    expect(outcome).toMatchObject({ state: 'failed', reason: _kind === '429' ? 'throttled' : 'transient' });
  }, 30_000);

  it.each(KINDS)('a plan card post, the Teams connector answering %s: the connector client\'s tries, then the post fails', async (_kind, fault) => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
    const card: Card = { type: 'AdaptiveCard', version: '1.5', body: [] };
    const messenger = new TeamsMessenger({ adapter, appId: '', render: async () => card, logger: createLogger({ level: 'silent' }) });
    sandbox.setFaults({ ...fault, retryAfterSeconds: 0, hosts: CONNECTOR_HOSTS });
    let failed: unknown;
    const tries = await requestsTo(CONNECTOR_HOSTS, async () => {
      failed = await messenger.post({ conversationId: 'a:approvals', serviceUrl: sandbox.connectorServiceUrl }, card).then(() => undefined, (err: unknown) => err);
    });
    expect(tries).toBe(CONNECTOR_TRIES_PER_CALL);
    expect(failed).toMatchObject({ statusCode: Number(_kind) });
  }, 30_000);
});

function deliveryDeps(campaignId: string): DeliveryDeps {
  return {
    campaignId, tenantId: sandbox.target.tenantId, catalogAppId: CATALOG_APP,
    directory: clientFor(sandbox, 'target', { retry: DEFAULT_RETRY_POLICY }).client,
    sender: productSender(sandbox.connectorServiceUrl),
    store: new RecipientStore(new FileStore(join(dir, campaignId))), limits: createTeamsLimits(), clock: systemClock,
    renderCard: () => ({ type: 'AdaptiveCard', version: '1.5', body: [] }),
  };
}

describe('HTTP tries of a tenant change inside a job', () => {
  let rig: JobRig | undefined;
  let proxy: FaultProxy | undefined;
  afterEach(async () => { await rig?.close(); rig = undefined; await proxy?.close(); proxy = undefined; });

  it.each([['429', 'throttle'], ['503', 'unavailable']] as const)('RemoveSite answered %s every time: sent the pipeline\'s tries, the item failed with its reason, never tried again', async (_status, kind) => {
    // Only the change is spoilt: the job's re-check reads before it get through.
    proxy = await startFaultProxy({ target: 'http://127.0.0.1:1', rate: 1, kinds: [kind], retryAfterSeconds: 0, applies: (_req, body) => body.includes('"RemoveSite"') });
    rig = await jobRig({ users: 8, seed: 3 }, { retry: DEFAULT_RETRY_POLICY, tenantUrl: () => proxy!.url });
    proxy.retarget(rig.sandbox.url);
    const url = expectedRedirectUrls(rig.sandbox).find((u) => u !== norm(rig!.sandbox.scenario!.heldRedirectUrl ?? ''))!;
    const plan = await rig.planners.removeRedirects({ side: 'source', scope: { kind: 'url', url }, unlock: true, purge: false }, people.alice);
    expect(plan.items).toHaveLength(1);
    await rig.approvals.request(plan, chatAddress);
    await rig.approvals.approve(plan.id, plan.hash, people.bob);
    await rig.runner.idle();
    expect(proxy.counts[kind]).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    const [result] = await rig.approvals.results(plan.id);
    expect(result).toMatchObject({ state: 'failed', reason: expect.stringContaining('contoso-admin.sharepoint.com') });
    expect(changesOf(rig.sandbox, 'RemoveSite')).toEqual([]);
  }, 60_000);
});
