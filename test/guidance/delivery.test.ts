// Delivery over real HTTP against the simulated tenants: Graph lookup and app install on the target
// tenant, the 1:1 conversation and the card through the sandbox's Teams connector with its documented
// limits enforced. Each person gets exactly one card, blocked and unknown people fail with their reason,
// pacing keeps the connector from ever answering 429, and a restart or a second run at once sends nothing new.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deliverAll, type DeliveryDeps } from '../../services/guidance/delivery.js';
import { RecipientStore } from '../../services/guidance/recipientStore.js';
import { createTeamsLimits } from '../../services/guidance/teamsRateLimit.js';
import { readIdentityMap, type IdentityMapUser } from '../../services/identityMap/identityMap.js';
import { systemClock } from '../../services/ports.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { FileStore } from '../../services/store/fileStore.js';
import { RecordingClock } from '../helpers/clock.js';
import { clientFor } from '../tenants/helpers/sandboxClient.js';
import { CATALOG_APP, productSender } from './helpers.js';

let sandbox: SandboxHandle;
let dir: string;
let people: IdentityMapUser[];
const UNKNOWN = 'nobody.here@fabrikam.example';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 60, blockedUsers: 3 });
  dir = await mkdtemp(join(tmpdir(), 'pmb-guidance-'));
  people = (await readIdentityMap(Readable.from([sandbox.identityMapCsv()]))).users;
}, 30_000);
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

function depsFor(campaignId: string, store: RecipientStore): DeliveryDeps<{ targetUpn: string }> {
  return {
    campaignId, tenantId: sandbox.target.tenantId, catalogAppId: CATALOG_APP,
    directory: clientFor(sandbox, 'target').client,
    sender: productSender(sandbox.connectorServiceUrl),
    store, limits: createTeamsLimits(), clock: systemClock,
    renderCard: (r, user) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `Hello ${user.displayName ?? r.targetUpn}` }] }),
    retryPauseMs: 50,
  };
}

const lower = (s: string) => s.toLowerCase();
const campaignCards = (upn: string, campaign: string) =>
  sandbox.inbox(upn).filter(e => JSON.stringify(e.activity).includes(`campaign ${campaign}`));

