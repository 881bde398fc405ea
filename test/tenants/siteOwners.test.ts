// getSiteOwners over real HTTP against the simulated target tenant: a SharePoint site's owners are its site
// collection administrators (`_api/web/siteusers?$filter=IsSiteAdmin eq true` on the site's host), a group
// site's are its Microsoft 365 group's owners (Graph groups by alias, then groups/{id}/owners); both give
// every owner the scenario made, by the UPN they sign in with on the target.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle, type SandboxScenarioSite } from '../../services/sandbox/index.js';
import { recordingClientFor, type SentRequest } from './helpers/sandboxClient.js';

let sandbox: SandboxHandle;
const sent: SentRequest[] = [];
const fabrikam = () => recordingClientFor(sandbox, 'target', sent);

beforeAll(async () => { sandbox = await startSandbox({ users: 40, sites: 8, groupSites: 8 }); });
afterAll(async () => { await sandbox.close(); });

const completed = (kind: 'site' | 'group') => sandbox.scenario!.sites!.filter((s) => s.kind === kind && s.status === 'completed');
/** A site of the kind with two owners, so "every owner" is tested, not only the first. */
const twoOwners = (kind: 'site' | 'group'): SandboxScenarioSite => {
  const site = completed(kind).find((s) => s.targetOwners.length === 2);
  if (!site) throw new Error(`no completed ${kind} with two owners in the scenario`);
  return site;
};
const upns = (owners: { upn: string }[]) => owners.map((o) => o.upn.toLowerCase()).sort();

describe('getSiteOwners', () => {
  it("reads a SharePoint site's administrators on the site's own host: every owner, by target UPN", async () => {
    const site = twoOwners('site');
    const owners = await fabrikam().getSiteOwners!({ kind: 'site', siteUrl: site.targetSiteUrl });
    expect(upns(owners)).toEqual(site.targetOwners.map((u) => u.toLowerCase()).sort());
    expect(owners.every((o) => o.displayName && o.displayName !== o.upn)).toBe(true);
    const request = sent.at(-1)!;
    expect(request.url).toBe(`${site.targetSiteUrl}/_api/web/siteusers?%24filter=IsSiteAdmin+eq+true&%24select=Title%2CLoginName%2CUserPrincipalName`);
  });

  it("reads a group site's owners from its Microsoft 365 group, found by the target alias", async () => {
    const site = twoOwners('group');
    const before = sent.length;
    const owners = await fabrikam().getSiteOwners!({ kind: 'group', siteUrl: site.targetSiteUrl, alias: site.targetAlias });
    expect(upns(owners)).toEqual(site.targetOwners.map((u) => u.toLowerCase()).sort());
    const urls = sent.slice(before).map((s) => decodeURIComponent(s.url)).filter((u) => u.startsWith('https://graph.microsoft.com/'));
    expect(urls[0]).toBe(`https://graph.microsoft.com/v1.0/groups?$filter=mailNickname eq '${site.targetAlias}'&$select=id`);
    expect(urls[1]).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/groups\/[0-9a-f-]{36}\/owners\?\$select=id,userPrincipalName,displayName$/);
  });

  it('answers no owners for a group alias the tenant does not have', async () => {
    expect(await fabrikam().getSiteOwners!({ kind: 'group', siteUrl: 'https://fabrikam.sharepoint.com/sites/none', alias: 'no-such-group' })).toEqual([]);
  });
});
