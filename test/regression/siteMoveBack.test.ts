// A SharePoint site and a group site moved back over HTTP against the simulated tenants, as people are:
// plan with every check passed → approved by a second person → the redirect at the original URL removed and
// purged on contoso → the reverse move started on fabrikam → tracked to completed → the site answers on
// contoso → the redirect left on fabrikam removed by its own approved plan → done. A live site at the
// original URL, and the service's dry run refusing long paths, block the plan.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxScenarioSite } from '../../services/sandbox/types.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { activityIdOf, cardIn, type ApprovalBot } from '../helpers/approvalBot.js';
import { admin, approver, askMoveBack, moveBackText, regressionBot, waitForTracking } from './helpers.js';

const SITES = { sites: 6, groupSites: 3 };
const open: ApprovalBot[] = [];
let a: ApprovalBot;
// The requester is an approver too: the rule that stops them approving their own plan is the one tested.
beforeAll(async () => {
  a = await regressionBot({ sandboxOptions: SITES }, { APPROVER_IDS: `${admin.aadObjectId},${approver.aadObjectId}` });
  open.push(a);
}, 60_000);
afterAll(async () => { await Promise.all(open.map((b) => b.close())); });

/** A completed move of that kind whose original URL holds a plain redirect (or marked so), skipping `nth` of them. */
function movedSite(bot: ApprovalBot, kind: 'site' | 'group', marked?: 'remadeAtSource' | 'longPaths', nth = 0): SandboxScenarioSite {
  const site = bot.bot.sandbox!.scenario!.sites?.filter((s) => s.kind === kind && s.status === 'completed'
    && (marked ? s[marked] : !s.remadeAtSource && !s.longPaths))[nth];
  if (!site) throw new Error(`no completed ${kind} move${marked ? ` marked ${marked}` : ''} in the scenario`);
  return site;
}

const changes = (bot: ApprovalBot) => bot.bot.sandbox!.changes().filter((c) => c.outcome === 'ok').map((c) => `${c.tenant} ${c.method} ${c.target}`);

describe('migrate back site', () => {
  it('moves a site back: approved by a second person, run in order, tracked to done', async () => {
    const s = movedSite(a, 'site');
    const asked = await askMoveBack(a, s);
    expect(asked.text).toContain('Preflight checks');
    expect(asked.text).not.toContain('✖');
    for (const check of [
      '✔ Reverse trust on fabrikam (current tenant): partner contoso as Target', '✔ Reverse trust on contoso (original tenant): partner fabrikam as Source',
      '✔ The site map pairs the two URLs', '✔ The last move is completed', '✔ No other move is pending',
      '✔ The original site URL on contoso can be cleared', "✔ The service's dry run (validateOnly)", '✔ No path passes 400 characters at the original URL',
    ]) expect(asked.text).toContain(check);
    expect(asked.text).toContain(`a redirect site holds ${s.sourceSiteUrl}`);
    const items = asked.text.split('\n').filter((l) => /^(Remove and purge|Start the move)/.test(l));
    expect(items).toEqual([
      expect.stringContaining(`Remove and purge the redirect at ${s.sourceSiteUrl} on contoso`),
      expect.stringContaining(`Start the move of site ${s.targetSiteUrl} on fabrikam back to ${s.sourceSiteUrl} on contoso`),
    ]);

    // The requester cannot approve their own plan: nothing runs until someone else does.
    const own = await a.click('approve', asked.data, admin, asked.activityId);
    expect(cardText(own.value)).toContain('You asked for this plan, so another approver must decide it.');
    expect(changes(a)).toEqual([]);
    const approved = await a.click('approve', asked.data, approver, asked.activityId);
    expect(cardText(approved.value)).toContain('Approved by Parker Approver');

    const completed = await waitForTracking(a, s, /^Move completed/);
    expect(cardText(cardIn(completed))).toContain(`Check that the site answers at ${s.sourceSiteUrl} on contoso`);
    const check = executeActions(cardIn(completed)).find((b) => b.verb === 'checkAccess');
    expect(check?.data).toEqual({ upn: s.targetSiteUrl });
    // The original URL cleared (removed, then purged) before the reverse move started on fabrikam.
    expect(changes(a)).toEqual([
      `contoso RemoveSite ${s.sourceSiteUrl}`,
      `contoso RemoveDeletedSite ${s.sourceSiteUrl}`,
      `fabrikam CreateMoveTask ${s.targetSiteUrl}`,
    ]);

    const clicked = await a.click('checkAccess', check!.data, admin, activityIdOf(a.connector, completed));
    const after = cardText(clicked.value);
    expect(after).toContain(`${s.sourceSiteUrl} is a site (template`);
    const cleanupId = /Plan (p-\w+) to remove/.exec(after)?.[1];
    expect(cleanupId).toBeDefined();
    const planCall = await a.waitForCall((c) => c.method === 'POST' && cardText(c.activity.attachments?.[0]?.content ?? {}).includes(`Plan: ${cleanupId}`));
    expect(cardText(cardIn(planCall))).toContain(s.targetSiteUrl);
    const approve = executeActions(cardIn(planCall)).find((b) => b.verb === 'approve')!;
    await a.click('approve', approve.data, approver, activityIdOf(a.connector, planCall));

    const done = await waitForTracking(a, s, /^Done/);
    expect(cardText(cardIn(done))).toContain('Redirect on the other tenant removed');
    expect(changes(a).slice(3)).toEqual([`fabrikam RemoveSite ${s.targetSiteUrl}`, `fabrikam RemoveDeletedSite ${s.targetSiteUrl}`]);
    const [list] = await a.say('moved back');
    expect(cardText(cardIn(list))).toContain(`site ${s.targetSiteUrl} → ${s.sourceSiteUrl}`);
    const status = await a.say(`move status ${s.targetSiteUrl}`);
    expect(status).toHaveLength(2);
    expect(cardText(cardIn(status[1]))).toMatch(/^Done$/m);
  }, 90_000);

  it('moves a group site back by its aliases, and confirm access reaches it on contoso', async () => {
    const g = movedSite(a, 'group');
    const asked = await askMoveBack(a, g);
    expect(asked.text).not.toContain('✖');
    expect(asked.text).toContain(`group ${g.sourceAlias} → ${g.targetAlias}`);
    expect(asked.text).toContain(`Start the move of group site ${g.targetSiteUrl} on fabrikam back to ${g.sourceSiteUrl} on contoso`);
    await a.click('approve', asked.data, approver, asked.activityId);
    await waitForTracking(a, g, /^Move completed/);
    // The reverse group move names the current group (fabrikam's alias) and goes to the original one.
    const created = a.bot.sandbox!.changes().find((c) => c.method === 'CreateMoveTask' && c.outcome === 'ok' && c.target === g.targetAlias);
    expect(created?.detail).toBe(`to group ${g.sourceAlias}`);
    const [confirmed] = await a.say(`confirm access ${g.sourceSiteUrl}`);
    expect(cardText(cardIn(confirmed))).toContain(`${g.sourceSiteUrl} is a site (template GROUP) and answers.`);
  }, 90_000);
});

