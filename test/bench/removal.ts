// Bench: remove ~2,000 redirect sites through the whole approval path (chat command → plan card →
// approve click → job) while the simulated source tenant enforces a SharePoint resource-unit budget.
// Figures: (1) wall time of the run against the floor that the budget sets for the calls the run had
// to make; (2) card-click (refresh invoke) latency p99 while the job runs, against the same measured
// while idle. Floor = units the run needed ÷ the budget's rate (units per window ÷ window): the time
// SharePoint's budget alone would take to admit them. (A sliding window lets a client that could send
// infinitely fast spend the first window at once; ours sends at its own pace, so the rate is the floor.)
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { activityIdOf, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';

export interface RemovalFigures {
  items: number;
  removed: number;
  unitsPerWindow: number;
  windowMs: number;
  unitsNeeded: number;
  throttled: number;
  wallMs: number;
  floorMs: number;
  ratio: number;
  invokes: number;
  idleP99Ms: number;
  busyP99Ms: number;
}

const p99 = (samples: number[]) => [...samples].sort((x, y) => x - y)[Math.max(0, Math.ceil(samples.length * 0.99) - 1)] ?? 0;

async function timedClicks(a: ApprovalBot, data: unknown, activityId: string, until: () => boolean, max: number): Promise<number[]> {
  const samples: number[] = [];
  while (!until() && samples.length < max) {
    const started = performance.now();
    const answer = await a.click('refresh', data, SANDBOX_PEOPLE.approver, activityId);
    samples.push(performance.now() - started);
    if (answer.statusCode !== 200) throw new Error(`refresh answered ${answer.statusCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return samples;
}

export async function benchRemoval(users = 2_200, unitsPerWindow = 3_000, windowMs = 10_000): Promise<RemovalFigures> {
  const a = await startApprovalBot({ SANDBOX_USERS: String(users) });
  try {
    const [reply] = await a.say('remove redirects source all unlock');
    const card = cardIn(reply);
    const approve = executeActions(card).find((b) => b.verb === 'approve');
    if (!approve) throw new Error(`no plan card: ${cardText(card).slice(0, 400)}`);
    const data = approve.data as { planId: string; hash: string };
    const activityId = activityIdOf(a.connector, reply!);
    const items = Number(/What it will do \((\d+) in all\)/.exec(cardText(card))?.[1]);

    const idle = await timedClicks(a, data, activityId, () => false, 100);
    const sandbox = a.bot.sandbox!;
    sandbox.setFaults({ budget: { unitsPerWindow, windowMs } });
    const before = sandbox.stats().budget ?? { admitted: 0, throttled: 0, units: 0 };
    const finished = (c: { method: string; path: string; activity: unknown }) => c.method === 'PUT' && c.path.endsWith(`/activities/${activityId}`)
      && /^(Done: all \d+ finished|Partly failed: \d+ of \d+ failed|Failed: nothing was completed)$/m.test(cardText(cardIn(c as never)));

    const started = performance.now();
    await a.click('approve', data, SANDBOX_PEOPLE.approver, activityId);
    let done = false;
    const end = a.waitForCall(finished, 600_000).then(() => { done = true; return performance.now(); });
    const busy = await timedClicks(a, data, activityId, () => done, 5_000);
    const wallMs = (await end) - started;

    const after = sandbox.stats().budget!;
    const admitted = after.admitted - before.admitted;
    const unitsNeeded = admitted * 2;
    const floorMs = unitsNeeded / (unitsPerWindow / windowMs);
    const removed = sandbox.changes().filter((c) => c.method === 'RemoveSite' && c.outcome === 'ok').length;
    return {
      items, removed, unitsPerWindow, windowMs, unitsNeeded, throttled: after.throttled - before.throttled,
      wallMs, floorMs, ratio: wallMs / floorMs, invokes: busy.length, idleP99Ms: p99(idle), busyP99Ms: p99(busy),
    };
  } finally {
    await a.close();
  }
}
