// Bench: chat-turn throughput of the real bot (`help`: recognise, render the card, reply) against a bare
// botbuilder echo bot on the same stack (restify 11 + bodyParser + CloudAdapter, auth off).
// Each in a process of its own, so no event loop caps another: the bot (botChild.ts: startBot as
// `node dist/bot/index.js` runs it, joined to simulated tenants in sandboxChild.ts), the echo bot
// (echoBotChild.ts), the connector the replies are posted to at the activity's serviceUrl, as Teams
// receives them (connectorChild.ts, plain node:http), and the load (loadChild.ts: N keep-alive
// connections, a fixed number of messages). Bot and echo are driven in alternating rounds; every turn
// must have posted its reply to the connector.
// Ratio = bot msgs/s ÷ echo msgs/s: what our turn costs beyond botbuilder's own.
// How to read it: on a 2-core machine the server under load, the load and the connector all want a core,
// so each server is measured with the others competing for the machine alike; the ratio compares the two
// servers under the same competition, and the absolute msgs/s say only what this machine gave at that
// moment (other work on it moves them, and them alone). Compare ratios, never the msgs/s of two runs.
// The CPU ms per message of each process say the same from another side: a server is the pace-setter
// while its own CPU per message is well above the load's and the connector's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { message } from '../helpers/activities.js';
import { BenchProcesses, type BenchProcess } from './benchProcesses.js';
import type { Drive, Driven } from './loadChild.js';

export interface TurnFigures {
  messages: number;
  concurrency: number;
  botPerSecond: number;
  echoPerSecond: number;
  ratio: number;
  /**
   * CPU ms each process spent per message: the bot's and the echo's turn, and what driving and receiving
   * one cost the load and the connector (far below a turn, or they, not the servers, set the pace).
   */
  cpuMsPerTurn: { bot: number; echo: number; load: number; connector: number };
}

/** Alternations of bot and echo the messages are split into. */
const ROUNDS = 10;
const WARM_MESSAGES = 100;

export interface TurnBed {
  bot: BenchProcess<{ url: string }>;
  echo: BenchProcess<{ url: string }>;
  connector: BenchProcess<{ serviceUrl: string }>;
  load: BenchProcess<object>;
  /** `help` from the sandbox admin, addressed to the connector. */
  activity: object;
}

/** The processes every server is measured with: load, connector, simulated tenants. */
export interface TurnRig {
  load: BenchProcess<object>;
  connector: BenchProcess<{ serviceUrl: string }>;
  sandbox: BenchProcess<{ url: string; tenantId: string }>;
}

export async function startTurnRig(processes: BenchProcesses): Promise<TurnRig> {
  const [connector, load, sandbox] = await Promise.all([
    processes.start<{ serviceUrl: string }>('connector', 'connectorChild.js'),
    processes.start<object>('load', 'loadChild.js'),
    processes.start<{ url: string; tenantId: string }>('sandbox', 'sandboxChild.js'),
  ]);
  return { connector, load, sandbox };
}

/**
 * The real bot, its store in `dir`, logging at its default level as deployed (its log is read by this
 * process, as a host reads it).
 */
export function startBotProcess(processes: BenchProcesses, rig: TurnRig, dir: string, cpuProfileDir?: string): Promise<BenchProcess<{ url: string }>> {
  return processes.start('bot', 'botChild.js', { env: { PORT: '0', STORAGE: `file:${join(dir, 'store')}`, SANDBOX_URL: rig.sandbox.ready.url }, cwd: dir, cpuProfileDir });
}

/** `help` from the sandbox admin, addressed to the rig's connector. */
export function helpActivity(rig: TurnRig): object {
  return message('help', SANDBOX_PEOPLE.admin, { tenantId: rig.sandbox.ready.tenantId, serviceUrl: rig.connector.ready.serviceUrl });
}

export async function startTurnBed(processes: BenchProcesses, dir: string, cpuProfileDir?: string): Promise<TurnBed> {
  const rig = await startTurnRig(processes);
  const bot = await startBotProcess(processes, rig, dir, cpuProfileDir);
  const echo = await processes.start<{ url: string }>('echo', 'echoBotChild.js', { cpuProfileDir });
  return { bot, echo, connector: rig.connector, load: rig.load, activity: helpActivity(rig) };
}

