// Every read-only command, typed by the sandbox admin, answered by the real bot against the simulated
// tenants through the real tenant clients (loopback HTTP).
import { rename } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COMMANDS } from '../../bot/commands/index.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';
import { visibleBrackets } from '../../cards/render.js';
import { inWords } from '../../cards/readable.js';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness(); });
afterAll(() => h.close());

async function ask(text: string): Promise<string> {
  const replies = await h.say(text);
  expect(replies).toHaveLength(1);
  return cardText(cardOf(replies[0]));
}

describe('help', () => {
  it('lists every command of the table with its usage', async () => {
    const text = await ask('help');
    expect(text).toContain('What I can do');
    expect(text).toContain("I finish three kinds of cross-tenant move: people's OneDrives (who moved: the identity map), SharePoint sites and Microsoft 365 group sites (which moved: the site map).");
    for (const c of COMMANDS) expect(text).toContain(visibleBrackets(c.usage));
  });

  it('takes courtesy after it', async () => {
    expect(await ask('help me please')).toContain('What I can do');
  });

  it('refuses arguments it does not take and shows the usage', async () => {
    // A plan id after "pending" reads as neither courtesy nor a sentence: the usage says what to type.
    const text = await ask('pending p-7k3m9q2x');
    expect(text).toContain("I can't use that");
    expect(text).toContain('This command takes nothing after it.');
    expect(text).toContain('Type: pending');
  });
});

describe('status', () => {
  it('shows trust on both sides, moves by state, redirects per tenant and the licence countdown', async () => {
    const users = h.env.sandbox.scenario!.users;
    const count = (s: string) => users.filter((u) => u.status === s).length;
    const text = await ask('STATUS');
    expect(text).toContain(`21 days left before the source licences expire on ${h.env.sandbox.licenceExpiry}`);
    expect(text).toContain('contoso (source): good to proceed (still in place)');
    expect(text).toContain('fabrikam (target): good to proceed (still in place)');
    expect(text).toContain(`Moves (${users.length} people in the identity map)`);
    for (const s of ['completed', 'inProgress', 'notStarted', 'failed']) expect(text).toContain(`${inWords(s)}: ${count(s)}`);
    expect(text).toMatch(/contoso \(source\): \d+, as of \{\{DATE\(.*\)\}\} \{\{TIME\(.*\)\}\} \(just now\)\nfabrikam \(target\): 0, as of \{\{DATE\(.*\)\}\} \{\{TIME\(.*\)\}\} \(just now\)/);
    expect(text).not.toContain('Remove the trust on both tenants before then.');
  });

  it('turns the licence countdown red under 14 days', async () => {
    h.clock.advance(8 * 24 * 60 * 60 * 1000);
    try {
      const card = cardOf((await h.say('status'))[0]);
      expect(cardText(card)).toContain(`13 days left before the source licences expire on ${h.env.sandbox.licenceExpiry}\nRemove the trust on both tenants before then.`);
      expect(JSON.stringify(card)).toContain('"style":"attention"');
    } finally {
      h.clock.advance(-8 * 24 * 60 * 60 * 1000);
    }
  });
});

describe('host urls', () => {
  it("shows each tenant's cross-tenant host URL", async () => {
    const text = await ask('host urls');
    expect(text).toContain(`Source (contoso): ${h.env.sandbox.source.myHostUrl}`);
    expect(text).toContain(`Target (fabrikam): ${h.env.sandbox.target.myHostUrl}`);
  });
});

describe('trust status', () => {
  it('checks each side with the partner role and host of the other side', async () => {
    const text = await ask('trust status');
    expect(text).toContain(`contoso (source)\nPartner role: Target\nPartner host: ${h.env.sandbox.target.myHostUrl}\nVerification: good to proceed`);
    expect(text).toContain(`fabrikam (target)\nPartner role: Source\nPartner host: ${h.env.sandbox.source.myHostUrl}\nVerification: good to proceed`);
    expect(text).toContain('Trust is still in place on this side.');
  });
});

