// A campaign while Teams' connector and Graph answer 429 (with Retry-After), 503 and connection resets at
// random: every reachable person still gets exactly one card, and the run ends by itself.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { approveAndFinish, askPlan, cardsPerCompletedPerson, peopleIn } from './campaignHelpers.js';

let a: ApprovalBot;
beforeAll(async () => {
  a = await startApprovalBot({}, { sandboxOptions: { users: 30, blockedUsers: 0, faults: { throttleRate: 0.1, unavailableRate: 0.05, resetRate: 0.03, retryAfterSeconds: 1 } } });
}, 60_000);
afterAll(() => a.close());

describe('campaign under injected faults', () => {
  it('sends each person one card despite 429, 503 and resets from every dependency', async () => {
    const plan = await askPlan(a, 'notify users all');
    const people = peopleIn(plan);
    expect(people).toBeGreaterThan(20);
    const outcome = await approveAndFinish(a, plan, /guidance card\(s\) sent/, 120_000);
    expect(outcome).toContain(`${people} guidance card(s) sent to ${people} people`);
    expect(new Set(cardsPerCompletedPerson(a))).toEqual(new Set([1]));
    const stats = a.bot.sandbox!.stats();
    expect(stats.throttled + stats.unavailable + stats.resets).toBeGreaterThan(0);
  }, 150_000);
});