/** What drives turns into a server: the load, the connector that counts replies, the message sent. */
export type TurnDriver = Pick<TurnBed, 'load' | 'connector' | 'activity'>;

let rounds = 0;

/** One server's share of a drive: wall time and the CPU time each process spent on it. */
export interface Round { ms: number; serverCpuMs: number; loadCpuMs: number; connectorCpuMs: number }

/** Drives `count` messages into one server; throws unless every one was answered 200 and posted its reply. */
export async function driveTurns(bed: TurnDriver, server: BenchProcess<{ url: string }>, count: number, connections: number): Promise<Round> {
  const cpu = () => Promise.all([server, bed.load, bed.connector].map((p) => p.ask<number>('cpu')));
  const before = await bed.connector.ask<number>('replies');
  const cpuBefore = await cpu();
  const drive: Drive = { url: server.ready.url, activity: bed.activity, count, connections, idPrefix: `bench-${server.name}-${++rounds}` };
  const d = await bed.load.ask<Driven>('drive', drive);
  const [serverCpuMs, loadCpuMs, connectorCpuMs] = (await cpu()).map((after, i) => after - cpuBefore[i]!);
  if (d.notOk) throw new Error(`${d.notOk} of ${count} turns of ${server.name} failed (last HTTP ${d.lastStatus}): ${server.stderr().slice(-500)}`);
  const posted = (await bed.connector.ask<number>('replies')) - before;
  if (posted !== count) throw new Error(`${posted} replies of ${server.name} reached the connector for ${count} messages`);
  return { ms: d.ms, serverCpuMs: serverCpuMs!, loadCpuMs: loadCpuMs!, connectorCpuMs: connectorCpuMs! };
}

const sum = (rounds: Round[]): Round => rounds.reduce((a, r) => ({
  ms: a.ms + r.ms, serverCpuMs: a.serverCpuMs + r.serverCpuMs, loadCpuMs: a.loadCpuMs + r.loadCpuMs, connectorCpuMs: a.connectorCpuMs + r.connectorCpuMs,
}), { ms: 0, serverCpuMs: 0, loadCpuMs: 0, connectorCpuMs: 0 });

/** `cpuProfileDir`: where the bot's and the echo's CPU profiles are written (node --cpu-prof), to see where a turn's time goes. */
export async function benchTurns(count = 1000, concurrency = 8, cpuProfileDir?: string): Promise<TurnFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-turns-'));
  const processes = new BenchProcesses();
  try {
    const bed = await startTurnBed(processes, dir, cpuProfileDir);
    // Warm both (JIT, first card render) before measuring.
    await driveTurns(bed, bed.bot, WARM_MESSAGES, concurrency);
    await driveTurns(bed, bed.echo, WARM_MESSAGES, concurrency);
    // In rounds, bot and echo in turn, so a busy moment of a shared machine falls on both alike.
    const botRounds: Round[] = [];
    const echoRounds: Round[] = [];
    const perRound = Math.ceil(count / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      botRounds.push(await driveTurns(bed, bed.bot, perRound, concurrency));
      echoRounds.push(await driveTurns(bed, bed.echo, perRound, concurrency));
    }
    const messages = perRound * ROUNDS;
    const bot = sum(botRounds);
    const echo = sum(echoRounds);
    const botPerSecond = messages / (bot.ms / 1000);
    const echoPerSecond = messages / (echo.ms / 1000);
    return {
      messages, concurrency, botPerSecond, echoPerSecond, ratio: botPerSecond / echoPerSecond,
      cpuMsPerTurn: {
        bot: bot.serverCpuMs / messages, echo: echo.serverCpuMs / messages,
        load: (bot.loadCpuMs + echo.loadCpuMs) / (2 * messages), connector: (bot.connectorCpuMs + echo.connectorCpuMs) / (2 * messages),
      },
    };
  } finally {
    await processes.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}
