// One check two fault suites share: a whole campaign through the bot while its dependencies misbehave sends
// every person one card, and each kind of fault really happened on each dependency named. Jest's expect, so test-only (campaignHelpers.ts
// serves the bench too and throws plainly).
import { expect } from '@jest/globals';
import type { ApprovalBot } from '../helpers/approvalBot.js';
import { CONNECTOR_TRIES_PER_CALL } from '../../bot/guidanceSender.js';
import { approveAndFinish, askPlan, cardsPerCompletedPerson, peopleIn } from './campaignHelpers.js';

/**
 * Faults one call gets at most in these suites: one fewer than a connector call's tries (the smallest retry
 * budget of the calls a campaign makes), so every call lands within its budget whatever the random draw; a
 * call refused more often is reported failed by design (README, "retried"), which these suites do not test.
 */
export const FAULTS_PER_CALL = CONNECTOR_TRIES_PER_CALL - 1;

/**
 * Asks for `notify users all`, checks the plan's size with `expectPeople`, approves, and checks one card
 * each; then that every host in `faultedHosts` answered at least one 429, one 503 and one reset.
 */
export async function campaignSendsOneCardEach(a: ApprovalBot, expectPeople: (people: number) => void, timeoutMs: number, faultedHosts: readonly string[]) {
  const plan = await askPlan(a, 'notify users all');
  const people = peopleIn(plan);
  expectPeople(people);
  const outcome = await approveAndFinish(a, plan, /guidance card\(s\) sent/, timeoutMs);
  expect(outcome).toContain(`${people} guidance card(s) sent to ${people} people`);
  expect(new Set(cardsPerCompletedPerson(a))).toEqual(new Set([1]));
  const stats = a.bot.sandbox!.stats();
  for (const host of faultedHosts) {
    const f = stats.faultsByHost[host] ?? { throttled: 0, unavailable: 0, resets: 0 };
    expect([host, f.throttled > 0, f.unavailable > 0, f.resets > 0]).toEqual([host, true, true, true]);
  }
  return { people, stats };
}
