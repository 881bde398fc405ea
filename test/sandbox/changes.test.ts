import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxChange, type SandboxHandle } from '../../services/sandbox/index.js';
import {
  CsomClient, SpoOperation, csomClient, enumParam, errorInfo, routedFetch, setSitePropertyXml, stringParam,
  tenantMethodXml, tenantObjectMethodXml, tokenFor, valueFor, waitForOperation,
} from './helpers.js';

let sandbox: SandboxHandle;
let contoso: CsomClient;
let fabrikam: CsomClient;
let graphToken: string;
beforeAll(async () => {
  sandbox = await startSandbox({ users: 30, operationPollingMs: 20 });
  [contoso, fabrikam] = await Promise.all([csomClient(sandbox, sandbox.source), csomClient(sandbox, sandbox.target)]);
  graphToken = await tokenFor(sandbox, sandbox.source, 'https://graph.microsoft.com');
});
afterAll(async () => { await sandbox.close(); });

const TASKS = 'https://graph.microsoft.com/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks';
const MNA = 1;
const relation = (role: number, host: string) => enumParam(MNA) + enumParam(role) + stringParam(host);
const removeSiteXml = (method: string, url: string) => tenantObjectMethodXml(method, stringParam(url), ['IsComplete', 'PollingInterval']);
const graph = (method: string, url: string, body?: unknown) => routedFetch(sandbox, url, {
  method, headers: { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
});
const createBody = (source: string, target: string, validateOnly?: boolean) => ({
  parameters: { '@odata.type': '#microsoft.graph.sharePointUserMigrationTaskParameters', targetOrganizationHost: 'https://fabrikam-my.sharepoint.com', sourceUserIdentity: { userPrincipalName: source }, targetUserIdentity: { userPrincipalName: target }, validateOnly },
});
const strip = (c: SandboxChange) => ({ ...c, at: undefined });

describe('action log (changes())', () => {
  it('records every changing call in order, refused ones with the message; reads and validateOnly are not logged', async () => {
    const s = sandbox.scenario!;
    const locked = s.lockedRedirects![0];
    const plain = s.users.filter((u) => u.status === 'completed' && ![s.heldRedirectUrl, s.recycledRedirectUrl, ...s.lockedRedirects!].includes(u.sourceSiteUrl))[2].sourceSiteUrl;
    const missing = 'https://contoso-my.sharepoint.com/personal/nobody_contoso_com';
    const retried = s.users.find((u) => u.status === 'failed')!;
    const started = Date.now();
    expect(sandbox.changes()).toEqual([]);

    await contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(plain)));
    await contoso(tenantMethodXml('VerifySPOTenantOrgRelation', relation(2, 'https://fabrikam-my.sharepoint.com/')));
    expect(errorInfo((await contoso(removeSiteXml('RemoveSite', locked))).body)?.ErrorTypeName).toBe('System.UnauthorizedAccessException');
    expect(errorInfo((await contoso(setSitePropertyXml(locked, 'LockState', 'Open'))).body)?.ErrorTypeName).toBe('System.ArgumentException');
    expect(errorInfo((await contoso(setSitePropertyXml(missing, 'LockState', 'Unlock'))).body)?.ErrorTypeName).toBe('Microsoft.Online.SharePoint.Common.SpoNoSiteException');
    const unlock = valueFor((await contoso(setSitePropertyXml(locked, 'LockState', 'Unlock'))).body, 8) as SpoOperation;
    await waitForOperation(contoso, unlock);
    expect(errorInfo((await contoso(removeSiteXml('RemoveSite', locked))).body)).toBeNull();
    expect(errorInfo((await contoso(removeSiteXml('RemoveSite', s.heldRedirectUrl!))).body)).not.toBeNull();
    expect(errorInfo((await contoso(removeSiteXml('RemoveDeletedSite', locked))).body)).toBeNull();
    expect(errorInfo((await contoso(removeSiteXml('RemoveDeletedSite', plain))).body)).not.toBeNull();
    expect((await graph('POST', TASKS, createBody(retried.sourceUpn, retried.targetUpn, true))).status).toBe(200);
    expect((await graph('POST', TASKS, createBody('nobody@contoso.com', 'nobody@fabrikam.com'))).status).toBe(400);
    expect((await graph('POST', TASKS, createBody(retried.sourceUpn, retried.targetUpn))).status).toBe(200);
    expect(errorInfo((await contoso(tenantMethodXml('RemoveSPOTenantOrgRelation', relation(2, 'https://fabrikam-my.sharepoint.com/')))).body)).toBeNull();
    expect(errorInfo((await fabrikam(tenantMethodXml('RemoveSPOTenantOrgRelation', relation(1, 'https://contoso-my.sharepoint.com/')))).body)).toBeNull();
    expect((await graph('POST', TASKS, createBody(retried.sourceUpn, retried.targetUpn))).status).toBe(422);

    const log = sandbox.changes();
    expect(log.map(strip)).toEqual([
      { tenant: 'contoso', method: 'RemoveSite', target: locked, outcome: 'error', message: 'Access denied. You do not have permission to perform this action or access this resource.' },
      { tenant: 'contoso', method: 'SetSite', target: locked, outcome: 'error', message: expect.stringContaining("'Open'") },
      { tenant: 'contoso', method: 'SetSite', target: missing, outcome: 'error', message: `Cannot get site ${missing}` },
      { tenant: 'contoso', method: 'SetSite', target: locked, outcome: 'ok', detail: 'LockState=Unlock' },
      { tenant: 'contoso', method: 'RemoveSite', target: locked, outcome: 'ok' },
      { tenant: 'contoso', method: 'RemoveSite', target: s.heldRedirectUrl, outcome: 'error', message: 'The operation is not supported for the site' },
      { tenant: 'contoso', method: 'RemoveDeletedSite', target: locked, outcome: 'ok' },
      { tenant: 'contoso', method: 'RemoveDeletedSite', target: plain, outcome: 'error', message: `Unable to find the deleted site: ${plain}.` },
      { tenant: 'contoso', method: 'CreateMoveTask', target: 'nobody@contoso.com', detail: 'to nobody@fabrikam.com', outcome: 'error', message: expect.stringMatching(/^MnA/) },
      { tenant: 'contoso', method: 'CreateMoveTask', target: retried.sourceUpn, detail: `to ${retried.targetUpn}`, outcome: 'ok' },
      { tenant: 'contoso', method: 'RemoveSPOTenantOrgRelation', target: 'https://fabrikam-my.sharepoint.com/', detail: 'PartnerRole Target', outcome: 'ok' },
      { tenant: 'fabrikam', method: 'RemoveSPOTenantOrgRelation', target: 'https://contoso-my.sharepoint.com/', detail: 'PartnerRole Source', outcome: 'ok' },
      { tenant: 'contoso', method: 'CreateMoveTask', target: retried.sourceUpn, detail: `to ${retried.targetUpn}`, outcome: 'error', message: expect.stringContaining('There is no Cross-Tenant relationship') },
    ].map((c) => ({ ...c, at: undefined })));
    const times = log.map((c) => Date.parse(c.at));
    expect(times.every((t, i) => t >= started - 1000 && t <= Date.now() && (i === 0 || t >= times[i - 1]))).toBe(true);
    // The handle hands out a copy.
    log.pop();
    expect(sandbox.changes()).toHaveLength(13);
  });

  it('after the removal on both sides: VerifySPOTenantOrgRelation is NotEstablished on each, and move-state reads answer 422', async () => {
    expect(valueFor((await contoso(tenantMethodXml('VerifySPOTenantOrgRelation', relation(2, 'https://fabrikam-my.sharepoint.com/')))).body, 3)).toBe(0);
    expect(valueFor((await fabrikam(tenantMethodXml('VerifySPOTenantOrgRelation', relation(1, 'https://contoso-my.sharepoint.com/')))).body, 3)).toBe(0);
    const user = sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    const byUpn = await graph('GET', `${TASKS}/getBySourceUserPrincipalName(sourcePrincipalName='${encodeURIComponent(user.sourceUpn)}')`);
    expect(byUpn.status).toBe(422);
    expect((await graph('GET', `${TASKS}/${user.moveId}`)).status).toBe(422);
  });
});
