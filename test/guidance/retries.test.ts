// deliver()'s retry and failure rules with a scripted sender and directory on a hand-moved clock:
// throttling honours Retry-After, transient answers are retried and bounded, not-installed is retried
// once, and no failure escapes as an exception.
import { describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliver, type DeliveryDeps } from '../../services/guidance/delivery.js';
import { DeliveryError, type GuidanceSender } from '../../services/guidance/ports.js';
import { RecipientStore } from '../../services/guidance/recipientStore.js';
import { createTeamsLimits } from '../../services/guidance/teamsRateLimit.js';
import { TenantError } from '../../services/errors.js';
import { FileStore } from '../../services/store/fileStore.js';
import { ManualClock } from '../helpers/clock.js';

type Step = DeliveryError | 'ok';
async function run(sendScript: Step[], options: { openScript?: Step[]; install?: () => Promise<'installed'> } = {}) {
  const clock = new ManualClock();
  const start = clock.now().getTime();
  const sends: number[] = [];
  const sender: GuidanceSender = {
    async openConversation() {
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
    directory: { getUser: async upn => ({ id: 'u1', userPrincipalName: upn }), installAppForUser: options.install ?? (async () => 'installed') },
    renderCard: () => ({ type: 'AdaptiveCard' }),
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 },
  };
  return { outcome: await deliver({ targetUpn: 'ana@fabrikam.com' }, deps), sends };
}

describe('deliver retries', () => {
  it('waits Retry-After on a throttled send, then sends', async () => {
    const { outcome, sends } = await run([new DeliveryError('throttled', '429', 3_000), 'ok']);
    expect(outcome).toEqual({ upn: 'ana@fabrikam.com', state: 'sent', attempts: 1 });
    expect(sends[1] - sends[0]).toBe(3_000);
  });

  it('backs off on transient answers and gives up after maxAttempts', async () => {
    const t = () => new DeliveryError('transient', '503');
    const { outcome, sends } = await run([t(), t(), t(), t(), 'ok']);
    expect(outcome).toMatchObject({ state: 'failed', reason: 'transient' });
    expect(sends.map((s, i) => (i ? s - sends[i - 1] : 0))).toEqual([0, 100, 200, 400]);
  });

  it('retries not-installed once, then fails it', async () => {
    const ni = () => new DeliveryError('not-installed', '403');
    expect((await run([], { openScript: [ni(), 'ok'] })).outcome).toMatchObject({ state: 'sent' });
    expect((await run([], { openScript: [ni(), ni()] })).outcome).toMatchObject({ state: 'failed', reason: 'not-installed' });
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
