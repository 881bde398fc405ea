import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import {
  CsomClient, csomClient, enumParam, envelope, errorInfo, formDigest, listSitesXml, routedFetch, stringParam,
  tenantMethodXml, tenantObjectMethodXml, tokenFor, valueFor, xmlText,
} from './helpers.js';

let sandbox: SandboxHandle;
let contoso: CsomClient;
let fabrikam: CsomClient;
beforeAll(async () => {
  // Every removal pending here (pendingOperationEvery 1), so polling is exercised; wireAnswers.test.ts has the complete-at-once ones.
  sandbox = await startSandbox({ operationPollingMs: 40, pendingOperationEvery: 1 });
  [contoso, fabrikam] = await Promise.all([csomClient(sandbox, sandbox.source), csomClient(sandbox, sandbox.target)]);
});
afterAll(async () => { await sandbox.close(); });

interface Site { Url: string; Template: string; Title: string; Owner: string; HasHolds: boolean; LastContentModifiedDate: string; _ObjectIdentity_: string }
interface Page { NextStartIndexFromSharePoint: string | null; NextStartIndex: number; _Child_Items_: Site[] }

async function listAll(client: CsomClient, f: { template?: string; includePersonal?: number }): Promise<{ sites: Site[]; pages: number }> {
  const sites: Site[] = [];
  let start: string | null = '0';
  let pages = 0;
  do {
    const { body } = await client(listSitesXml({ ...f, startIndex: start }));
    expect(errorInfo(body)).toBeNull();
    const page = valueFor(body, 5) as Page;
    expect(page.NextStartIndex).toBe(-1);
    sites.push(...page._Child_Items_);
    start = page.NextStartIndexFromSharePoint;
    pages++;
  } while (start && pages < 50);
  return { sites, pages };
}

