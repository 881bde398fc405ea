// deliver()'s retry and failure rules with a scripted sender and directory on a hand-moved clock. The
// layers below retry throttling and transient answers (the tenant pipeline for Graph, botbuilder's
// connector client for Teams), so deliver never does it again; it tries a connector call once more only
// for what those cannot see (a not-installed answer, a 412, a chat creation our deadline cut off), and no
// failure escapes as an exception.
import { describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliveryErrorOf } from '../../bot/guidanceSender.js';
import { deliver, type DeliveryDeps } from '../../services/guidance/delivery.js';
import { DeliveryError, type GuidanceSender } from '../../services/guidance/ports.js';
import { RecipientStore } from '../../services/guidance/recipientStore.js';
import { createTeamsLimits } from '../../services/guidance/teamsRateLimit.js';
import { TenantError, ThrottledError } from '../../services/errors.js';
import { FileStore } from '../../services/store/fileStore.js';
import { ManualClock } from '../helpers/clock.js';

type Step = DeliveryError | 'ok';
async function run(sendScript: Step[], options: { openScript?: Step[]; install?: () => Promise<'installed'>; lookup?: () => Promise<never> } = {}) {
  const clock = new ManualClock();
  const start = clock.now().getTime();
  const sends: number[] = [];
  const opens: number[] = [];
  const sender: GuidanceSender = {
    async openConversation() {
      opens.push(clock.now().getTime() - start);
      const step = options.openScript?.shift() ?? 'ok';
      if (step !== 'ok') throw step;
      return { conversationId: 'a:1conv' };
    },
    async send() {
      sends.push(clock.now().getTime() - start);
      const step = sendScript.shift() ?? 'ok';
      if (step !== 'ok') throw step;
      return { activityId: '1' };
    },
  };
  const deps: DeliveryDeps = {
    campaignId: 'c', tenantId: 't', catalogAppId: 'app', sender, clock, limits: createTeamsLimits(0),
    store: new RecipientStore(new FileStore(await mkdtemp(join(tmpdir(), 'pmb-retries-')))),
    directory: { getUser: options.lookup ?? (async upn => ({ id: 'u1', userPrincipalName: upn })), installAppForUser: options.install ?? (async () => 'installed') },
    renderCard: () => ({ type: 'AdaptiveCard' }),
    retryPauseMs: 100,
  };
  return { outcome: await deliver({ targetUpn: 'ana@fabrikam.com' }, deps), sends, opens };
}

describe('deliver retries', () => {
  it('never sends again a card the connector client gave up on (throttled or transient): one send, failed with that reason', async () => {
    const throttled = await run([new DeliveryError('throttled', '429', 3_000), 'ok']);
    expect(throttled.outcome).toMatchObject({ state: 'failed', reason: 'throttled' });
    expect(throttled.sends).toEqual([0]);
    const transient = await run([new DeliveryError('transient', '503'), 'ok']);
    expect(transient.outcome).toMatchObject({ state: 'failed', reason: 'transient' });
    expect(transient.sends).toEqual([0]);
  });

  it('never looks a person up again after the tenant pipeline gave up throttled', async () => {
    let lookups = 0;
    const { outcome, opens } = await run([], { lookup: async () => { lookups++; throw new ThrottledError('graph.microsoft.com kept throttling', {}); } });
    expect(outcome).toMatchObject({ state: 'failed', reason: 'throttled' });
    expect([lookups, opens.length]).toEqual([1, 0]);
  });

  it('retries not-installed once, after the pause, then fails it', async () => {
    const ni = () => new DeliveryError('not-installed', '403');
    const once = await run([], { openScript: [ni(), 'ok'] });
    expect(once.outcome).toMatchObject({ state: 'sent' });
    expect(once.opens).toEqual([0, 100]);
    const twice = await run([], { openScript: [ni(), ni(), 'ok'] });
    expect(twice.outcome).toMatchObject({ state: 'failed', reason: 'not-installed' });
    expect(twice.opens).toHaveLength(2);
  });

  it('tries a chat creation our deadline cut off once more, and a connector 503 on it never', async () => {
    const unanswered = () => new DeliveryError('transient', 'no answer', undefined, true);
    expect((await run([], { openScript: [unanswered(), 'ok'] })).outcome).toMatchObject({ state: 'sent' });
    const cutTwice = await run([], { openScript: [unanswered(), unanswered(), 'ok'] });
    expect([cutTwice.outcome.state, cutTwice.opens.length]).toEqual(['failed', 2]);
    const busy = await run([], { openScript: [new DeliveryError('transient', '503'), 'ok'] });
    expect([busy.outcome.state, busy.opens.length]).toEqual(['failed', 1]);
  });

  it('sends once more a card the connector refused with 412 (it does not retry those), never a third time', async () => {
    // Shaped as botbuilder's connector client throws it (a RestError: statusCode, message).
    const precondition = () => deliveryErrorOf({ statusCode: 412, message: 'PreconditionFailed' });
    expect(precondition()).toMatchObject({ kind: 'transient', retryOnce: true });
    expect(deliveryErrorOf({ statusCode: 503, message: 'ServiceUnavailable' })).toMatchObject({ kind: 'transient', retryOnce: false });
    const once = await run([precondition(), 'ok']);
    expect([once.outcome.state, once.sends]).toEqual(['sent', [0, 100]]);
    const twice = await run([precondition(), precondition(), 'ok']);
    expect([twice.outcome.state, twice.sends.length]).toEqual(['failed', 2]);
  });

  it('records blocked and other failures as outcomes, not exceptions', async () => {
    expect((await run([new DeliveryError('blocked', '403')])).outcome).toMatchObject({ state: 'failed', reason: 'blocked' });
    expect((await run([new DeliveryError('failed', '400')])).outcome).toMatchObject({ state: 'failed', reason: 'failed' });
    const refused = async (): Promise<'installed'> => { throw new TenantError('Forbidden', 'no permission', 403); };
    const { outcome, sends } = await run([], { install: refused });
    expect(outcome).toMatchObject({ state: 'failed', reason: 'failed' });
    expect(sends).toHaveLength(0);
  });
});
