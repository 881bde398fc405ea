// Bench: two bot instances against one, as deployed: real processes (`node dist/bot/index.js`), every one
// joined to one sandbox this process starts (SANDBOX_URL), replying to a recording connector here.
// The pair shares one Azurite store (STORAGE=azure-blob, in memory); the single instance uses the file
// store (STORAGE=file:<tmp dir>). All three processes run side by side and the two set-ups are measured
// in turns (click for click, round for round), so the machine's noise falls on both alike.
// Figures, each a ratio pair ÷ single:
// (1) approve-click p99: real approvals, not refresh clicks. Each click is the approver's Approve on its
//     own small plan (`remove redirects for <upn>`, one redirect site), asked for beforehand as the
//     admin; the run each approval starts (re-check and remove the site, card edits) goes on in the
//     background while the next clicks are measured. The pair's plans are asked on one instance and
//     approved on one or the other alternately, so half the decisions read a plan the other process wrote.
// (2) message throughput: `help` answered (reply posted to the connector) per second at a fixed number in
//     flight; the pair's messages alternate between the two instances.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../bot/projectRoot.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { actionExecute, message, type Person } from '../helpers/activities.js';
import { activityIdOf, cardIn, type InvokeBody } from '../helpers/approvalBot.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { startRecordingConnector, type RecordingConnector } from '../helpers/recordingConnector.js';

export interface InstanceFigures {
  clicks: number;
  singleClickP99Ms: number;
  pairClickP99Ms: number;
  removed: number;
  approved: number;
  messages: number;
  concurrency: number;
  singlePerSecond: number;
  pairPerSecond: number;
}

export interface BotProcess { name: string; url: string; child: ChildProcess; stderr: () => string }
interface Plan { activityId: string; data: { planId: string; hash: string } }

const WARM_CLICKS = 4;
const ROUNDS = 4;
/** A bot given SIGTERM has 9 s to stop by itself (bot/index.ts); past that it is killed. */
const STOP_WAIT_MS = 12_000;

