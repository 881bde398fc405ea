// A campaign whose process is killed (SIGKILL) at random points and started again: nobody gets the card
// twice, everybody reachable gets it, and exactly those whose send was cut off at the very moment of
// sending (marked "posting" in the store when the process died) are recorded as interrupted (at most one
// card: the connector offers no way to ask whether it arrived).
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GUIDANCE_CAMPAIGN } from '../../services/guidance/campaign.js';
import { RecipientStore } from '../../services/guidance/recipientStore.js';
import { planNotifyUsers } from '../../services/guidance/notifyPlan.js';
import { seededRandom } from '../../services/sandbox/random.js';
import { RecordingJobs } from '../approvals/helpers.js';
import { chatAddress, jobRig, people, type JobRig } from '../jobs/rig.js';
import type { CampaignChildConfig } from './campaignChild.js';

const SEEDS = [5, 17];
const KILLS = 3;
let rig: JobRig | undefined;
afterEach(async () => { await rig?.close(); rig = undefined; });

function runChild(configPath: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'guidance', 'campaignChild.ts'), configPath], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    if (code && code !== 0) process.stderr.write(stderr);
    resolve(code);
  }));
  return { child, exited };
}

describe('campaign crash and resume', () => {
  it.each(SEEDS)('seed %i: killed mid-campaign and restarted, nobody gets a second card', async (seed) => {
    rig = await jobRig({ users: 60, seed, blockedUsers: 1, faults: { latencyMs: 4 } }, { jobs: new RecordingJobs() });
    const recipients = new RecipientStore(rig.store);
    const imported = await rig.identityMap.import();
    if (!imported.ok) throw new Error('identity map');
    const plan = await planNotifyUsers({ identityMap: imported.map, moveStates: rig.knowledge.moveStatesOf, recipients, scope: { kind: 'all' }, requestedBy: people.alice, now: new Date() });
    await rig.approvals.request(plan, chatAddress);
    await rig.approvals.approve(plan.id, plan.hash, people.bob);
    const config: CampaignChildConfig = {
      sandboxUrl: rig.sandbox.url, credentials: { source: rig.sandbox.source, target: rig.sandbox.target },
      storeDir: rig.paths.store, auditPath: rig.paths.audit, identityMapPath: rig.paths.identityMap, concurrency: 8,
      connectorUrl: rig.sandbox.connectorServiceUrl, targetTenantId: rig.sandbox.target.tenantId,
    };
    const configPath = join(rig.dir, 'child.json');
    await writeFile(configPath, JSON.stringify(config), 'utf8');
    const random = seededRandom(seed);
    let kills = 0;
    const cutOff = new Set<string>();
    for (let k = 0; k < KILLS; k++) {
      const { child, exited } = runChild(configPath);
      const target = rig.sandbox.stats().connector!.sent + 1 + Math.floor(random() * 15);
      const jitterMs = Math.floor(random() * 40);
      let fired = false;
      const watch = setInterval(() => {
        if (fired || rig!.sandbox.stats().connector!.sent < target) return;
        fired = true;
        setTimeout(() => child.kill('SIGKILL'), jitterMs);
      }, 2);
      const code = await exited;
      clearInterval(watch);
      if (code === 0) break;
      kills++;
      // Whom the killed process was posting to: marked "posting", not yet recorded sent (or failed).
      const now = await recipients.getMany(GUIDANCE_CAMPAIGN, plan.items.map((i) => i.label));
      for (const r of now.values()) if (r.state === 'sending' && r.phase === 'posting') cutOff.add(r.targetUpn.toLowerCase());
    }
    expect(await runChild(configPath).exited).toBe(0);
    expect(kills).toBeGreaterThan(0);

    const record = (await rig.approvals.get(plan.id))!;
    expect(['done', 'partly-failed']).toContain(record.state);
    const blocked = new Set((rig.sandbox.scenario!.blockedUpns ?? []).map((u) => u.toLowerCase()));
    const records = await recipients.getMany(GUIDANCE_CAMPAIGN, plan.items.map((i) => i.label));
    // Exactly those cut off while posting are recorded interrupted (at most one card: it may have left);
    // everyone else has their one card, or is blocked with none.
    const interrupted = new Set([...records.values()].filter((r) => r.state === 'failed' && r.reason === 'interrupted').map((r) => r.targetUpn.toLowerCase()));
    expect([...interrupted].sort()).toEqual([...cutOff].sort());
    let interruptedDelivered = 0;
    for (const item of plan.items) {
      const upn = item.label.toLowerCase();
      const cards = rig.sandbox.inbox(item.label).length;
      const r = records.get(upn)!;
      if (cutOff.has(upn)) {
        expect([upn, r.state, r.reason, cards <= (blocked.has(upn) ? 0 : 1)]).toEqual([upn, 'failed', 'interrupted', true]);
        interruptedDelivered += cards;
      } else if (blocked.has(upn)) {
        expect([upn, r.state, r.reason, cards]).toEqual([upn, 'failed', 'blocked', 0]);
      } else {
        expect([upn, r.state, cards]).toEqual([upn, 'sent', 1]);
      }
    }
    if (process.env.CRASH_FIGURES) process.stdout.write(`campaign crash seed ${seed}: ${JSON.stringify({ people: plan.items.length, kills, interrupted: interrupted.size, interruptedDelivered })}\n`);
  }, 120_000);
});
