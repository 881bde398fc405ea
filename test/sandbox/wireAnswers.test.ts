// The simulated tenants answer over HTTP as public recordings and reports show: operations complete at once
// (PollingInterval 15000) with some pending, UnknownError outside the recycle bin, the feature refusal and
// the migration routes' 403 in their reported words, ReadOnly redirects removable, exact host forms, and
// (a knob) role integers decoded the other way round.
import { afterAll, describe, expect, it } from '@jest/globals';
import { sandboxOptionsFromEnv } from '../../services/sandbox/envOptions.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { csomClient, enumParam, errorInfo, routedFetch, stringParam, tenantMethodXml, tenantObjectMethodXml, tokenFor, valueFor } from './helpers.js';

const open: SandboxHandle[] = [];
afterAll(async () => { await Promise.all(open.map((s) => s.close())); });
async function sandboxWith(options: Parameters<typeof startSandbox>[0]): Promise<SandboxHandle> {
  const s = await startSandbox({ users: 24, ...options });
  open.push(s);
  return s;
}
const removeXml = (method: string, url: string) => tenantObjectMethodXml(method, stringParam(url), ['IsComplete', 'PollingInterval']);
const plainRedirects = (s: SandboxHandle) => s.scenario!.users.filter((u) => u.status === 'completed'
  && ![s.scenario!.heldRedirectUrl, s.scenario!.recycledRedirectUrl, ...(s.scenario!.lockedRedirects ?? [])].includes(u.sourceSiteUrl)).map((u) => u.sourceSiteUrl);
const MNA = 1;
const relation = (role: number, host: string) => enumParam(MNA) + enumParam(role) + stringParam(host);

describe('operations as recorded', () => {
  it('RemoveSite and RemoveDeletedSite answer complete at once with PollingInterval 15000; the 2nd, then every 3rd, stays pending', async () => {
    const s = await sandboxWith({});
    const contoso = await csomClient(s, s.source);
    const ops = [];
    for (const url of plainRedirects(s).slice(0, 4)) ops.push(valueFor((await contoso(removeXml('RemoveSite', url))).body, 5));
    expect(ops.map((o) => (o as { IsComplete: boolean }).IsComplete)).toEqual([true, false, true, true]);
    expect(ops[0]).toMatchObject({ IsComplete: true, PollingInterval: 15000 });
    expect(ops[1]).toMatchObject({ IsComplete: false, PollingInterval: 50 });
    const purged = valueFor((await contoso(removeXml('RemoveDeletedSite', s.scenario!.recycledRedirectUrl!))).body, 5);
    expect(purged).toMatchObject({ IsComplete: false }); // the 5th removal of the tenant: pending
  });

  it('pendingOperationEvery 0: every removal complete at once', async () => {
    const s = await sandboxWith({ pendingOperationEvery: 0 });
    const contoso = await csomClient(s, s.source);
    for (const url of plainRedirects(s).slice(0, 3)) {
      expect(valueFor((await contoso(removeXml('RemoveSite', url))).body, 5)).toMatchObject({ IsComplete: true, PollingInterval: 15000 });
    }
  });
});

describe('recycle bin and redirect locks', () => {
  it('GetDeletedSitePropertiesByUrl outside the bin answers Microsoft.SharePoint.Client.UnknownError, as CLI for Microsoft 365 records it', async () => {
    const s = await sandboxWith({});
    const contoso = await csomClient(s, s.source);
    const { body } = await contoso(tenantObjectMethodXml('GetDeletedSitePropertiesByUrl', stringParam(plainRedirects(s)[0]!)));
    expect(errorInfo(body)).toMatchObject({ ErrorMessage: 'Unknown Error', ErrorCode: -1, ErrorTypeName: 'Microsoft.SharePoint.Client.UnknownError' });
  });

  it('readOnlyRedirects: every redirect ReadOnly, each removed as it is with a plain RemoveSite', async () => {
    const s = await sandboxWith({ readOnlyRedirects: true });
    const contoso = await csomClient(s, s.source);
    expect(s.scenario!.heldRedirectUrl).toBeUndefined();
    for (const url of plainRedirects(s).slice(0, 3)) {
      expect(valueFor((await contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(url) + '<Parameter Type="Boolean">false</Parameter>'))).body, 5)).toMatchObject({ LockState: 'ReadOnly' });
      const { body } = await contoso(removeXml('RemoveSite', url));
      expect(errorInfo(body)).toBeNull();
    }
  });
});

