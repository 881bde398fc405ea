// Bench: what starting the real bot costs next to a bare botbuilder echo bot on the same stack, both
// started here several times, alternately, as processes of their own (botChild.ts is startBot as
// `node dist/bot/index.js` runs it, joined to simulated tenants running in a process of their own;
// echoBotChild.ts the echo). Per start: the time
// from fork until its first `help` has been answered and its reply reached the connector, and its
// resident memory (RSS) and heap in use, read inside it after a full collection, once after that first
// answer and again after 200 more turns. Medians over the starts, each as bot, echo and bot ÷ echo.
// A change that adds work at start (a recogniser trained in-process, a model loaded) shows in the bot's
// figures and in the ratios; compare a run before the change with one after it, line by line. On a shared
// machine the times of two runs of the same code differ by about 5 % (the memory figures by 1-2 %): to see
// a 10 % change, run each side twice or raise --starts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../bot/projectRoot.js';
import { BenchProcesses } from './benchProcesses.js';
import type { Memory } from './childChannel.js';
import { driveTurns, helpActivity, startBotProcess, startTurnRig } from './turns.js';

export interface StartFigures { firstHelpMs: number; started: Memory; afterTurns: Memory }
export interface StartupFigures { starts: number; turns: number; commit: string; bot: StartFigures; echo: StartFigures }

const CONNECTIONS = 8;

export async function benchStartup(starts = 9, turns = 200): Promise<StartupFigures> {
  const dirs: string[] = [];
  const processes = new BenchProcesses();
  try {
    const rig = await startTurnRig(processes);
    const activity = helpActivity(rig);
    let next = 0;
    const once = async (name: 'bot' | 'echo'): Promise<StartFigures> => {
      const dir = mkdtempSync(join(tmpdir(), `bench-startup-${name}-`));
      dirs.push(dir);
      const started = performance.now();
      const server = name === 'bot' ? await startBotProcess(processes, rig, dir) : await processes.start<{ url: string }>('echo', 'echoBotChild.js', { cwd: dir });
      try {
        const before = await rig.connector.ask<number>('replies');
        const res = await fetch(`${server.ready.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...activity, id: `startup-${++next}` }) });
        await res.arrayBuffer();
        if (res.status !== 200 || (await rig.connector.ask<number>('replies')) !== before + 1) throw new Error(`${name} did not answer its first help (HTTP ${res.status}): ${server.stderr().slice(-500)}`);
        const firstHelpMs = performance.now() - started;
        const afterStart = await server.ask<Memory>('memory');
        await driveTurns({ ...rig, activity }, server, turns, CONNECTIONS);
        return { firstHelpMs, started: afterStart, afterTurns: await server.ask<Memory>('memory') };
      } finally {
        await processes.stop(server);
      }
    };
    const bot: StartFigures[] = [];
    const echo: StartFigures[] = [];
    // One of each in turn, so a busy moment of a shared machine falls on both alike.
    for (let i = 0; i < starts; i++) {
      bot.push(await once('bot'));
      echo.push(await once('echo'));
    }
    return { starts, turns, commit: commit(), bot: medians(bot), echo: medians(echo) };
  } finally {
    await processes.stopAll();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
const medianMemory = (ms: Memory[]): Memory => ({ rssMb: median(ms.map((m) => m.rssMb)), heapUsedMb: median(ms.map((m) => m.heapUsedMb)) });

function medians(fs: StartFigures[]): StartFigures {
  return { firstHelpMs: median(fs.map((f) => f.firstHelpMs)), started: medianMemory(fs.map((f) => f.started)), afterTurns: medianMemory(fs.map((f) => f.afterTurns)) };
}

/** Which code was measured, so two runs are compared knowingly ("+" when the tree had changes). */
function commit(): string {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: projectRoot(), encoding: 'utf8' }).trim();
    return `${run('rev-parse', '--short', 'HEAD')}${run('status', '--porcelain', '--untracked-files=no') ? '+' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** One line per figure, in the same order every run, so two runs (two commits) compare line by line. */
export function startupLines(f: StartupFigures): string[] {
  const line = (what: string, bot: number, echo: number, unit: string, digits: number) =>
    `startup: ${what}: bot ${bot.toFixed(digits)} ${unit}, bare echo bot ${echo.toFixed(digits)} ${unit} = ratio ${(bot / echo).toFixed(2)}`;
  const { bot, echo } = f;
  return [
    `startup: commit ${f.commit}, medians of ${f.starts} starts of each, alternately`,
    line('first help answered, from process start', bot.firstHelpMs, echo.firstHelpMs, 'ms', 0),
    line('RSS after the first help', bot.started.rssMb, echo.started.rssMb, 'MB', 1),
    line('heap used after the first help', bot.started.heapUsedMb, echo.started.heapUsedMb, 'MB', 1),
    line(`RSS after ${f.turns} more turns`, bot.afterTurns.rssMb, echo.afterTurns.rssMb, 'MB', 1),
    line(`heap used after ${f.turns} more turns`, bot.afterTurns.heapUsedMb, echo.afterTurns.heapUsedMb, 'MB', 1),
  ];
}
