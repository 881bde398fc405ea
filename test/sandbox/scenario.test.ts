import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { csomClient, enumParam, errorInfo, listSitesXml, stringParam, tenantMethodXml, valueFor } from './helpers.js';

let sandbox: SandboxHandle;
beforeAll(async () => { sandbox = await startSandbox(); });
afterAll(async () => { await sandbox.close(); });

describe('seeded scenario', () => {
  it('writes the identity map without a header: a User row per migrated person and Group rows', () => {
    const rows = sandbox.identityMapCsv().trim().split('\n');
    expect(rows).toHaveLength(252);
    expect(rows[0]).toMatch(new RegExp(`^User,${sandbox.source.tenantId},[^,]+@contoso\\.com,[^,]+@fabrikam\\.com,[^,]+@fabrikam\\.com,Member$`));
    expect(rows).toContain(`User,${sandbox.source.tenantId},sean.o'brien@contoso.com,sean.o'brien@fabrikam.com,sean.o'brien@fabrikam.com,Member`);
    expect(rows.filter((r) => r.startsWith('Group,'))).toHaveLength(2);
    expect(rows.every((r) => r.split(',').length === 6)).toBe(true);
  });

  it('derives personal site URLs by replacing every non-alphanumeric character', () => {
    const user = sandbox.scenario!.users.find((u) => u.sourceUpn === "sean.o'brien@contoso.com")!;
    expect(user.sourceSiteUrl).toBe('https://contoso-my.sharepoint.com/personal/sean_o_brien_contoso_com');
    expect(user.targetSiteUrl).toBe('https://fabrikam-my.sharepoint.com/personal/sean_o_brien_fabrikam_com');
  });

  it('reports the licence expiry 21 days out and fixed tenant identities', () => {
    expect(sandbox.licenceExpiry).toBe(new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10));
    expect(sandbox.source).toMatchObject({ name: 'contoso', tenantId: '6f9c2b1e-3a4d-4c5b-8e7f-0a1b2c3d4e5f', adminUrl: 'https://contoso-admin.sharepoint.com', myHostUrl: 'https://contoso-my.sharepoint.com/' });
    expect(sandbox.target.myHostUrl).toBe('https://fabrikam-my.sharepoint.com/');
    expect(sandbox.source.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(sandbox.hosts).toEqual(expect.arrayContaining(['login.microsoftonline.com', 'graph.microsoft.com', 'contoso-admin.sharepoint.com', 'fabrikam.sharepoint.com']));
  });

  it('is the same for the same seed and differs for another', async () => {
    const again = await startSandbox({ seed: 1, users: 250 });
    const other = await startSandbox({ seed: 2, users: 250 });
    try {
      expect(again.identityMapCsv().split('\n').filter((r) => r.startsWith('User'))).toEqual(sandbox.identityMapCsv().split('\n').filter((r) => r.startsWith('User')));
      expect(again.scenario).toEqual(sandbox.scenario);
      expect(other.scenario!.users.map((u) => u.sourceUpn)).not.toEqual(sandbox.scenario!.users.map((u) => u.sourceUpn));
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });
});

describe('size and licence knobs', () => {
  it('adds extra redirect sites for the 20,000-site bench and pages through them', async () => {
    const big = await startSandbox({ users: 250, extraRedirectSites: 20_000, pageSize: 1000 });
    try {
      const csom = await csomClient(big, big.source);
      let start: string | null = '0';
      let count = 0;
      let pages = 0;
      while (start !== null && pages < 100) {
        const { body } = await csom(listSitesXml({ includePersonal: 1, startIndex: start }));
        const page = valueFor(body, 5) as { NextStartIndexFromSharePoint: string | null; _Child_Items_: unknown[] };
        count += page._Child_Items_.length;
        start = page.NextStartIndexFromSharePoint;
        pages++;
      }
      // 250 people (one redirect already in the bin) + 10 staff OneDrives + 18 other sites + 20,000 extra redirects
      expect(count).toBe(249 + 10 + 18 + 20_000);
      expect(pages).toBe(Math.ceil(count / 1000));
    } finally {
      await big.close();
    }
  });

  it('refuses the source-side trust removal once the source licences have expired', async () => {
    const late = await startSandbox({ users: 12, licenceDaysLeft: 0 });
    try {
      const csom = await csomClient(late, late.source);
      const { body } = await csom(tenantMethodXml('RemoveSPOTenantOrgRelation', enumParam(1) + enumParam(2) + stringParam('https://fabrikam-my.sharepoint.com/')));
      expect(errorInfo(body)?.ErrorMessage).toContain('no longer has active SharePoint licences');
    } finally {
      await late.close();
    }
  });
});