describe('refusals in their reported words', () => {
  it('the feature refusal: "The Cross-Tenant content move feature is not enabled for this tenant.", no invented ErrorValue', async () => {
    const s = await sandboxWith({ featureDisabled: ['contoso'] });
    const contoso = await csomClient(s, s.source);
    const { body } = await contoso(tenantMethodXml('VerifySPOTenantOrgRelation', relation(2, s.target.myHostUrl)));
    expect(errorInfo(body)).toMatchObject({ ErrorMessage: 'The Cross-Tenant content move feature is not enabled for this tenant.' });
    expect((body[0] as { ErrorInfo: { ErrorValue: unknown } }).ErrorInfo.ErrorValue).toBeNull();
  });

  it('the migration routes answer 403 "Access denied" without their permission', async () => {
    const s = await sandboxWith({ appRoles: { contoso: ['User.Read.All'] } });
    const token = await tokenFor(s, s.source, 'https://graph.microsoft.com');
    const res = await routedFetch(s, 'https://graph.microsoft.com/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks/getBySourceUserPrincipalName(sourcePrincipalName=\'x@contoso.com\')', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Access denied');
  });
});

describe('relations', () => {
  it('compare the partner host form exactly: the reverse relation, written without the slash, answers only in that form', async () => {
    const s = await sandboxWith({});
    const fabrikam = await csomClient(s, s.target);
    const TARGET = 2;
    expect(valueFor((await fabrikam(tenantMethodXml('VerifySPOTenantOrgRelation', relation(TARGET, 'https://contoso-my.sharepoint.com/')))).body, 3)).toBe(0);
    expect(valueFor((await fabrikam(tenantMethodXml('VerifySPOTenantOrgRelation', relation(TARGET, 'https://contoso-my.sharepoint.com')))).body, 3)).toBe(4);
  });

  it('trustEnums swapped: the integer the clients send for Target reaches the Source relation', async () => {
    const s = await sandboxWith({ trustEnums: 'swapped' });
    const contoso = await csomClient(s, s.source);
    const text = valueFor((await contoso(tenantMethodXml('GetSPOTenantOrgRelationByScenario', enumParam(MNA) + enumParam(2)))).body, 3) as string;
    expect(text).toContain('PartnerRole: Source; PartnerCrossTenantHostUrl: https://fabrikam-my.sharepoint.com;');
    expect(text).not.toContain('PartnerRole: Target');
    // Removing with 2 would take the reverse relation: the action log names the role the tenant decoded.
    await contoso(tenantMethodXml('RemoveSPOTenantOrgRelation', relation(2, 'https://fabrikam-my.sharepoint.com')));
    expect(s.changes()).toEqual([expect.objectContaining({ method: 'RemoveSPOTenantOrgRelation', outcome: 'ok', detail: 'PartnerRole Source' })]);
  });
});

describe('knobs from the environment', () => {
  it('reads SANDBOX_TRUST_ENUMS, SANDBOX_PENDING_OPERATION_EVERY and SANDBOX_READONLY_REDIRECTS, and names a bad value', () => {
    expect(sandboxOptionsFromEnv({ SANDBOX_TRUST_ENUMS: 'swapped', SANDBOX_PENDING_OPERATION_EVERY: '0', SANDBOX_READONLY_REDIRECTS: '1' }).options)
      .toMatchObject({ trustEnums: 'swapped', pendingOperationEvery: 0, readOnlyRedirects: true });
    expect(sandboxOptionsFromEnv({}).options).toMatchObject({ trustEnums: undefined, pendingOperationEvery: undefined, readOnlyRedirects: undefined });
    expect(sandboxOptionsFromEnv({ SANDBOX_TRUST_ENUMS: 'reversed' }).problems).toEqual([expect.stringMatching(/^SANDBOX_TRUST_ENUMS: must be inferred or swapped/)]);
  });
});

describe('relations by partner', () => {
  it('GetSPOTenantOrgRelationByPartner compares the host form exactly too', async () => {
    const s = await sandboxWith({});
    const contoso = await csomClient(s, s.source);
    const byPartner = async (host: string) => valueFor((await contoso(tenantMethodXml('GetSPOTenantOrgRelationByPartner', stringParam(host)))).body, 3) as string;
    expect(await byPartner('https://fabrikam-my.sharepoint.com/')).toBe(`Scenario: MnA; PartnerRole: Target; PartnerCrossTenantHostUrl: https://fabrikam-my.sharepoint.com/; PartnerCompanyId: ${s.target.tenantId}`);
    expect(await byPartner('https://fabrikam-my.sharepoint.com')).toBe(`Scenario: MnA; PartnerRole: Source; PartnerCrossTenantHostUrl: https://fabrikam-my.sharepoint.com; PartnerCompanyId: ${s.target.tenantId}`);
  });
});
