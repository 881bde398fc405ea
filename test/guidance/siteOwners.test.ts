// Telling the owners of moved sites through the whole bot over HTTP: the admin plans `notify site owners`,
// the approver approves, the job sends each owner of each completed site one card through botbuilder and
// the simulated Teams connector (the target's owners read over SharePoint REST and Graph), owners answer
// "Got it", and `notify status` counts their notices apart from people's guidance.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxScenarioSite } from '../../services/sandbox/types.js';
import { siteMoveKey } from '../../services/knowledge/moveKeys.js';
import { siteNoticeCampaign } from '../../services/guidance/siteNotice.js';
import { cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import type { Person } from '../helpers/activities.js';
import { cardText } from '../helpers/cards.js';
import { clientFor } from '../tenants/helpers/sandboxClient.js';
import { approveAndFinish, askPlan } from './campaignHelpers.js';

let a: ApprovalBot;
beforeAll(async () => {
  a = await startApprovalBot({}, { sandboxOptions: { users: 30, sites: 6, groupSites: 4, blockedUsers: 0 } });
}, 60_000);
afterAll(() => a.close());

const sites = (): SandboxScenarioSite[] => a.bot.sandbox!.scenario!.sites!;
const completed = () => sites().filter((s) => s.status === 'completed');
const unfinished = () => sites().filter((s) => s.status !== 'completed');
const notices = () => completed().reduce((n, s) => n + s.targetOwners.length, 0);
const campaignOf = (s: SandboxScenarioSite) => siteNoticeCampaign(siteMoveKey({ kind: s.kind, sourceSiteUrl: s.sourceSiteUrl, sourceAlias: s.sourceAlias }));
/** The owner cards one simulated person holds for one site (the card names its new URL). */
const noticesFor = (upn: string, site: SandboxScenarioSite) => a.bot.sandbox!.inbox(upn)
  .filter((e) => JSON.stringify(e.activity).includes('siteNoticeDone') && JSON.stringify(e.activity).includes(`"${site.targetSiteUrl}"`));
const status = async () => cardText(cardIn((await a.say('notify status'))[0]));
const ownersSection = (text: string) => text.slice(text.indexOf('Owners of moved sites'));

async function personFor(upn: string): Promise<Person> {
  const user = (await clientFor(a.bot.sandbox!, 'target').client.getUser(upn))!;
  return { aadObjectId: user.id, teamsId: `29:${user.id}`, name: user.displayName ?? upn };
}

describe('notify site owners through approval', () => {
  it('plans one notice per owner of each completed site, previews the card, and sends each once approved', async () => {
    expect(unfinished().length).toBeGreaterThan(0);
    expect(completed().filter((s) => s.kind === 'group').length).toBeGreaterThan(0); // group owners read through Graph
    const plan = await askPlan(a, 'notify site owners all', 1);
    const text = cardText(plan.card);
    expect(text).toContain(`Tell the owners of ${completed().length} moved site(s): ${notices()} notice(s)`);
    expect(text).toContain(`${unfinished().length} site(s) left out: their move has not completed.`);
    const preview = cardText(plan.rest[0]);
    expect(preview).toMatch(/Your (group )?site has moved/);
    expect(preview).toContain('apply it again by hand');
    for (const s of sites()) for (const upn of s.targetOwners) expect(noticesFor(upn, s)).toHaveLength(0); // nothing before approval

    const outcome = await approveAndFinish(a, plan, /site notice\(s\) sent/);
    expect(outcome).toContain(`${notices()} site notice(s) sent of ${notices()}`);
    for (const s of completed()) {
      for (const upn of s.targetOwners) {
        const held = noticesFor(upn, s);
        expect(held).toHaveLength(1);
        const card = cardText((held[0]!.activity.attachments as { content: unknown }[])[0]!.content);
        expect(card).toContain(`New address: ${s.targetSiteUrl}`);
        expect(card).toContain(`Old address: ${s.sourceSiteUrl}`);
        expect(card).toContain(`Sign in as: ${upn}`);
        expect(card).toContain(s.kind === 'group' ? 'Your group site has moved' : 'Your site has moved');
      }
    }
    // No notice for a site whose move has not completed, even to an owner told about another site.
    for (const s of unfinished()) for (const upn of s.targetOwners) expect(noticesFor(upn, s)).toHaveLength(0);

    const owners = ownersSection(await status());
    expect(owners).toContain(`${completed().length} of ${sites().length} site(s) in the site map have had their owners told`);
    expect(owners).toContain(`Not yet acknowledged: ${notices()}`);
    expect(owners).toContain('Acknowledged: 0');
  }, 120_000);

  it('asking again tells nobody twice', async () => {
    const [reply] = await a.say('notify site owners all');
    const text = cardText(cardIn(reply));
    expect(text).toContain('No site owner to notify.');
    expect(text).toContain(`${notices()} owner notice(s) went out already and are left out.`);
    for (const s of completed()) for (const upn of s.targetOwners) expect(noticesFor(upn, s)).toHaveLength(1);
  });

  it('naming a site whose move has not completed plans nothing for it, and says why', async () => {
    const [reply] = await a.say(`notify site owners ${unfinished()[0]!.sourceSiteUrl}`);
    expect(cardText(cardIn(reply))).toMatch(/No site owner to notify\. 1 site\(s\) left out: their move has not completed\./);
  });
});

describe('what an owner does with the card', () => {
  it('Got it is recorded for that owner and that site only, and the card thanks them', async () => {
    const site = completed().find((s) => s.targetOwners.length === 2) ?? completed()[0]!;
    const upn = site.targetOwners[0]!;
    const person = await personFor(upn);
    const answer = await a.click('siteNoticeDone', { campaignId: campaignOf(site) }, person, 'card-s1', `a:1chat-${person.aadObjectId}`);
    expect(answer.statusCode).toBe(200);
    const text = cardText(answer.value);
    expect(text).toContain('Thank you: recorded that you have read this.');
    expect(text).toContain(`New address: ${site.targetSiteUrl}`);
    expect((await a.audit()).some((e) => e.event === 'site-notice.done' && (e.detail as { owner?: string }).owner === upn)).toBe(true);
    const owners = ownersSection(await status());
    expect(owners).toContain('Acknowledged: 1');
    expect(owners).toContain(`Not yet acknowledged: ${notices() - 1}`);
  });

  it('someone the site was not sent to cannot acknowledge it', async () => {
    const site = completed()[0]!;
    const stranger = a.bot.sandbox!.scenario!.users.find((u) => u.status === 'completed' && !site.targetOwners.some((o) => o.toLowerCase() === u.targetUpn.toLowerCase()))!;
    const before = ownersSection(await status());
    const person = await personFor(stranger.targetUpn);
    const answer = await a.click('siteNoticeDone', { campaignId: campaignOf(site) }, person, 'card-s2', `a:1chat-${person.aadObjectId}`);
    expect(cardText(answer.value)).not.toContain('Thank you');
    expect((await a.audit()).some((e) => e.event === 'refused.not-site-owner' && e.actor?.id === person.aadObjectId)).toBe(true);
    expect(ownersSection(await status())).toBe(before);
  });
});

describe('owners who are not in the identity map', () => {
  it('are told all the same: they are users of the target tenant; a site whose owners cannot be read is left out', async () => {
    // The same scenario (the same seed), with an identity map that names none of the sites' owners.
    const owners = new Set(sites().flatMap((s) => s.targetOwners.map((u) => u.toLowerCase())));
    const rows = a.bot.sandbox!.identityMapCsv().split('\n');
    const path = join(a.dir, 'map-without-owners.csv');
    const kept = rows.slice(1).filter((r) => r && ![...owners].some((o) => r.toLowerCase().includes(o)));
    expect(rows.filter(Boolean).length - 1 - kept.length).toBeGreaterThanOrEqual(owners.size);
    await writeFile(path, [rows[0], ...kept].join('\n') + '\n', 'utf8');
    // And a site map whose row for one completed site names a target URL where no site stands.
    const site = completed().find((s) => s.kind === 'site')!;
    const misnamed = completed().find((s) => s.kind === 'site' && s !== site)!;
    const siteMapPath = join(a.dir, 'site-map-one-wrong.csv');
    await writeFile(siteMapPath, a.bot.sandbox!.siteMapCsv().replace(`,${misnamed.targetSiteUrl},`, `,${misnamed.targetSiteUrl}-typo,`), 'utf8');
    const b = await startApprovalBot({ IDENTITY_MAP_PATH: path, SITE_MAP_PATH: siteMapPath }, { sandboxOptions: { users: 30, sites: 6, groupSites: 4, blockedUsers: 0 } });
    try {
      expect(b.bot.sandbox!.scenario!.sites).toEqual(sites());
      const [refused] = await b.say(`notify site owners ${misnamed.sourceSiteUrl}`);
      expect(cardText(cardIn(refused))).toContain('No site owner to notify. 1 site(s) left out: their owners could not be read.');
      const plan = await askPlan(b, `notify site owners ${site.targetSiteUrl}`, 1);
      expect(cardText(plan.card)).toContain(`Tell the owners of 1 moved site(s): ${site.targetOwners.length} notice(s)`);
      await approveAndFinish(b, plan, /site notice\(s\) sent/);
      for (const upn of site.targetOwners) {
        expect(b.bot.sandbox!.inbox(upn).filter((e) => JSON.stringify(e.activity).includes('siteNoticeDone'))).toHaveLength(1);
      }
    } finally {
      await b.close();
    }
  }, 120_000);
});