describe('deliverAll over the sandbox connector', () => {
  it('sends one card to each person, fails blocked and unknown people, and is never throttled', async () => {
    expect(people.length).toBeGreaterThanOrEqual(55);
    const blocked = new Set((sandbox.scenario?.blockedUpns ?? []).map(lower));
    expect(blocked.size).toBe(3);
    const store = new RecipientStore(new FileStore(join(dir, 'one')));
    const deps = depsFor('c1', store);
    const render = deps.renderCard;
    deps.renderCard = (r, u) => ({ ...render(r, u), fallbackText: 'campaign c1' });
    const recipients = [...people.map(p => ({ targetUpn: p.targetUpn })), { targetUpn: UNKNOWN }];
    // Every connector call's start, and every wait the run asked for.
    const clock = new RecordingClock();
    const starts: number[] = [];
    const sender = deps.sender;
    deps.clock = clock;
    deps.sender = {
      openConversation: (user) => { starts.push(Date.now()); return sender.openConversation(user); },
      send: (conversationId, card) => { starts.push(Date.now()); return sender.send(conversationId, card); },
    };
    const result = await deliverAll(recipients, deps, { concurrency: 16 });

    for (const p of people) {
      const outcome = result.outcomes.find(o => o.upn === p.targetUpn)!;
      if (blocked.has(lower(p.targetUpn))) {
        expect(outcome).toEqual({ upn: p.targetUpn, state: 'failed', reason: 'blocked', attempts: 1 });
        expect(sandbox.inbox(p.targetUpn)).toHaveLength(0);
      } else {
        expect(outcome).toEqual({ upn: p.targetUpn, state: 'sent', attempts: 1 });
        expect(campaignCards(p.targetUpn, 'c1')).toHaveLength(1);
        const record = (await store.get('c1', p.targetUpn))!.record;
        expect(record).toMatchObject({ state: 'sent', conversationId: expect.any(String), activityId: expect.any(String) });
      }
    }
    expect(result.outcomes.at(-1)).toEqual({ upn: UNKNOWN, state: 'failed', reason: 'notFound', attempts: 1 });
    expect(result.counts).toEqual({ sent: people.length - 3, failed: 4, skipped: 0, failedByReason: { blocked: 3, notFound: 1 } });
    const stats = sandbox.stats();
    expect(stats.connector).toMatchObject({ throttled: 0, notInstalled: 0, blocked: 3 });
    expect(stats.teamsInstalls?.throttled).toBe(0);
    // Paced: at most 50 connector calls began in any second (the tenant's limit), two per person. Not slowed
    // to a crawl: no wait was asked for beyond what one second's window needs (no backoff, no retry).
    starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(2 * people.length);
    for (let i = 50; i < starts.length; i++) expect(starts[i]! - starts[i - 50]!).toBeGreaterThanOrEqual(1_000);
    expect(clock.sleeps.filter((ms) => ms > 1_000)).toEqual([]);

    // A restart: new limiters and sender, same store. Nobody who got the card gets it again.
    // Blocked and unknown people are final too: the answer would not change.
    const requestsBefore = stats.connector!.requests;
    const again = await deliverAll(recipients, { ...depsFor('c1', store), renderCard: deps.renderCard }, { concurrency: 16 });
    expect(again.counts).toEqual({ sent: 0, failed: 0, skipped: recipients.length, failedByReason: {} });
    expect(again.outcomes.filter(o => o.reason === 'blocked')).toHaveLength(3);
    expect(sandbox.stats().connector!.requests).toBe(requestsBefore);
    for (const p of people) if (!blocked.has(lower(p.targetUpn))) expect(campaignCards(p.targetUpn, 'c1')).toHaveLength(1);
    expect(sandbox.stats().connector!.throttled).toBe(0);
  }, 60_000);

  it('two runs at once on one store still send each person one card', async () => {
    // A fresh limiter knows nothing of calls made before it (as after a real restart, which takes longer
    // than this): let the connector's 1 s window empty first.
    await new Promise(resolve => setTimeout(resolve, 1_100));
    const store = new RecipientStore(new FileStore(join(dir, 'two')));
    const subset = people.filter(p => !(sandbox.scenario?.blockedUpns ?? []).map(lower).includes(lower(p.targetUpn))).slice(0, 30);
    const mk = () => {
      const deps = depsFor('c2', store);
      const render = deps.renderCard;
      deps.renderCard = (r, u) => ({ ...render(r, u), fallbackText: 'campaign c2' });
      return deps;
    };
    // Separate limiters per run would let the two together exceed 50/s; in one process they share them.
    const first = mk();
    const second = { ...mk(), limits: first.limits };
    const recipients = subset.map(p => ({ targetUpn: p.targetUpn }));
    const [a, b] = await Promise.all([deliverAll(recipients, first, { concurrency: 8 }), deliverAll([...recipients].reverse(), second, { concurrency: 8 })]);
    expect(a.counts.sent + b.counts.sent).toBe(subset.length);
    expect(a.counts.failed + b.counts.failed).toBe(0);
    for (const p of subset) expect(campaignCards(p.targetUpn, 'c2')).toHaveLength(1);
    expect(sandbox.stats().connector!.throttled).toBe(0);
  }, 60_000);
});

