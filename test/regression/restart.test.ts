// A restart in the middle of tracking: the bot is closed while the move back (of a person, of a site) runs,
// a new bot starts on the same storage (and the same simulated tenants, which keep the move), and its
// poller picks the tracked move up from storage and follows it to completed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSandbox } from '../../services/sandbox/index.js';
import type { SandboxHandle } from '../../services/sandbox/types.js';
import { cardText } from '../helpers/cards.js';
import { cardIn, type ApprovalBot } from '../helpers/approvalBot.js';
import { approveMoveBack, plainUser, regressionBot, trackingState, waitForTracking, type Movable } from './helpers.js';

let sandbox: SandboxHandle | undefined;
let storage = '';
const open: ApprovalBot[] = [];
// Each case starts its own simulated tenants and storage.
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close().catch(() => undefined)));
  await sandbox?.close();
  sandbox = undefined;
  if (storage) await rm(storage, { recursive: true, force: true });
  storage = '';
});

/** A person, or a site: each is followed across the restart the same way, by its own `move status`. */
const SUBJECTS: [string, (bot: ApprovalBot) => { moved: Movable; statusOf: string }][] = [
  ['a person', (bot) => { const u = plainUser(bot); return { moved: u, statusOf: u.targetUpn }; }],
  ['a site', (bot) => {
    const s = bot.bot.sandbox!.scenario!.sites!.find((x) => x.kind === 'site' && x.status === 'completed')!;
    return { moved: s, statusOf: s.targetSiteUrl };
  }],
];

describe('migrate back across a restart', () => {
  it.each(SUBJECTS)('resumes tracking %s from storage and reaches completed', async (_name, pick) => {
    // 10 s: the second process must read the move before it completes, after one bot stopped and another
    // started (half a second on an idle machine; 4 s proved too close on a loaded one).
    sandbox = await startSandbox({ port: 0, users: 12, moveDurationMs: 10_000, sites: 3 });
    storage = await mkdtemp(join(tmpdir(), 'pmb-restart-'));
    const env = { STORAGE: `file:${storage}` };
    const first = await regressionBot({ sandbox }, env);
    const { moved, statusOf } = pick(first);
    await approveMoveBack(first, moved);
    await waitForTracking(first, moved, /^Move started/);
    await first.close();
    const tasks = sandbox.changes().filter((c) => c.method === 'CreateMoveTask' && c.outcome === 'ok');
    expect(tasks).toHaveLength(1);

    const second = await regressionBot({ sandbox }, env);
    open.push(second);
    // The new process reads the tracking record: the move is known before it completes…
    const [, before] = await second.say(`move status ${statusOf}`);
    expect(trackingState(cardText(cardIn(before)))).toMatch(/^(Move started|Moving)$/);
    // …and its poller follows it to completed (asked again until it says so).
    const deadline = Date.now() + 40_000;
    let text = '';
    while (Date.now() < deadline) {
      const [, tracking] = await second.say(`move status ${statusOf}`);
      text = cardText(cardIn(tracking));
      if (/^Move completed/.test(trackingState(text))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // The state line itself: the timeline under it names every state, reached or not.
    expect(trackingState(text)).toBe('Move completed: confirm access');
    expect(text).toMatch(/✔\nMoving\n/);
    // No second move was started by the resumed bot.
    expect(sandbox.changes().filter((c) => c.method === 'CreateMoveTask' && c.outcome === 'ok')).toHaveLength(1);
  }, 90_000);
});
