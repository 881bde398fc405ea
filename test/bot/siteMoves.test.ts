// Sites and group sites moved with the site map, as an admin asks about them: status counts them apart from the
// OneDrives, `move status` answers for a site by either URL, and `list redirects` says what each redirect was.
// The real bot against the simulated tenants, with their site map configured as `npm start` does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inWords } from '../../cards/readable.js';
import { visibleBrackets } from '../../cards/render.js';
import type { SandboxScenarioSite } from '../../services/sandbox/types.js';
import { cardText } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness({ siteMap: true, tenants: { users: 20, sites: 7, groupSites: 4 } }); });
afterAll(() => h.close());

async function ask(text: string): Promise<string> {
  const replies = await h.say(text);
  expect(replies).toHaveLength(1);
  return cardText(cardOf(replies[0]));
}

const sites = (): SandboxScenarioSite[] => h.env.sandbox.scenario!.sites!;
const ofKind = (kind: 'site' | 'group') => sites().filter((s) => s.kind === kind);

describe('status with a site map', () => {
  it('counts OneDrives, sites and group sites apart, each by state', async () => {
    const text = await ask('status');
    expect(text).toContain(`Moves (${h.env.sandbox.scenario!.users.length} people in the identity map)`);
    for (const [kind, title] of [['site', 'Sites'], ['group', 'Group sites']] as const) {
      const list = ofKind(kind);
      const heading = `${title} (${list.length} in the site map)`;
      expect(text).toContain(heading);
      // This kind's facts only: up to the next kind's heading or the redirect sites.
      const rest = text.slice(text.indexOf(heading) + heading.length);
      const block = rest.slice(0, Math.min(...['Group sites (', 'Redirect sites'].map((h) => rest.indexOf(h)).filter((i) => i >= 0)));
      for (const status of new Set(list.map((s) => s.status))) {
        expect(block).toContain(`${inWords(status)}: ${list.filter((s) => s.status === status).length}`);
      }
    }
  });
});

describe('move status for a site', () => {
  it('answers for a site by its source URL and by its target URL, with both URLs', async () => {
    const site = ofKind('site').find((s) => s.status === 'completed')!;
    for (const asked of [site.sourceSiteUrl, site.targetSiteUrl]) {
      const text = await ask(`move status ${asked}`);
      expect(text).toContain(`Move status: ${asked}`);
      expect(text).toContain(`Status: completed\nSource site: ${site.sourceSiteUrl}\nTarget site: ${site.targetSiteUrl}\nMoved: Site`);
    }
  });

  it('answers for a group site by its URL, read by its group alias, naming both groups', async () => {
    const group = ofKind('group').find((s) => s.status !== 'completed') ?? ofKind('group')[0]!;
    const text = await ask(`move status ${group.sourceSiteUrl}`);
    expect(text).toContain(`Status: ${inWords(group.status)}\nSource site: ${group.sourceSiteUrl}`);
    expect(text).toContain(`Moved: Group site (group ${group.sourceAlias} to ${group.targetAlias})`);
  });

  it('understands a site\'s move asked for in a sentence with its URL', async () => {
    const site = ofKind('site').find((s) => s.status === 'completed')!;
    const text = await ask(`where is the move of ${site.sourceSiteUrl} at?`);
    expect(text).toContain(`Move status: ${site.sourceSiteUrl}`);
    expect(text).toContain('Moved: Site');
  });

  it('takes no URL off SharePoint for a site: a sentence with one is no move status', async () => {
    const text = await ask('where is the move of https://evil.example/sites/x at?');
    expect(text).not.toContain('Move status:');
    expect(text).not.toContain('move status https://evil.example');
  });

  it('says no move was found for a site the service has none for, and what to check', async () => {
    const text = await ask('move status https://contoso.sharepoint.com/sites/nothing-moved-here');
    expect(text).toContain('No move found for https://contoso.sharepoint.com/sites/nothing-moved-here on the source tenant. Check the URL, or whether this site is in the site map.');
  });

  it('refuses what is no site URL with the usage', async () => {
    const text = await ask('move status https://');
    expect(text).toContain('That is not a site URL');
    expect(text).toContain(`Type: ${visibleBrackets('move status <upn or site url>')}`);
  });
});

describe('list redirects with a site map', () => {
  it('says of each redirect whether it was a OneDrive, a site or a group site, and where the site is now', async () => {
    const text = await ask('list redirects source');
    const person = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed' && u.sourceSiteUrl !== h.env.sandbox.scenario!.recycledRedirectUrl)!;
    const site = ofKind('site').find((s) => s.status === 'completed')!;
    const group = ofKind('group').find((s) => s.status === 'completed')!;
    expect(text).toContain(`OneDrive of ${person.sourceUpn} (now ${person.targetUpn})`);
    // The list pages 20 at a time: ask for exactly the site's redirect where the first page does not show it.
    const siteLine = `Site, now ${site.targetSiteUrl}`;
    const groupLine = `Group site, now ${group.targetSiteUrl} (group ${group.sourceAlias})`;
    const all = text + (await pagesAfterFirst());
    expect(all).toContain(`${site.sourceSiteUrl}\n${siteLine}`);
    expect(all).toContain(`${group.sourceSiteUrl}\n${groupLine}`);
  });
});

/** The text of every further page of the last list card (its Next button, clicked until there is none). */
async function pagesAfterFirst(): Promise<string> {
  let text = '';
  let card = cardOf((await h.say('list redirects source'))[0]);
  for (let page = 1; page < 20; page++) {
    const next = JSON.stringify(card).match(/"verb":"page","data":(\{[^}]*"page":(\d+)[^}]*\})/);
    if (!next) break;
    const answer = await h.click('page', JSON.parse(next[1]!) as Record<string, unknown>);
    const body = answer.find((a) => a.type === 'invokeResponse')?.value as { body?: { value?: unknown } } | undefined;
    card = body?.body?.value as typeof card;
    if (!card) break;
    text += `\n${cardText(card)}`;
  }
  return text;
}
