// The Teams connector under faults, through the whole bot (startBot, approval, the guidance job): a
// seeded 10% of connector requests answered 429 or 503 with Retry-After, or reset. A campaign of about a
// hundred people still sends each one card. Then the connector stays down (every request 503): the
// campaign ends by itself, within a bounded time, with each person failed and the reason on the card.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { approveAndFinish, askPlan, peopleIn } from '../guidance/campaignHelpers.js';
import { campaignSendsOneCardEach } from '../guidance/faultyCampaign.js';

/** The connector as the bot reaches it: the sandbox's /teams/ address on loopback, or its public host. */
const CONNECTOR_HOSTS = ['127.0.0.1', 'smba.trafficmanager.net'];

let a: ApprovalBot | undefined;
afterEach(async () => { await a?.close(); a = undefined; });

describe('Teams connector faults', () => {
  it('10% of connector requests 429/503/reset: a campaign of ~100 people sends each one card', async () => {
    a = await startApprovalBot({}, { sandboxOptions: { users: 120, blockedUsers: 0, faults: { throttleRate: 0.04, unavailableRate: 0.03, resetRate: 0.03, retryAfterSeconds: 1, hosts: CONNECTOR_HOSTS } } });
    const { people, stats } = await campaignSendsOneCardEach(a, (n) => expect(n).toBeGreaterThanOrEqual(90), 50_000, ['127.0.0.1']);
    if (process.env.FAULT_FIGURES) process.stdout.write(`connector 10%: ${JSON.stringify({ people, throttled: stats.throttled, unavailable: stats.unavailable, resets: stats.resets })}\n`);
  }, 58_000);

  it('a connector that stays down (every request 503): the campaign ends failed, each person with the reason, within the retry budget', async () => {
    a = await startApprovalBot({}, { sandboxOptions: { users: 12, blockedUsers: 0 } });
    const plan = await askPlan(a, 'notify users all');
    a.bot.sandbox!.setFaults({ unavailableRate: 1, retryAfterSeconds: 0, hosts: CONNECTOR_HOSTS });
    const started = Date.now();
    const outcome = await approveAndFinish(a, plan, /guidance card\(s\) sent/, 55_000);
    const ms = Date.now() - started;
    const people = peopleIn(plan);
    expect(outcome).toContain('Failed: nothing was completed');
    expect(outcome).toContain(`0 guidance card(s) sent to ${people} people; ${people} failed.`);
    // Each person failed for the connector's being down, nothing else.
    expect(outcome.split('\n').filter((l) => l === 'Teams or Graph could not be reached: not sent. Retry later.')).toHaveLength(people);
    // Bounded: each person's chat creation is tried only by botbuilder's connector client (4 tries at
    // Retry-After 0, no second layer), so the run takes little more than the plan's own start and finish.
    expect(ms).toBeLessThan(10_000);
    if (process.env.FAULT_FIGURES) process.stdout.write(`connector down: ${JSON.stringify({ ms })}\n`);
  }, 58_000);
});