describe('the e-mail fallback', () => {
  const blockedUpns = () => sandbox.scenario?.blockedUpns ?? [];
  const mailbox = () => sandbox.scenario!.helpMailbox!;
  const withMail = (campaignId: string, store: RecipientStore, client = clientFor(sandbox, 'target').client) => ({
    ...depsFor(campaignId, store),
    directory: client,
    mail: {
      from: mailbox(),
      compose: (r: { targetUpn: string }) => ({ to: r.targetUpn, subject: `campaign ${campaignId}`, html: `<p>campaign ${campaignId}</p>` }),
      send: (from: string, to: string, subject: string, html: string) => client.sendMail(from, to, subject, html),
    },
  });
  const campaignMail = (upn: string, campaign: string) => sandbox.mail(upn).filter(m => m.subject === `campaign ${campaign}`);

  it('two runs at once e-mail each blocked person once, and send the others one card', async () => {
    await new Promise(resolve => setTimeout(resolve, 1_100));
    const store = new RecipientStore(new FileStore(join(dir, 'mail-two')));
    const blocked = blockedUpns();
    const reachable = people.filter(p => !blocked.map(lower).includes(lower(p.targetUpn))).slice(0, 6).map(p => p.targetUpn);
    const recipients = [...blocked, ...reachable].map(targetUpn => ({ targetUpn }));
    const first = withMail('c3', store);
    const second = { ...withMail('c3', store), limits: first.limits };
    const [a, b] = await Promise.all([deliverAll(recipients, first, { concurrency: 4 }), deliverAll([...recipients].reverse(), second, { concurrency: 4 })]);
    expect(a.counts.failed + b.counts.failed).toBe(0);
    for (const upn of blocked) {
      expect(campaignMail(upn, 'c3')).toHaveLength(1);
      const record = (await store.get('c3', upn))!.record;
      expect(record).toMatchObject({ state: 'sent', channel: 'email' });
      const emailed = [...a.outcomes, ...b.outcomes].filter(o => o.upn === upn && o.state === 'sent');
      expect(emailed).toEqual([{ upn, state: 'sent', reason: 'blocked', channel: 'email', attempts: 1 }]);
    }
    for (const upn of reachable) {
      expect(sandbox.mail(upn).filter(m => m.subject === 'campaign c3')).toHaveLength(0);
      expect((await store.get('c3', upn))!.record.channel).toBeUndefined();
    }
  }, 60_000);

  it('an e-mail whose answer was lost is recorded as cut off and never sent again', async () => {
    const store = new RecipientStore(new FileStore(join(dir, 'mail-cut')));
    const upn = blockedUpns()[0]!;
    // The request reaches the simulated Exchange (which sends it); the answer is lost on the way back.
    const client = clientFor(sandbox, 'target', {
      wrap: send => async (url, init) => {
        const answer = await send(url, init);
        if (url.pathname.endsWith('/sendMail')) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
        return answer;
      },
    }).client;
    const first = await deliverAll([{ targetUpn: upn }], withMail('c4', store, client));
    expect(first.outcomes[0]).toMatchObject({ upn, state: 'failed', reason: 'interrupted' });
    expect(first.outcomes[0]!.mailError).toMatch(/reach graph\.microsoft\.com|ECONNRESET/);
    expect(campaignMail(upn, 'c4')).toHaveLength(1);
    expect((await store.get('c4', upn))!.record).toMatchObject({ state: 'failed', reason: 'interrupted', channel: 'email' });

    const again = await deliverAll([{ targetUpn: upn }], withMail('c4', store));
    expect(again.outcomes[0]).toMatchObject({ state: 'skipped', reason: 'interrupted' });
    expect(campaignMail(upn, 'c4')).toHaveLength(1);
  }, 60_000);

  it('a refused e-mail (no such mailbox) leaves the person failed with the Teams reason and says why', async () => {
    const store = new RecipientStore(new FileStore(join(dir, 'mail-refused')));
    const upn = blockedUpns()[1]!;
    const deps = withMail('c5', store);
    const result = await deliverAll([{ targetUpn: upn }], { ...deps, mail: { ...deps.mail, from: 'nobody.here@fabrikam.com' } });
    expect(result.outcomes[0]).toMatchObject({ upn, state: 'failed', reason: 'blocked' });
    expect(result.outcomes[0]!.mailError).toContain('GUIDANCE_MAIL_FROM');
    const record = (await store.get('c5', upn))!.record;
    expect(record).toMatchObject({ state: 'failed', reason: 'blocked' });
    expect(record.channel).toBeUndefined();
    expect(campaignMail(upn, 'c5')).toHaveLength(0);
  }, 60_000);
});
