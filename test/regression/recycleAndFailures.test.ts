// The URL held by a deleted site in the recycle bin (purged first, then the move succeeds); a move the
// service fails (tracking failed with its reason); a plan step that fails (the move is never started).
import { afterAll, describe, expect, it } from '@jest/globals';
import { cardText } from '../helpers/cards.js';
import { cardIn, type ApprovalBot } from '../helpers/approvalBot.js';
import { approveMoveBack, plainUser, regressionBot, waitForTracking } from './helpers.js';

const open: ApprovalBot[] = [];
afterAll(async () => { await Promise.all(open.map((a) => a.close())); });

describe('migrate back: recycle bin and failures', () => {
  it('a deleted site in the recycle bin holds the URL: the plan purges it first, then the move succeeds', async () => {
    const a = await regressionBot();
    open.push(a);
    const s = a.bot.sandbox!.scenario!;
    const u = s.users.find((x) => x.sourceSiteUrl === s.recycledRedirectUrl);
    expect(u).toBeDefined();
    const asked = await approveMoveBack(a, u!);
    expect(asked.text).toContain(`✔ The original OneDrive URL on contoso can be cleared\na deleted site in the recycle bin still holds ${u!.sourceSiteUrl}: step 1 purges it.`);
    await waitForTracking(a, u!, /^Move completed/);
    expect(a.bot.sandbox!.changes().map((c) => `${c.tenant} ${c.method} ${c.target}`)).toEqual([
      `contoso RemoveDeletedSite ${u!.sourceSiteUrl}`,
      `fabrikam CreateMoveTask ${u!.targetUpn}`,
    ]);
  }, 60_000);

  it('a move the service fails: tracking failed, with the service\'s reason', async () => {
    const probe = await regressionBot();
    const u = plainUser(probe);
    await probe.close();
    const a = await regressionBot({ sandboxOptions: { failMovesFor: [u.targetUpn] } });
    open.push(a);
    await approveMoveBack(a, u);
    const failed = await waitForTracking(a, u, /^Failed/);
    const text = cardText(cardIn(failed));
    expect(text).toMatch(/The move failed: internalServerError/);
    expect(text).toContain('Move started');
    const [status] = (await a.say(`move status ${u.sourceUpn}`)).slice(1);
    expect(cardText(cardIn(status))).toMatch(/^Failed$/m);
  }, 60_000);

  it('a step that fails stops the later ones and says which and why', async () => {
    const a = await regressionBot();
    open.push(a);
    const s = a.bot.sandbox!.scenario!;
    // The redirect under a retention hold cannot be removed: the move must not start.
    const u = s.users.find((x) => x.sourceSiteUrl === s.heldRedirectUrl);
    expect(u).toBeDefined();
    const asked = await approveMoveBack(a, u!);
    const final = await a.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${asked.activityId}`) && /Stopped at/.test(cardText(cardIn(c))));
    const text = cardText(cardIn(final));
    expect(text).toContain(`Stopped at "Remove and purge the redirect at ${u!.sourceSiteUrl}`);
    expect(text).toMatch(/^Skipped: 1$/m);
    const tracked = await waitForTracking(a, u!, /^Failed/);
    expect(cardText(cardIn(tracked))).toMatch(/Step "Remove and purge the redirect at .*" failed: /);
    expect(a.bot.sandbox!.changes().some((c) => c.method === 'CreateMoveTask')).toBe(false);
  }, 60_000);
});
