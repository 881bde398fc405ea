// `npm run bench -- --only scale`: the bot (node dist/bot/index.js, a process of its own, so its peak RSS is
// its own) joined to simulated tenants of a real merger's size that this process runs: 10,000 people,
// 20,000 extra redirect sites, 100 ms per SharePoint and per Graph answer, the sandbox's default Graph
// budget. Each figure is printed beside its goal, as a ratio figure ÷ goal measured in this run.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { DEFAULT_GRAPH_BUDGET, GRAPH_BUDGET_WINDOW_MS } from '../../services/sandbox/envOptions.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { message } from '../helpers/activities.js';
import { cardText } from '../helpers/cards.js';
import { startRecordingConnector, type ConnectorCall, type RecordingConnector } from '../helpers/recordingConnector.js';
import { spawnBot, stopProcess, type BotProcess } from './instances.js';

export interface ScaleFigures {
  people: number;
  extraSites: number;
  latencyMs: number;
  /** HTTP answer p99 per command, and the worst of them. */
  answerP99Ms: Record<string, number>;
  firstCardMs: number;
  coldStatusMs: number;
  warmStatusMs: number;
  removePlanMs: number;
  notifyPlanMs: number;
  peakRssMb: number;
  /** Graph migration reads between two `status` asked a minute apart, and the moves that can still change. */
  graphReadsBetween: number;
  changeable: number;
  /** Sites and group sites moved (in the site map and the ledger). */
  sites: number;
  groupSites: number;
  siteRemovePlanMs: number;
}

const ASKS = 5;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.99) - 1)] ?? 0;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchScale(people = 10_000, extraSites = 20_000, latencyMs = 100, gapMs = 60_000, movedSites = { sites: 2_000, groupSites: 500 }): Promise<ScaleFigures> {
  let sandbox: SandboxHandle | undefined;
  let connector: RecordingConnector | undefined;
  const live = new Set<ChildProcess>();
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  try {
    sandbox = await startSandbox({
      port: 0, users: people, extraRedirectSites: extraSites, ...movedSites,
      faults: { sharePointLatencyMs: latencyMs, graphLatencyMs: latencyMs, graphMigrationBudget: { requestsPerWindow: DEFAULT_GRAPH_BUDGET, windowMs: GRAPH_BUDGET_WINDOW_MS } },
    });
    connector = await startRecordingConnector();
    const bot = await spawnBot('scale', { SANDBOX_URL: sandbox.url, STORAGE: `file:${join(dir, 'store')}` }, dir, live);
    const c = connector;
    const s = sandbox;
    let next = 0;
    const ask = async (text: string): Promise<{ ms: number; id: string }> => {
      const id = `scale-${++next}`;
      const activity = { ...message(text, SANDBOX_PEOPLE.admin, { tenantId: s.target.tenantId, serviceUrl: c.serviceUrl }), id };
      const started = performance.now();
      const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${bot.stderr().slice(-500)}`);
      return { ms: performance.now() - started, id };
    };
    /** Time from asking until the answer (the reply itself, or the edit replacing its reading card). */
    const complete = async (text: string, done: string): Promise<{ askMs: number; doneMs: number }> => {
      const started = performance.now();
      const { ms, id } = await ask(text);
      const reply = await waitFor(c, (x) => x.activity.replyToId === id, bot);
      const replyId = `reply-${c.calls.indexOf(reply) + 1}`;
      if (!textOf(reply).includes(done)) {
        await waitFor(c, (x) => x.method === 'PUT' && x.path.endsWith(`/activities/${replyId}`) && textOf(x).includes(done), bot, 300_000);
      }
      return { askMs: ms, doneMs: performance.now() - started };
    };
    const answers: Record<string, number[]> = {};
    const record = (command: string, ms: number) => { (answers[command] ??= []).push(ms); };

    // Cold: the bot has just started its first read of everyone.
    const cold = await complete('status', 'Post-migration status');
    record('status', cold.askMs);
    const firstCardMs = cold.askMs;
    const warm = await complete('status', 'Post-migration status');
    record('status', warm.askMs);
    const removal = await complete('remove redirects', 'Waiting for approval');
    record('remove redirects', removal.askMs);
    const notify = await complete('notify users all', 'Waiting for approval');
    record('notify users all', notify.askMs);
    const siteRemoval = await complete('remove redirects sites', 'Waiting for approval');
    record('remove redirects sites', siteRemoval.askMs);
    const site = s.scenario!.sites!.find((x) => x.status === 'completed')!;
    for (let i = 0; i < ASKS; i++) {
      for (const command of ['status', 'list redirects', 'help', 'trust status', `move status ${site.targetSiteUrl}`]) {
        record(command.startsWith('move status') ? 'move status <site url>' : command, (await ask(command)).ms);
      }
    }

    // Two status a minute apart: only the background re-read of moves that can still change reads Graph.
    const before = s.stats().graphBudget?.admitted ?? 0;
    await complete('status', 'Post-migration status');
    await pause(gapMs);
    await complete('status', 'Post-migration status');
    const graphReadsBetween = (s.stats().graphBudget?.admitted ?? 0) - before;
    const unfinished = (status: string) => !['completed', 'failed', 'cancelled'].includes(status);
    const changeable = s.scenario!.users.filter((u) => unfinished(u.status)).length + s.scenario!.sites!.filter((x) => unfinished(x.status)).length;
    const peakRssMb = peakRss(bot);
    await stopProcess(bot.child);
    return {
      people, extraSites, latencyMs,
      answerP99Ms: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, p99(v)])),
      firstCardMs, coldStatusMs: cold.doneMs, warmStatusMs: warm.doneMs, removePlanMs: removal.doneMs, notifyPlanMs: notify.doneMs,
      siteRemovePlanMs: siteRemoval.doneMs, sites: movedSites.sites, groupSites: movedSites.groupSites,
      peakRssMb, graphReadsBetween, changeable,
    };
  } finally {
    await Promise.all([...live].map((child) => stopProcess(child)));
    await connector?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function textOf(call: ConnectorCall): string {
  const content = call.activity.attachments?.[0]?.content;
  return content ? cardText(content) : String(call.activity.text ?? '');
}

async function waitFor(c: RecordingConnector, match: (x: ConnectorCall) => boolean, bot: BotProcess, timeoutMs = 60_000): Promise<ConnectorCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = c.calls.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no answer in ${timeoutMs} ms: ${bot.stderr().slice(-500)}`);
    await pause(50);
  }
}