describe('redirect removal while a site moves back', () => {
  it("leaves the site's redirect out of a removal plan until its access is confirmed", async () => {
    const s = movedSite(a, 'site', undefined, 1);
    const asked = await askMoveBack(a, s);
    expect(asked.data).toBeDefined();
    const [reply] = await a.say('remove redirects sites');
    const text = cardText(cardIn(reply));
    expect(text).toContain('1 redirect site(s) left out: their people or sites are being moved back.');
    // The other completed sites' redirects are planned; this one is not on the card at all.
    expect(text).toContain(movedSite(a, 'site', undefined, 2).sourceSiteUrl);
    expect(text).not.toContain(s.sourceSiteUrl);
  }, 60_000);
});

describe('one move back per site', () => {
  it('two requests for the same group site at once make one plan; the other is refused', async () => {
    const g = movedSite(a, 'group', undefined, 1);
    const replies = await Promise.all([a.say(moveBackText(g)), a.say(moveBackText(g))]);
    const cards = replies.map(([r]) => cardIn(r));
    const withApprove = cards.filter((c) => executeActions(c).some((b) => b.verb === 'approve'));
    expect(withApprove).toHaveLength(1);
    const other = cards.find((c) => !withApprove.includes(c))!;
    expect(cardText(other)).toMatch(new RegExp(`group site ${g.targetSiteUrl} is already being moved back \\(plan p-\\w+, requested\\)`));
  }, 60_000);
});

describe('migrate back site preflight', () => {
  it('a live site at the original URL blocks: site URLs must be unique', async () => {
    const b = await regressionBot({ sandboxOptions: { ...SITES, remadeSites: 1 } });
    open.push(b);
    const s = movedSite(b, 'site', 'remadeAtSource');
    const asked = await askMoveBack(b, s);
    expect(asked.data).toBeUndefined();
    expect(asked.text).toContain('Not sent for approval: some checks failed.');
    expect(asked.text).toMatch(new RegExp(`✖ The original site URL on contoso can be cleared\\n${s.sourceSiteUrl} is a live site with template STS#3, not a redirect; site URLs must be unique`));
    expect(changes(b)).toEqual([]);
    const [list] = await b.say('moved back');
    expect(cardText(cardIn(list))).toContain('None found.');
  }, 60_000);

  it("the service's dry run refusing long paths blocks, naming the cmdlet that lists them", async () => {
    const b = await regressionBot({ sandboxOptions: { ...SITES, longPathSites: 1 } });
    open.push(b);
    const s = movedSite(b, 'site', 'longPaths');
    const asked = await askMoveBack(b, s);
    expect(asked.data).toBeUndefined();
    expect(asked.text).toMatch(/✖ The service's dry run \(validateOnly\)\n.*PathTooLong: Some full paths would pass 400 characters/);
    expect(asked.text).toMatch(/✖ No path passes 400 characters at the original URL\nthe service's dry run reports long paths: .*PathTooLong.*\. The bot cannot list files itself\./);
    expect(asked.text).toContain(`Find-SPOCrossTenantLongFilePathsForSiteRename -OldSiteUrl ${s.targetSiteUrl} -NewSiteUrl ${s.sourceSiteUrl}`);
    expect(changes(b)).toEqual([]);
  }, 60_000);
});