describe('contextinfo and the request digest', () => {
  it('answers contextinfo in nometadata and verbose forms', async () => {
    const token = await tokenFor(sandbox, sandbox.source, sandbox.source.adminUrl);
    const plain = await routedFetch(sandbox, 'https://contoso-admin.sharepoint.com/_api/contextinfo', { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json;odata=nometadata' } });
    const info = (await plain.json()) as Record<string, unknown>;
    expect(info).toMatchObject({ FormDigestTimeoutSeconds: 1800, WebFullUrl: 'https://contoso-admin.sharepoint.com' });
    expect(String(info.FormDigestValue)).toMatch(/^0x[0-9A-F]{128},\d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} -0000$/);
    const verbose = await routedFetch(sandbox, 'https://contoso-admin.sharepoint.com/_api/contextinfo', { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json;odata=verbose' } });
    const d = ((await verbose.json()) as { d: { GetContextWebInformation: Record<string, unknown> } }).d.GetContextWebInformation;
    expect(d.FormDigestValue).toEqual(expect.stringMatching(/^0x/));
    expect(d.SupportedSchemaVersions).toEqual({ __metadata: { type: 'Collection(Edm.String)' }, results: ['14.0.0.0', '15.0.0.0'] });
  });

  it('refuses ProcessQuery without a valid digest with 403 and the security-validation error', async () => {
    const token = await tokenFor(sandbox, sandbox.source, sandbox.source.adminUrl);
    for (const digest of [undefined, '0xBAD,01 Jan 2026 00:00:00 -0000']) {
      const res = await routedFetch(sandbox, 'https://contoso-admin.sharepoint.com/_vti_bin/client.svc/ProcessQuery', {
        method: 'POST', body: tenantMethodXml('GetMySiteHostUrl', ''), headers: { authorization: `Bearer ${token}`, ...(digest ? { 'x-requestdigest': digest } : {}) },
      });
      expect(res.status).toBe(403);
      expect(errorInfo((await res.json()) as unknown[])?.ErrorMessage).toMatch(/^The security validation for this page is invalid/);
    }
  });

  it('refuses a token of the other tenant with 401 and WWW-Authenticate', async () => {
    const token = await tokenFor(sandbox, sandbox.target, sandbox.target.adminUrl);
    const res = await routedFetch(sandbox, 'https://contoso-admin.sharepoint.com/_api/contextinfo', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(`realm="${sandbox.source.tenantId}"`);
    const none = await routedFetch(sandbox, 'https://contoso-admin.sharepoint.com/_api/contextinfo', { method: 'POST' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error_description: 'Invalid issuer or signature.' });
  });

  it('answers tenant methods only on the admin host', async () => {
    const token = await tokenFor(sandbox, sandbox.source, sandbox.source.adminUrl);
    const digest = await formDigest(sandbox, token, 'https://contoso-my.sharepoint.com');
    const res = await routedFetch(sandbox, 'https://contoso-my.sharepoint.com/_vti_bin/client.svc/ProcessQuery', { method: 'POST', body: tenantMethodXml('GetMySiteHostUrl', ''), headers: { authorization: `Bearer ${token}`, 'x-requestdigest': digest } });
    expect(res.status).toBe(200);
    expect(errorInfo((await res.json()) as unknown[])?.ErrorMessage).toBe('Current site is not a tenant administration site.');
  });
});

describe('tenant methods', () => {
  it('GetMySiteHostUrl answers the header then the action pairs', async () => {
    const { status, body } = await contoso(tenantMethodXml('GetMySiteHostUrl', ''));
    expect(status).toBe(200);
    expect(body[0]).toMatchObject({ SchemaVersion: '15.0.0.0', ErrorInfo: null, TraceCorrelationId: expect.any(String) });
    expect(body.slice(1)).toEqual([2, { IsNull: false }, 3, 'https://contoso-my.sharepoint.com/']);
    expect(valueFor((await fabrikam(tenantMethodXml('GetMySiteHostUrl', ''))).body, 3)).toBe('https://fabrikam-my.sharepoint.com/');
  });

  it('GetSitePropertiesByUrl returns the site, with XML entities in the URL parameter unescaped', async () => {
    const held = sandbox.scenario!.heldRedirectUrl!;
    const { body } = await contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(held) + '<Parameter Type="Boolean">false</Parameter>'));
    const site = valueFor(body, 5) as Site;
    expect(site).toMatchObject({ Url: held, Template: 'RedirectSite#0', HasHolds: true });
    expect(site.LastContentModifiedDate).toMatch(/^\/Date\(\d{4},\d{1,2},\d{1,2},\d{1,2},\d{1,2},\d{1,2},\d{1,3}\)\/$/);
    const missing = await contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam('https://contoso.sharepoint.com/sites/R&D "Q\'s"')));
    expect(errorInfo(missing.body)).toMatchObject({
      ErrorMessage: `Cannot get site https://contoso.sharepoint.com/sites/R&D "Q's"`, ErrorCode: -1,
      ErrorTypeName: 'Microsoft.Online.SharePoint.Common.SpoNoSiteException',
    });
    expect(missing.body).toHaveLength(1);
  });

  it('finds the apostrophe user\'s redirect by a Filter on the owner', async () => {
    const upn = sandbox.scenario!.apostropheUpn!;
    expect(upn).toBe("sean.o'brien@contoso.com");
    const { body } = await contoso(listSitesXml({ includePersonal: 1, filter: `Owner -eq "${upn}"` }));
    const page = valueFor(body, 5) as Page;
    expect(page._Child_Items_.map((s) => s.Url)).toEqual(['https://contoso-my.sharepoint.com/personal/sean_o_brien_contoso_com']);
    expect(page._Child_Items_[0].Template).toMatch(/^redirectsite#/i);
  });

  it('answers an unknown method with InvalidClientQueryException in ErrorInfo (HTTP 200)', async () => {
    const { status, body } = await contoso(tenantMethodXml('DoSomethingElse', ''));
    expect(status).toBe(200);
    expect(errorInfo(body)?.ErrorTypeName).toBe('Microsoft.SharePoint.Client.InvalidClientQueryException');
  });

  it('answers malformed XML with an ErrorInfo', async () => {
    const { body } = await contoso('<Request><Actions>');
    expect(errorInfo(body)?.ErrorTypeName).toBe('Microsoft.SharePoint.Client.InvalidClientQueryException');
  });
});

describe('site listing', () => {
  it('pages to the last page with every site seen once', async () => {
    const { sites, pages } = await listAll(contoso, { includePersonal: 1 });
    const urls = sites.map((s) => s.Url);
    expect(new Set(urls).size).toBe(urls.length);
    const users = sandbox.scenario!.users;
    // migrated users (one redirect already in the bin) + 10 staff OneDrives + 16 team sites + root + my host
    expect(urls.length).toBe(users.length - 1 + 10 + 16 + 2);
    expect(pages).toBe(Math.ceil(urls.length / 100));
    expect(urls).not.toContain(sandbox.scenario!.recycledRedirectUrl);
  });

  it('filters templates case-insensitively, so one call per spelling finds every redirect', async () => {
    const completed = sandbox.scenario!.users.filter((u) => u.status === 'completed');
    const zero = await listAll(contoso, { template: 'redirectsite#0', includePersonal: 1 });
    const one = await listAll(contoso, { template: 'RedirectSite#1', includePersonal: 1 });
    expect(zero.sites.every((s) => s.Template === 'RedirectSite#0')).toBe(true);
    expect(one.sites.every((s) => s.Template === 'REDIRECTSITE#1')).toBe(true);
    expect(one.sites.length).toBeGreaterThan(0);
    expect(zero.sites.length + one.sites.length).toBe(completed.length - 1);
  });

  it('leaves out personal sites unless IncludePersonalSite is 1', async () => {
    for (const includePersonal of [0, 2]) {
      const { sites } = await listAll(contoso, { includePersonal });
      expect(sites.length).toBe(18);
      expect(sites.some((s) => s.Url.includes('/personal/'))).toBe(false);
    }
    const teams = await listAll(contoso, { template: 'GROUP#0' });
    expect(teams.sites.map((s) => s.Template)).toEqual(Array(8).fill('GROUP#0'));
  });

  it('answers a garbled StartIndex and a bad Filter with ArgumentException', async () => {
    const garbled = await contoso(listSitesXml({ startIndex: 'SPSiteQuery,not-a-token' }));
    expect(errorInfo(garbled.body)).toMatchObject({ ErrorTypeName: 'System.ArgumentException', ErrorCode: -2147024809 });
    const filter = await contoso(listSitesXml({ filter: "Url like 'test'" }));
    expect(errorInfo(filter.body)).toMatchObject({ ErrorMessage: "Syntax error in the filter expression 'Url like 'test''.", ErrorTypeName: 'System.ArgumentException' });
  });

  it('does not accept the other tenant\'s continuation token', async () => {
    const first = valueFor((await contoso(listSitesXml({ includePersonal: 1 }))).body, 5) as Page;
    const { body } = await fabrikam(listSitesXml({ includePersonal: 1, startIndex: first.NextStartIndexFromSharePoint }));
    expect(errorInfo(body)?.ErrorTypeName).toBe('System.ArgumentException');
  });
});

const removeSiteXml = (method: string, url: string) => tenantObjectMethodXml(method, stringParam(url), ['IsComplete', 'PollingInterval']);
const pollXml = (identity: string) => envelope(
  '<Query Id="188" ObjectPathId="184"><Query SelectAllProperties="false"><Properties><Property Name="IsComplete" ScalarProperty="true" /><Property Name="PollingInterval" ScalarProperty="true" /></Properties></Query></Query>',
  `<Identity Id="184" Name="${xmlText(identity).replace(/\n/g, '&#xA;')}" />`);
interface Operation { _ObjectType_: string; _ObjectIdentity_: string; IsComplete: boolean; PollingInterval: number }

describe('site removal, operations and the recycle bin', () => {
  it('removes a redirect to the recycle bin, completes the operation when polled, then purges it', async () => {
    const url = sandbox.scenario!.users.filter((u) => u.status === 'completed')[5].sourceSiteUrl;
    const removed = valueFor((await contoso(removeSiteXml('RemoveSite', url))).body, 5) as Operation;
    expect(removed).toMatchObject({ _ObjectType_: 'Microsoft.Online.SharePoint.TenantAdministration.SpoOperation', IsComplete: false, PollingInterval: 40 });
    const parts = removed._ObjectIdentity_.split('\n');
    expect(parts.slice(1, 3)).toEqual(['SpoOperation', 'RemoveSite']);
    expect(parts[3]).toMatch(/^\d{18}$/);
    expect(parts[4]).toBe(encodeURIComponent(url).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    await new Promise((r) => setTimeout(r, 60));
    const polled = valueFor((await contoso(pollXml(removed._ObjectIdentity_))).body, 188) as Operation;
    expect(polled).toEqual({ _ObjectType_: removed._ObjectType_, _ObjectIdentity_: removed._ObjectIdentity_, IsComplete: true, PollingInterval: 40 });

    expect(valueFor((await contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(url)))).body, 5)).toMatchObject({ Url: url, Status: 'Recycled' });
    const deleted = valueFor((await contoso(tenantObjectMethodXml('GetDeletedSitePropertiesByUrl', stringParam(url)))).body, 5);
    expect(deleted).toMatchObject({ _ObjectType_: 'Microsoft.Online.SharePoint.TenantAdministration.DeletedSiteProperties', Url: url, Status: 'Recycled' });

    const purge = valueFor((await contoso(removeSiteXml('RemoveDeletedSite', url))).body, 5) as Operation;
    expect(purge._ObjectIdentity_.split('\n')[2]).toBe('RemoveDeletedSite');
    const again = await contoso(removeSiteXml('RemoveDeletedSite', url));
    expect(errorInfo(again.body)).toMatchObject({ ErrorMessage: `Unable to find the deleted site: ${url}.`, ErrorCode: -2147024809, ErrorTypeName: 'System.ArgumentException' });
  });

  it('holds the pre-deleted redirect in the recycle bin from the start', async () => {
    const url = sandbox.scenario!.recycledRedirectUrl!;
    const deleted = valueFor((await contoso(tenantObjectMethodXml('GetDeletedSitePropertiesByUrl', stringParam(url)))).body, 5);
    expect(deleted).toMatchObject({ Url: url, Status: 'Recycled' });
    expect(errorInfo((await contoso(removeSiteXml('RemoveSite', url))).body)).toMatchObject({ ErrorTypeName: 'Microsoft.Online.SharePoint.Common.SpoException', ErrorCode: -1 });
  });

  it('refuses to remove the redirect under a retention hold', async () => {
    const url = sandbox.scenario!.heldRedirectUrl!;
    const { status, body } = await contoso(removeSiteXml('RemoveSite', url));
    expect(status).toBe(200);
    expect(errorInfo(body)).toMatchObject({ ErrorTypeName: 'Microsoft.SharePoint.SPException' });
    expect(errorInfo(body)?.ErrorMessage).toBe('The operation is not supported for the site');
    expect(valueFor((await contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(url)))).body, 5)).toMatchObject({ Url: url });
  });
});