/** VmHWM: the most resident memory the process has had (Linux). */
function peakRss(bot: BotProcess): number {
  const status = readFileSync(`/proc/${bot.child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export function scaleLines(f: ScaleFigures): string[] {
  const r = (x: number, goal: number) => `${x.toFixed(0)} ms ÷ ${goal} ms = ratio ${(x / goal).toFixed(2)}`;
  return [
    `scale: ${f.people} people, ${f.sites} sites and ${f.groupSites} group sites moved, ${f.extraSites} extra redirect sites, ${f.latencyMs} ms per SharePoint and Graph answer`,
    ...Object.entries(f.answerP99Ms).map(([command, ms]) => `scale: HTTP answer p99 of "${command}": ${r(ms, 2000)}`),
    `scale: first card (cold status): ${r(f.firstCardMs, 2000)}`,
    `scale: status complete on a cold ledger: ${r(f.coldStatusMs, 60_000)}; warm: ${r(f.warmStatusMs, 3000)}`,
    `scale: plan cards warm: remove redirects ${r(f.removePlanMs, 15_000)}; notify users all ${r(f.notifyPlanMs, 15_000)}; remove redirects sites ${r(f.siteRemovePlanMs, 15_000)}`,
    `scale: bot peak RSS ${f.peakRssMb.toFixed(0)} MB ÷ 500 MB = ratio ${(f.peakRssMb / 500).toFixed(2)}`,
    `scale: Graph move reads between two status a minute apart: ${f.graphReadsBetween} ÷ ${f.changeable} moves that can still change = ratio ${(f.graphReadsBetween / Math.max(1, f.changeable)).toFixed(2)}`,
  ];
}
