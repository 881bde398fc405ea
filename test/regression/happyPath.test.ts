// One person moved back to "done" over HTTP against the simulated tenants: plan with every check passed
// → approved → the redirect at the original URL removed and purged on contoso → the move started on
// fabrikam → states advance → access confirmed → the redirect left on fabrikam removed by its own
// approved plan → done.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cardText, executeActions } from '../helpers/cards.js';
import { activityIdOf, cardIn, type ApprovalBot } from '../helpers/approvalBot.js';
import { instantProblems } from '../helpers/readableCards.js';
import { admin, approver, approveMoveBack, plainUser, regressionBot, trackingPosts, waitForTracking } from './helpers.js';

let a: ApprovalBot;
beforeAll(async () => { a = await regressionBot(); }, 60_000);
afterAll(() => a.close());

describe('migrate back, happy path', () => {
  it('plans with every check passed, runs in order, tracks the move and ends done', async () => {
    const u = plainUser(a);
    const sandbox = a.bot.sandbox!;
    const asked = await approveMoveBack(a, u);
    expect(asked.text).toContain('Preflight checks');
    expect(asked.text).not.toContain('✖');
    expect(asked.text).toContain(`✔ Reverse trust on fabrikam (current tenant): partner contoso as Target`);
    expect(asked.text).toContain(`✔ Reverse trust on contoso (original tenant): partner fabrikam as Source`);
    expect(asked.text).toContain("✔ The service's dry run (validateOnly)");
    expect(asked.text).toContain(`a redirect site holds ${u.sourceSiteUrl}`);
    const items = asked.text.split('\n').filter((l) => /^(Remove and purge|Start the move)/.test(l));
    expect(items).toEqual([
      expect.stringContaining(`Remove and purge the redirect at ${u.sourceSiteUrl} on contoso`),
      expect.stringContaining(`Start the move of ${u.targetUpn} on fabrikam back to ${u.sourceUpn} on contoso (https://contoso-my.sharepoint.com/)`),
    ]);

    const completed = await waitForTracking(a, u, /^Move completed/);
    const check = executeActions(cardIn(completed)).find((b) => b.verb === 'checkAccess');
    expect(check?.data).toEqual({ upn: u.targetUpn });
    const text = cardText(cardIn(completed));
    for (const step of ['Redirect cleared on the original tenant', 'Move started', 'Moving']) expect(text).toContain(step);
    // The service's instants in the timeline's notes ("started …") reach the reader as DATE()/TIME().
    expect(instantProblems(cardIn(completed))).toEqual([]);
    // In the order the runbook needs: the original URL cleared (removed, then purged) before the move.
    expect(sandbox.changes().map((c) => `${c.tenant} ${c.method} ${c.target}`)).toEqual([
      `contoso RemoveSite ${u.sourceSiteUrl}`,
      `contoso RemoveDeletedSite ${u.sourceSiteUrl}`,
      `fabrikam CreateMoveTask ${u.targetUpn}`,
    ]);
    // The requester got the completion as a new message, not only an edit.
    // (The completion edit can reach the connector before that post: wait for the post, bounded.)
    for (const deadline = Date.now() + 15_000; trackingPosts(a, u).length < 2 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(trackingPosts(a, u).length).toBeGreaterThanOrEqual(2);

    const clicked = await a.click('checkAccess', check!.data, admin, activityIdOf(a.connector, completed));
    const after = cardText(clicked.value);
    expect(after).toContain('Access confirmed');
    const cleanupId = /Plan (p-\w+) to remove/.exec(after)?.[1];
    expect(cleanupId).toBeDefined();
    const planCall = await a.waitForCall((c) => c.method === 'POST' && cardText(c.activity.attachments?.[0]?.content ?? {}).includes(`Plan: ${cleanupId}`));
    const planCard = cardIn(planCall);
    expect(cardText(planCard)).toContain(u.targetSiteUrl);
    const approve = executeActions(planCard).find((b) => b.verb === 'approve')!;
    await a.click('approve', approve.data, approver, activityIdOf(a.connector, planCall));

    const done = await waitForTracking(a, u, /^Done/);
    expect(cardText(cardIn(done))).toContain('Redirect on the other tenant removed');
    expect(sandbox.changes().slice(3).map((c) => `${c.tenant} ${c.method} ${c.target}`)).toEqual([
      `fabrikam RemoveSite ${u.targetSiteUrl}`,
      `fabrikam RemoveDeletedSite ${u.targetSiteUrl}`,
    ]);
    const [list] = await a.say('moved back');
    expect(cardText(cardIn(list))).toContain(`${u.targetUpn} → ${u.sourceUpn}`);
    const status = await a.say(`move status ${u.targetUpn}`);
    expect(status).toHaveLength(2);
    expect(cardText(cardIn(status[1]))).toMatch(/^Done$/m);
  }, 90_000);
});
