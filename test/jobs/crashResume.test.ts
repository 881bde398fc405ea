// A job killed (SIGKILL) at random points and started again finishes with every item acted on once and
// nothing outside the plan touched. The sandbox runs here; each child reaches it over loopback HTTP.
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JobStore } from '../../services/jobs/jobStore.js';
import type { ChildConfig } from './jobChild.js';
import { chatAddress, jobRig, norm, people, type JobRig } from './rig.js';
import { seededRandom } from '../../services/sandbox/random.js';

const SEEDS = [11, 23, 37];
const KILLS_PER_SEED = 3;

let rig: JobRig | undefined;
afterEach(async () => { await rig?.close(); rig = undefined; });

function startChild(configPath: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'jobs', 'jobChild.ts'), configPath], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    if (code && code !== 0) process.stderr.write(stderr);
    resolve(code);
  }));
  return { child, exited };
}

async function crashAndResume(seed: number): Promise<{ kills: number; doneAtKills: number[]; changesAtKills: number[]; items: number; changes: number }> {
  let held = '';
  const results = { schedule: () => undefined, results: (plan: Parameters<JobStore['results']>[0]) => new JobStore(rig!.store).results(plan) };
  rig = await jobRig({ users: 60, seed, operationPollingMs: 120, faults: { latencyMs: 3 } }, { jobs: results, movingBack: (upn) => upn === held });
  const scenario = rig.sandbox.scenario!;
  held = scenario.users.find((u) => u.sourceSiteUrl === scenario.heldRedirectUrl)!.sourceUpn;
  const plan = await rig.planners.removeRedirects({ side: 'source', scope: { kind: 'all' }, unlock: true, purge: true }, people.alice);
  await rig.approvals.request(plan, chatAddress);
  await rig.approvals.approve(plan.id, plan.hash, people.bob);

  const config: ChildConfig = {
    sandboxUrl: rig.sandbox.url, credentials: { source: rig.sandbox.source, target: rig.sandbox.target },
    storeDir: rig.paths.store, auditPath: rig.paths.audit, identityMapPath: rig.paths.identityMap, concurrency: 4,
  };
  const configPath = join(rig.dir, 'child.json');
  await writeFile(configPath, JSON.stringify(config), 'utf8');
  const random = seededRandom(seed);
  const doneAtKills: number[] = [];
  const changesAtKills: number[] = [];
  for (let k = 0; k < KILLS_PER_SEED; k++) {
    const { child, exited } = startChild(configPath);
    // Kill once the child has made a random amount of progress (counted in changes the sandbox saw), plus
    // a random few milliseconds, so kills land between a removal, its poll, the purge and the stored result.
    const target = rig.sandbox.changes().length + 1 + Math.floor(random() * 25);
    const jitterMs = Math.floor(random() * 60);
    let killed = false;
    const watch = setInterval(() => {
      if (killed || rig!.sandbox.changes().length < target) return;
      killed = true;
      setTimeout(() => child.kill('SIGKILL'), jitterMs);
    }, 3);
    const code = await exited;
    clearInterval(watch);
    if (code === 0) break;
    doneAtKills.push((await rig.approvals.results(plan.id)).filter((r) => r.state === 'done').length);
    changesAtKills.push(rig.sandbox.changes().length);
  }
  expect(await startChild(configPath).exited).toBe(0);

  const record = (await rig.approvals.get(plan.id))!;
  const itemResults = await rig.approvals.results(plan.id);
  expect(itemResults.filter((r) => r.state !== 'done')).toEqual([]);
  expect(record.state).toBe('done');
  const planned = new Set(plan.items.map((i) => norm(i.label)));
  const changes = rig.sandbox.changes();
  for (const method of ['RemoveSite', 'RemoveDeletedSite'] as const) {
    const calls = changes.filter((c) => c.method === method).map((c) => norm(c.target));
    expect(calls.sort()).toEqual([...planned].sort());
  }
  expect(changes.filter((c) => c.outcome !== 'ok')).toEqual([]);
  expect(changes.every((c) => planned.has(norm(c.target)))).toBe(true);
  expect(changes.filter((c) => c.method === 'SetSite').map((c) => norm(c.target)).sort()).toEqual(scenario.lockedRedirects!.map(norm).sort());
  return { kills: doneAtKills.length, doneAtKills, changesAtKills, items: plan.items.length, changes: changes.length };
}

describe('job crash and resume', () => {
  it.each(SEEDS)('seed %i: killed at random points, restarted, every item acted on exactly once', async (seed) => {
    const figures = await crashAndResume(seed);
    if (process.env.CRASH_FIGURES) process.stdout.write(`crash/resume seed ${seed}: ${JSON.stringify(figures)}\n`);
    expect(figures.kills).toBeGreaterThan(0);
  }, 120_000);
});
