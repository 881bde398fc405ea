// Bench: the guidance campaign end to end in the sandbox, from the identity map: `notify users all` →
// plan card → approve click → the job looks each person up (Graph), reads their OneDrive, installs the
// app (Graph, ≤ 25/s paced), opens the 1:1 chat and sends the card (connector, ≤ 50/s per tenant paced),
// while the simulated Teams enforces the documented limits. Figures: connector requests per second over
// the run ÷ 50 (the per-app-per-tenant limit), seconds per 1,000 people, people who got no card although
// reachable (lost) and people who got more than one (duplicates).
import { cardText } from '../helpers/cards.js';
import { startApprovalBot } from '../helpers/approvalBot.js';
import { approveAndFinish, askPlan } from '../guidance/campaignHelpers.js';

export interface CampaignFigures {
  people: number;
  planned: number;
  sent: number;
  blocked: number;
  planMs: number;
  runMs: number;
  connectorAdmitted: number;
  connectorThrottled: number;
  peakPerSecond: number;
  requestsPerSecond: number;
  secondsPer1000: number;
  lost: number;
  duplicates: number;
}

const TENANT_LIMIT_PER_SECOND = 50;

export async function benchCampaign(users = 2_200): Promise<CampaignFigures> {
  const a = await startApprovalBot({ SANDBOX_USERS: String(users) });
  try {
    const sandbox = a.bot.sandbox!;
    const planStarted = performance.now();
    const plan = await askPlan(a, 'notify users all');
    const planMs = performance.now() - planStarted;
    const planned = Number(/Send sign-in and resync guidance to (\d+) people/.exec(cardText(plan.card))?.[1]);
    const before = sandbox.stats().connector!;
    const started = performance.now();
    await approveAndFinish(a, plan, /guidance card\(s\) sent/, 900_000);
    const runMs = performance.now() - started;
    const after = sandbox.stats().connector!;
    const blocked = new Set((sandbox.scenario!.blockedUpns ?? []).map((u) => u.toLowerCase()));
    const completed = sandbox.scenario!.users.filter((u) => u.status === 'completed').map((u) => u.targetUpn);
    let lost = 0;
    let duplicates = 0;
    let sent = 0;
    for (const upn of completed) {
      const cards = sandbox.inbox(upn).length;
      sent += cards;
      if (cards > 1) duplicates++;
      if (cards === 0 && !blocked.has(upn.toLowerCase())) lost++;
    }
    const admitted = after.admitted - before.admitted;
    return {
      people: users, planned, sent, blocked: blocked.size, planMs, runMs,
      connectorAdmitted: admitted, connectorThrottled: after.throttled - before.throttled, peakPerSecond: after.peakPerSecond,
      requestsPerSecond: admitted / (runMs / 1000), secondsPer1000: (runMs / 1000) / (planned / 1000), lost, duplicates,
    };
  } finally {
    await a.close();
  }
}

export function campaignLines(c: CampaignFigures): string[] {
  const fixed = (n: number, d = 2) => n.toFixed(d);
  return [
    `campaign: ${c.planned} of ${c.people} people in the identity map planned (moves completed) in ${fixed(c.planMs / 1000, 1)} s; ` +
      `${c.sent} cards sent, ${c.blocked} people had blocked the bot`,
    `campaign: connector ${c.connectorAdmitted} requests admitted in ${fixed(c.runMs / 1000, 1)} s = ${fixed(c.requestsPerSecond, 1)}/s ` +
      `÷ ${TENANT_LIMIT_PER_SECOND} = ratio ${fixed(c.requestsPerSecond / TENANT_LIMIT_PER_SECOND)} (peak ${c.peakPerSecond} in a second, ${c.connectorThrottled} throttled)`,
    `campaign: ${fixed(c.secondsPer1000, 1)} s per 1,000 people end to end (app install and conversation creation included) ÷ 45 = ratio ` +
      `${fixed(c.secondsPer1000 / 45)}; lost ${c.lost}, duplicates ${c.duplicates}`,
  ];
}
