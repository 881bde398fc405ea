// The scenario's moved sites and group sites, read over the wire: the site map CSV row for row, a redirect at
// each completed source URL and the site with its owners on the target, sites not moved left where they were,
// each group under its alias on both tenants; the people's scenario unchanged by them; the knobs; a joined
// sandbox hands out the same site map.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { sandboxOptionsFromEnv } from '../../services/sandbox/envOptions.js';
import { joinSandbox } from '../../services/sandbox/join.js';
import { csomClient, errorInfo, routedFetch, stringParam, tenantObjectMethodXml, tokenFor, valueFor, type CsomClient } from './helpers.js';

let sandbox: SandboxHandle;
let contoso: CsomClient;
let fabrikam: CsomClient;
beforeAll(async () => {
  sandbox = await startSandbox({ users: 40, sites: 6, groupSites: 3 });
  [contoso, fabrikam] = await Promise.all([csomClient(sandbox, sandbox.source), csomClient(sandbox, sandbox.target)]);
});
afterAll(async () => { await sandbox.close(); });

interface Props { Template: string; Owner: string }
async function siteAt(client: CsomClient, url: string): Promise<Props | 'missing'> {
  const { body } = await client(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(url)));
  return errorInfo(body) ? 'missing' : valueFor(body, 5) as Props;
}

describe('moved sites and group sites', () => {
  it('writes the site map: the header, then one Site or Group row per move in any state, sites first', () => {
    const lines = sandbox.siteMapCsv().split('\n');
    expect(lines[0]).toBe('Kind,SourceSiteUrl,TargetSiteUrl,SourceGroupAlias,TargetGroupAlias');
    expect(lines.at(-1)).toBe('');
    const sites = sandbox.scenario!.sites!;
    expect(lines.slice(1, -1)).toEqual(sites.map((s) => (s.kind === 'site'
      ? `Site,${s.sourceSiteUrl},${s.targetSiteUrl},,` : `Group,${s.sourceSiteUrl},${s.targetSiteUrl},${s.sourceAlias},${s.targetAlias}`)));
    expect(sites.map((s) => s.kind)).toEqual(['site', 'site', 'site', 'site', 'site', 'site', 'group', 'group', 'group']);
    for (const s of sites) {
      const name = s.kind === 'group' ? s.sourceAlias : new URL(s.sourceSiteUrl).pathname.split('/').pop();
      expect(s.sourceSiteUrl).toBe(`https://contoso.sharepoint.com/sites/${name}`);
      expect(s.targetSiteUrl).toBe(`https://fabrikam.sharepoint.com/sites/${s.kind === 'group' ? s.targetAlias : name}`);
    }
    // Most completed; the others in progress or failed, as for people.
    expect(sites.map((s) => s.status).sort()).toEqual(['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'failed', 'inProgress', 'inProgress']);
  });

  it('leaves RedirectSite#0 at each completed source URL with the site\'s owner, and the site on the target with its first owner', async () => {
    for (const s of sandbox.scenario!.sites!) {
      expect(s.targetOwners.length).toBeGreaterThanOrEqual(1);
      expect(s.targetOwners.length).toBeLessThanOrEqual(2);
      expect(s.targetOwners.every((u) => u.endsWith('@fabrikam.com'))).toBe(true);
      const source = await siteAt(contoso, s.sourceSiteUrl);
      const target = await siteAt(fabrikam, s.targetSiteUrl);
      if (s.status === 'completed') {
        expect(source).toEqual(expect.objectContaining({ Template: 'RedirectSite#0', Owner: s.sourceOwners[0] }));
        expect(target).toEqual(expect.objectContaining({ Template: s.kind === 'group' ? 'GROUP#0' : expect.stringMatching(/^(STS#3|SITEPAGEPUBLISHING#0)$/), Owner: s.targetOwners[0] }));
      } else {
        expect((source as Props).Template).not.toMatch(/^redirectsite/i);
        expect(target).toBe('missing');
      }
    }
  });

  it('has each group on both tenants under its alias: Unified, the identity map\'s Group rows naming them', async () => {
    const groups = sandbox.scenario!.sites!.filter((s) => s.kind === 'group');
    const rows = sandbox.identityMapCsv().trim().split('\n').filter((r) => r.startsWith('Group,') && r.endsWith(',Unified') && !/,(Finance|Marketing),/.test(r));
    expect(rows.map((r) => r.split(',')[4])).toEqual(groups.map((g) => g.sourceAlias));
    const read = async (side: 'source' | 'target', id: string) => {
      const token = await tokenFor(sandbox, side === 'source' ? sandbox.source : sandbox.target, 'https://graph.microsoft.com');
      const res = await routedFetch(sandbox, `https://graph.microsoft.com/v1.0/groups/${id}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() as Record<string, unknown> };
    };
    for (const [i, row] of rows.entries()) {
      const [, , sourceId, targetId] = row.split(',');
      expect(await read('source', sourceId)).toMatchObject({ status: 200, body: { id: sourceId, mailNickname: groups[i].sourceAlias, groupTypes: ['Unified'], securityEnabled: false } });
      expect(await read('target', targetId)).toMatchObject({ status: 200, body: { id: targetId, mailNickname: groups[i].targetAlias, groupTypes: ['Unified'] } });
    }
  });

  it('leaves the people\'s scenario as it is without sites, and is the same for the same seed', async () => {
    const [plain, again] = await Promise.all([startSandbox({ users: 40 }), startSandbox({ users: 40, sites: 6, groupSites: 3 })]);
    try {
      expect(sandbox.scenario!.users).toHaveLength(40);
      expect(sandbox.scenario!.users).toEqual(plain.scenario!.users);
      expect({ ...sandbox.scenario, sites: undefined }).toEqual({ ...plain.scenario, sites: undefined });
      const userRows = (h: SandboxHandle) => h.identityMapCsv().split('\n').filter((r) => !r.endsWith(',Unified'));
      expect(userRows(sandbox)).toEqual(userRows(plain));
      expect(plain.siteMapCsv()).toBe('Kind,SourceSiteUrl,TargetSiteUrl,SourceGroupAlias,TargetGroupAlias\n');
      expect(plain.scenario!.sites).toBeUndefined();
      expect(again.scenario).toEqual(sandbox.scenario);
      expect(again.siteMapCsv()).toBe(sandbox.siteMapCsv());
    } finally {
      await Promise.all([plain.close(), again.close()]);
    }
  });

  it('hands a joined instance the same site map over the control route', async () => {
    expect((await joinSandbox(sandbox.url)).siteMapCsv()).toBe(sandbox.siteMapCsv());
  });

  it('reads SANDBOX_SITES and SANDBOX_GROUP_SITES, 6 and 3 when unset', () => {
    expect(sandboxOptionsFromEnv({}).options).toMatchObject({ sites: 6, groupSites: 3 });
    expect(sandboxOptionsFromEnv({ SANDBOX_SITES: '2000', SANDBOX_GROUP_SITES: '0' }).options).toMatchObject({ sites: 2000, groupSites: 0 });
    expect(sandboxOptionsFromEnv({ SANDBOX_SITES: 'many' }).problems).toEqual([expect.stringMatching(/^SANDBOX_SITES: must be a number/)]);
  });
});
