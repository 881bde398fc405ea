// The parent's side of the bench processes: each one forked from its entry file in dist/test/bench (built
// by `npm run bench`), reached for its figures over IPC (childChannel.ts), and always stopped at the end,
// also when the bench fails or this process exits first.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopProcess } from './instances.js';

export interface BenchProcess<Ready> {
  name: string;
  child: ChildProcess;
  ready: Ready;
  ask<T>(what: string, request?: object): Promise<T>;
  stderr(): string;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Working folder (and HOME); default this process's. */
  cwd?: string;
  /** Write the process's CPU profile (node --cpu-prof) into this folder as <name>.cpuprofile when it exits. */
  cpuProfileDir?: string;
}

interface Answer { id: number; answer?: unknown; error?: string }

/** Where the entry files are: beside this file once built. */
const here = dirname(fileURLToPath(import.meta.url));

/** A set of bench processes, each started by `start` and all stopped by `stopAll`. */
export class BenchProcesses {
  private readonly live = new Set<ChildProcess>();
  // Should this process exit before stopAll has run, the children go with it.
  private readonly killAll = () => { for (const c of this.live) c.kill('SIGKILL'); };

  constructor() {
    process.once('exit', this.killAll);
  }

  /**
   * Forks `entry` (a file name in this folder) with only the settings given (nothing of this shell's
   * environment leaks in) and waits for it to say it is ready.
   */
  async start<Ready>(name: string, entry: string, o: StartOptions = {}): Promise<BenchProcess<Ready>> {
    const file = join(here, entry);
    if (!existsSync(file)) throw new Error(`${file} is missing: run the bench through npm run bench (it builds first)`);
    const cwd = o.cwd ?? process.cwd();
    const execArgv = ['--expose-gc', ...(o.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [])];
    // stdout is a pipe read to its end, as a host reads a service's log: writing it costs what it costs there.
    const child = fork(file, [], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...o.env }, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout!.resume();
    this.live.add(child);
    child.once('exit', () => this.live.delete(child));
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + String(d)).slice(-4000); });
    let nextId = 0;
    const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
    const ready = await new Promise<Ready>((resolve, reject) => {
      const failed = (code: number | null) => reject(new Error(`${name} exited (${code}) before it was ready: ${stderr.slice(-1000)}`));
      child.once('exit', failed);
      child.on('message', (raw: unknown) => {
        const m = raw as { ready?: Ready } & Answer;
        if (m.ready !== undefined) { child.removeListener('exit', failed); resolve(m.ready); return; }
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(`${name}: ${m.error}`)); else w?.resolve(m.answer);
      });
    });
    child.once('exit', (code) => { for (const w of waiting.values()) w.reject(new Error(`${name} exited (${code}): ${stderr.slice(-1000)}`)); });
    return {
      name, child, ready, stderr: () => stderr,
      ask: <T>(what: string, request: object = {}) => new Promise<T>((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...request, id, ask: what });
      }),
    };
  }

  /** Stops one (SIGTERM, then SIGKILL past the wait a stopping bot is given). */
  async stop(p: BenchProcess<unknown>): Promise<void> {
    await stopProcess(p.child);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map(stopProcess));
    process.removeListener('exit', this.killAll);
  }
}
