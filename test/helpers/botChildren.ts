// Whole bot processes (test/faults/botChild.ts) on one shared store, started and signalled by a test: each
// child gets its own configuration file (its own host name on leases, its own way to the tenants), and
// everything it writes is kept for the test to read.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyValueStore } from '../../services/ports.js';
import type { BotChildConfig } from '../faults/botChild.js';

export interface BotChild {
  child: ChildProcess;
  /** The child's HTTP address, once it is ready. */
  url: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stdout(): string;
  stderr(): string;
}

/** Every child started here: killed by `killChildren` (afterAll), whatever state a failed test left. */
const children: ChildProcess[] = [];

/** Writes `config` next to the other test files in `dir` and starts a bot child on it. */
export async function startBotChild(dir: string, name: string, config: BotChildConfig): Promise<BotChild> {
  const configPath = join(dir, `bot-child-${name}.json`);
  await writeFile(configPath, JSON.stringify(config), 'utf8');
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'faults', 'botChild.ts'), configPath], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += String(d);
      if (process.env.FAULT_CHILD_LOG) process.stderr.write(`[${name} ${child.pid}] ${String(d)}`);
      const m = /"ready":"([^"]+)"/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bot child ${name} exited (${code}) before it was ready: ${stderr.slice(-800)}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  return { child, url, exited, stdout: () => stdout, stderr: () => stderr };
}

export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

export interface LeaseRecord { owner: string; until: number }

/** The job lease on a plan as the shared store holds it now. */
export async function leaseOf(store: KeyValueStore, planId: string): Promise<LeaseRecord | undefined> {
  const key = `lease/${planId}`;
  return (await store.read([key]))[key]?.lease as LeaseRecord | undefined;
}

/** What a new message gets: the HTTP status, or 'refused' when nothing listens any more. */
export async function postMessage(url: string): Promise<number | 'refused'> {
  try {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'status' }) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'refused';
  }
}