const MNA = 1;
const SOURCE = 1;
const TARGET = 2;
const relationParams = (role: number, host: string) => enumParam(MNA) + enumParam(role) + stringParam(host);

describe('cross-tenant relationship', () => {
  it('verifies GoodToProceed on both sides and reads the relation text', async () => {
    expect(valueFor((await contoso(tenantMethodXml('VerifySPOTenantOrgRelation', relationParams(TARGET, 'https://fabrikam-my.sharepoint.com/')))).body, 3)).toBe(4);
    expect(valueFor((await fabrikam(tenantMethodXml('VerifySPOTenantOrgRelation', relationParams(SOURCE, 'https://CONTOSO-my.sharepoint.com/')))).body, 3)).toBe(4);
    // The host form is compared exactly (case aside): the forward relation was written with the slash.
    expect(valueFor((await fabrikam(tenantMethodXml('VerifySPOTenantOrgRelation', relationParams(SOURCE, 'https://contoso-my.sharepoint.com')))).body, 3)).toBe(0);
    const text = valueFor((await contoso(tenantMethodXml('GetSPOTenantOrgRelationByScenario', enumParam(MNA)))).body, 3);
    expect(text).toContain('PartnerRole: Target');
    expect(text).toContain('https://fabrikam-my.sharepoint.com/');
    expect(valueFor((await fabrikam(tenantMethodXml('GetSPOTenantOrgRelationAll', ''))).body, 3)).toContain('PartnerRole: Source');
  });

  it('removes the target side: target NotEstablished, source NotEstablishedByPartner; a second removal fails', async () => {
    const removal = await fabrikam(tenantMethodXml('RemoveSPOTenantOrgRelation', relationParams(SOURCE, 'https://contoso-my.sharepoint.com/')));
    expect(removal.body.slice(1)).toEqual([2, { IsNull: false }]);
    expect(valueFor((await fabrikam(tenantMethodXml('VerifySPOTenantOrgRelation', relationParams(SOURCE, 'https://contoso-my.sharepoint.com/')))).body, 3)).toBe(0);
    expect(valueFor((await contoso(tenantMethodXml('VerifySPOTenantOrgRelation', relationParams(TARGET, 'https://fabrikam-my.sharepoint.com/')))).body, 3)).toBe(1);
    const again = await fabrikam(tenantMethodXml('RemoveSPOTenantOrgRelation', relationParams(SOURCE, 'https://contoso-my.sharepoint.com/')));
    expect(errorInfo(again.body)?.ErrorMessage).toBe('There is no Cross-Tenant relationship established for partner https://contoso-my.sharepoint.com/ and role Source.');
    // Only the forward relation went: the reverse one (partner role Target) stays.
    const left = valueFor((await fabrikam(tenantMethodXml('GetSPOTenantOrgRelationAll', ''))).body, 3);
    expect(left).not.toContain('PartnerRole: Source');
    // The reverse relation was written without the trailing slash.
    expect(left).toContain('PartnerRole: Target; PartnerCrossTenantHostUrl: https://contoso-my.sharepoint.com;');
  });
});
