// Bench: the campaign takeover at full size. The test suite runs test/multiInstance/campaignTakeover.test.ts
// small (300 people) so it stays short on a busy machine; here the same test runs at --people
// (default 2,200: ~2,000 messaged), with its own figures on. Figure: approval to finish against the floor
// Teams' pacing sets (two connector calls per person at 50 per second), as a ratio.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../bot/projectRoot.js';

export interface CampaignTakeoverFigures {
  people: number;
  sentAtKill: number;
  inFlight: number;
  killedMs: number;
  finishedMs: number;
  floorMs: number;
  passed: boolean;
}

/** Connector calls per second per tenant (Teams' limit) and per person (open the chat, send the card). */
const CALLS_PER_SECOND = 50;
const CALLS_PER_PERSON = 2;

export async function benchCampaignTakeover(users: number): Promise<CampaignTakeoverFigures> {
  const root = projectRoot();
  const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  const child = spawn(process.execPath, ['--experimental-vm-modules', jest, '-w', '1', 'test/multiInstance/campaignTakeover.test.ts'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CAMPAIGN_TAKEOVER_USERS: String(users), CAMPAIGN_TAKEOVER_TIMEOUT_MS: '900000', MULTI_INSTANCE_FIGURES: '1' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = /campaign takeover: (\{.*\})/.exec(out);
  if (!line) throw new Error(`the campaign takeover test printed no figures (exit ${code}): ${out.slice(-2000)}`);
  const f = JSON.parse(line[1]!) as { people: number; sentAtKill: number; inFlight: number; killedMs: number; finishedMs: number; plannedMs: number };
  return {
    people: f.people, sentAtKill: f.sentAtKill, inFlight: f.inFlight, killedMs: f.killedMs, finishedMs: f.finishedMs,
    floorMs: (f.people * CALLS_PER_PERSON * 1000) / CALLS_PER_SECOND, passed: code === 0,
  };
}

export function campaignTakeoverLines(f: CampaignTakeoverFigures): string[] {
  return [`campaignTakeover: ${f.people} people messaged, instance killed after ${f.sentAtKill} cards (${f.inFlight} cut off while posting), ` +
    `${f.passed ? 'test passed' : 'TEST FAILED'}: ${f.finishedMs.toFixed(0)} ms to finish vs pacing floor ${f.floorMs.toFixed(0)} ms = ratio ${(f.finishedMs / f.floorMs).toFixed(2)}`];
}
