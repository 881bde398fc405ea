// A campaign while Teams' connector and Graph answer 429 (with Retry-After), 503 and connection resets at
// random: every reachable person still gets exactly one card, and the run ends by itself.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { campaignSendsOneCardEach, FAULTS_PER_CALL } from './faultyCampaign.js';

let a: ApprovalBot;
beforeAll(async () => {
  a = await startApprovalBot({}, { sandboxOptions: { users: 50, blockedUsers: 0, faults: { throttleRate: 0.08, unavailableRate: 0.07, resetRate: 0.06, retryAfterSeconds: 1, faultsPerCallAtMost: FAULTS_PER_CALL } } });
}, 60_000);
afterAll(() => a.close());

describe('campaign under injected faults', () => {
  it('sends each person one card despite 429, 503 and resets from every dependency', async () => {
    // Graph (look-ups, app installs) and the Teams connector (127.0.0.1: the bot's serviceUrl) each had each kind.
    await campaignSendsOneCardEach(a, (n) => expect(n).toBeGreaterThan(40), 120_000, ['graph.microsoft.com', '127.0.0.1']);
  }, 150_000);
});