describe('list redirects', () => {
  it('lists the source by default, one page of 20 with a Next button', async () => {
    const replies = await h.say('list redirects');
    const card = cardOf(replies[0]);
    const text = cardText(card);
    const total = Number(/Page 1 of \d+, (\d+) in all/.exec(text)?.[1]);
    expect(total).toBeGreaterThan(20);
    expect(text).toContain('Redirect sites on contoso (source)');
    expect(text.match(/^https:\/\/contoso-my\.sharepoint\.com\/personal\//gm)).toHaveLength(20);
    expect(executeActions(card).map((a) => a.title)).toEqual(['Next']);
  });

  it('lists the target when asked, which has none', async () => {
    const text = await ask('list redirects target');
    expect(text).toContain('Redirect sites on fabrikam (target)');
    expect(text).toContain('None found.');
  });

  it("narrows to a person's old OneDrive URL, found by their new UPN through the identity map", async () => {
    const person = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed' && u.sourceSiteUrl !== h.env.sandbox.scenario!.recycledRedirectUrl)!;
    const text = await ask(`list redirects source for ${person.targetUpn}`);
    expect(text).toContain(`Redirect sites on contoso (source) for ${person.sourceUpn}`);
    expect(text).toContain('(personal URL inferred from the UPN)');
    expect(text).toContain('Page 1 of 1, 1 in all');
    expect(text.toLowerCase()).toContain(person.sourceSiteUrl.toLowerCase());
  });

  it('refuses an unknown side', async () => {
    const text = await ask('list redirects sideways');
    expect(text).toContain('"sideways" is not a side: use source or target.');
    expect(text).toContain('Type: list redirects [source|target] [for ‹upn›]');
  });

  it('refuses a bad UPN after "for"', async () => {
    expect(await ask('list redirects for adele')).toContain('That is not a UPN: a UPN looks like name@company.com.');
  });
});

describe('move status', () => {
  it("shows a completed move by source UPN", async () => {
    const person = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    const text = await ask(`move status ${person.sourceUpn}`);
    expect(text).toContain(`Status: completed\nSource UPN: ${person.sourceUpn}\nTarget UPN: ${person.targetUpn}`);
  });

  it('maps a target UPN back to the source UPN', async () => {
    const person = h.env.sandbox.scenario!.users.find((u) => u.status === 'failed')!;
    const text = await ask(`move status ${person.targetUpn}`);
    expect(text).toContain(`Move status: ${person.targetUpn}`);
    expect(text).toContain(`Status: failed\nSource UPN: ${person.sourceUpn}`);
  });

  it("takes a UPN with an apostrophe, even HTML-escaped as Teams may send it", async () => {
    const upn = h.env.sandbox.scenario!.apostropheUpn!;
    const person = h.env.sandbox.scenario!.users.find((u) => u.sourceUpn === upn)!;
    const text = await ask(`move status ${upn.replace("'", '&#39;')}`);
    expect(text).toContain(`Status: ${inWords(person.status)}\nSource UPN: ${upn}\nTarget UPN: ${person.targetUpn}`);
    const redirects = await ask(`list redirects for ${upn}`);
    expect(redirects).toContain(`Looked for a redirect at ${person.sourceSiteUrl.toLowerCase()}`);
  });

  it('says when there is no move for that person', async () => {
    expect(await ask('move status nobody@contoso.com')).toContain('No move found for nobody@contoso.com on the source tenant.');
  });

  it('asks for the UPN when it is missing', async () => {
    const text = await ask('move status');
    expect(text).toContain('Say whose move: add their UPN, or the site URL.');
    expect(text).toContain('Type: move status ‹upn or site url›');
  });

  it('refuses something that is not a UPN', async () => {
    expect(await ask('move status adele')).toContain('That is not a UPN');
  });

  it('says how to fix a missing identity map instead of failing obscurely', async () => {
    await rename(h.env.identityMapPath, `${h.env.identityMapPath}.away`);
    try {
      expect(await ask('move status adele@contoso.com')).toContain(`That didn't work\nThe identity map (IDENTITY_MAP_PATH) cannot be read at ${h.env.identityMapPath} (ENOENT).`);
    } finally {
      await rename(`${h.env.identityMapPath}.away`, h.env.identityMapPath);
    }
  });
});