const p99 = (samples: number[]) => [...samples].sort((x, y) => x - y)[Math.max(0, Math.ceil(samples.length * 0.99) - 1)] ?? 0;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Only what the bot needs: whatever this shell has set (STORAGE, tenant keys, a .env in cwd) must not leak in. */
export async function spawnBot(name: string, settings: Record<string, string>, cwd: string, live: Set<ChildProcess>): Promise<BotProcess> {
  const entry = join(projectRoot(), 'dist', 'bot', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run the bench through npm run bench (it builds first)`);
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', HOME: cwd, PORT: String(port), LOG_LEVEL: 'error', ...settings };
  const child = spawn(process.execPath, [entry], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + String(d)).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot ${name} exited (${child.exitCode}) before answering: ${stderr.slice(-1000)}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return { name, url, child, stderr: () => stderr };
    if (Date.now() > deadline) throw new Error(`bot ${name} did not answer /healthz in 60 s: ${stderr.slice(-1000)}`);
    await pause(100);
  }
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WAIT_MS);
  await exited;
  clearTimeout(timer);
}

export async function benchInstances(clicks = 200, messages = 1000, concurrency = 8): Promise<InstanceFigures> {
  const dirs: string[] = [];
  const tmp = (prefix: string) => { const d = mkdtempSync(join(tmpdir(), prefix)); dirs.push(d); return d; };
  const live = new Set<ChildProcess>();
  // Should this process exit before the finally below has run, the bot processes go with it (Ctrl-C
  // reaches them anyway: they are in its process group).
  const killAll = () => { for (const c of live) c.kill('SIGKILL'); };
  process.once('exit', killAll);
  let sandbox: SandboxHandle | undefined;
  let azurite: Azurite | undefined;
  let connector: RecordingConnector | undefined;
  try {
    const perSide = clicks + WARM_CLICKS;
    // About 90% of the sandbox's users have a completed move and a redirect; leave room for the special ones.
    sandbox = await startSandbox({ port: 0, users: Math.ceil((2 * perSide) / 0.85) + 20 });
    [azurite, connector] = await Promise.all([startAzurite(), startRecordingConnector()]);
    const shared = { SANDBOX_URL: sandbox.url };
    const blob = { ...shared, STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'bench-instances' };
    const singleDir = tmp('bench-instances-file-');
    const single = await spawnBot('single', { ...shared, STORAGE: `file:${join(singleDir, 'store')}` }, singleDir, live);
    // One after the other: the first creates the container, the second finds it.
    const pairA = await spawnBot('pair-a', blob, tmp('bench-instances-a-'), live);
    const pairB = await spawnBot('pair-b', blob, tmp('bench-instances-b-'), live);
    const pair = [pairA, pairB];

    const tenantId = sandbox.target.tenantId;
    const serviceUrl = connector.serviceUrl;
    const c = connector;
    let nextId = 0;
    const post = async (bot: BotProcess, activity: object) => {
      const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      if (res.status !== 200) throw new Error(`bot ${bot.name} answered HTTP ${res.status}: ${bot.stderr().slice(-500)}`);
      return res;
    };
    const say = async (bot: BotProcess, text: string, from: Person = SANDBOX_PEOPLE.admin) => {
      const id = `bench-msg-${++nextId}`;
      await post(bot, { ...message(text, from, { tenantId, serviceUrl }), id });
      return id;
    };

    // --- message throughput -------------------------------------------------------------------------
    const answered = new Set<string>();
    const sent: string[] = [];
    const drive = async (bots: BotProcess[], count: number): Promise<number> => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const bot = bots[next++ % bots.length]!;
          sent.push(await say(bot, 'help'));
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      return performance.now() - started;
    };
    // Warm every process (JIT, first card render) before anything is timed.
    await drive([single], 50);
    await drive(pair, 100);
    let singleMs = 0;
    let pairMs = 0;
    const perRound = Math.ceil(messages / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      singleMs += await drive([single], perRound);
      pairMs += await drive(pair, perRound);
    }
    for (const call of c.calls) if (call.activity.replyToId) answered.add(call.activity.replyToId);
    const unanswered = sent.filter((id) => !answered.has(id));
    if (unanswered.length) throw new Error(`${unanswered.length} of ${sent.length} messages got no reply at the connector`);

    // --- approve clicks -----------------------------------------------------------------------------
    const s = sandbox.scenario!;
    const special = [s.heldRedirectUrl, s.recycledRedirectUrl, ...(s.lockedRedirects ?? [])];
    const people = s.users.filter((u) => u.status === 'completed' && !u.sourceUpn.includes("'") && !special.includes(u.sourceSiteUrl));
    if (people.length < 2 * perSide) throw new Error(`only ${people.length} removable redirect sites for ${2 * perSide} plans`);
    const ask = async (bot: BotProcess, upn: string): Promise<Plan> => {
      const id = await say(bot, `remove redirects for ${upn}`);
      const reply = c.calls.find((call) => call.activity.replyToId === id);
      const card = cardIn(reply);
      const approve = executeActions(card).find((b) => b.verb === 'approve');
      if (!approve) throw new Error(`no Approve button from ${bot.name}: ${cardText(card).slice(0, 300)}`);
      return { activityId: activityIdOf(c, reply!), data: approve.data as Plan['data'] };
    };
    // Asked a few at a time: the asking is set-up, not measured.
    const askAll = async (upns: string[], botFor: (i: number) => BotProcess): Promise<Plan[]> => {
      const plans: Plan[] = new Array(upns.length);
      let next = 0;
      const worker = async () => { while (next < upns.length) { const i = next++; plans[i] = await ask(botFor(i), upns[i]!); } };
      await Promise.all(Array.from({ length: 4 }, worker));
      return plans;
    };
    const upns = people.map((u) => u.sourceUpn);
    const singlePlans = await askAll(upns.slice(0, perSide), () => single);
    // Asked on a, b, b, a, a, b, b, …; approved on a, b, a, b, …: each process decides plans of both.
    const pairPlans = await askAll(upns.slice(perSide, 2 * perSide), (i) => pair[((i + 1) >> 1) % 2]!);
    const click = async (bot: BotProcess, plan: Plan): Promise<number> => {
      const activity = { ...actionExecute('approve', plan.data, SANDBOX_PEOPLE.approver, { tenantId, serviceUrl }), id: `bench-invoke-${++nextId}`, replyToId: plan.activityId };
      const started = performance.now();
      const res = await post(bot, activity);
      const answer = (await res.json()) as InvokeBody;
      const ms = performance.now() - started;
      const text = cardText(answer.value);
      if (answer.statusCode !== 200 || !/Approved by/.test(text)) throw new Error(`approve on ${bot.name} answered ${answer.statusCode}: ${text.slice(0, 300)}`);
      return ms;
    };
    const singleClicks: number[] = [];
    const pairClicks: number[] = [];
    for (let i = 0; i < perSide; i++) {
      const a = await click(single, singlePlans[i]!);
      const b = await click(pair[i % 2]!, pairPlans[i]!);
      if (i >= WARM_CLICKS) { singleClicks.push(a); pairClicks.push(b); }
      // A person clicks, not a loop: leave the runs the approvals started some room between clicks.
      await pause(20);
    }
    // Every approval must have run: a click answered quickly but never acted on would flatter the figure.
    const approved = 2 * perSide;
    const removedNow = () => sandbox!.changes().filter((ch) => ch.method === 'RemoveSite' && ch.outcome === 'ok').length;
    const deadline = Date.now() + 120_000;
    while (removedNow() < approved && Date.now() < deadline) await pause(200);
    const removed = removedNow();
    if (removed < approved) throw new Error(`only ${removed} of ${approved} approved removals ran within 120 s`);

    return {
      clicks, singleClickP99Ms: p99(singleClicks), pairClickP99Ms: p99(pairClicks), removed, approved,
      messages: perRound * ROUNDS, concurrency, singlePerSecond: (perRound * ROUNDS) / (singleMs / 1000), pairPerSecond: (perRound * ROUNDS) / (pairMs / 1000),
    };
  } finally {
    await Promise.all([...live].map(stopProcess));
    process.removeListener('exit', killAll);
    await azurite?.close();
    await connector?.close();
    await sandbox?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

export function instancesLines(f: InstanceFigures): string[] {
  const fixed = (n: number, d = 2) => n.toFixed(d);
  return [
    `instances: approve-click p99 (real approvals, one small plan each, ${f.clicks} per set-up): two processes on Azurite ` +
      `${fixed(f.pairClickP99Ms, 1)} ms, one on the file store ${fixed(f.singleClickP99Ms, 1)} ms = ratio ${fixed(f.pairClickP99Ms / f.singleClickP99Ms)} ` +
      `(${f.removed} of ${f.approved} approved removals ran)`,
    `instances: messages answered (help, ${f.messages} per set-up, ${f.concurrency} in flight): two processes on Azurite ` +
      `${fixed(f.pairPerSecond, 0)}/s, one on the file store ${fixed(f.singlePerSecond, 0)}/s = ratio ${fixed(f.pairPerSecond / f.singlePerSecond)}`,
  ];
}
