// One check two fault suites share: a whole campaign through the bot while a dependency misbehaves sends
// every person one card and the faults really happened. Jest's expect, so test-only (campaignHelpers.ts
// serves the bench too and throws plainly).
import { expect } from '@jest/globals';
import type { ApprovalBot } from '../helpers/approvalBot.js';
import { approveAndFinish, askPlan, cardsPerCompletedPerson, peopleIn } from './campaignHelpers.js';

/** Asks for `notify users all`, checks the plan's size with `expectPeople`, approves, and checks one card each. */
export async function campaignSendsOneCardEach(a: ApprovalBot, expectPeople: (people: number) => void, timeoutMs: number) {
  const plan = await askPlan(a, 'notify users all');
  const people = peopleIn(plan);
  expectPeople(people);
  const outcome = await approveAndFinish(a, plan, /guidance card\(s\) sent/, timeoutMs);
  expect(outcome).toContain(`${people} guidance card(s) sent to ${people} people`);
  expect(new Set(cardsPerCompletedPerson(a))).toEqual(new Set([1]));
  const stats = a.bot.sandbox!.stats();
  expect(stats.throttled + stats.unavailable + stats.resets).toBeGreaterThan(0);
  return { people, stats };
}
