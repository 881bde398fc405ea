import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import {
  CsomClient, SpoOperation, csomClient, envelope, errorInfo, listSitesXml, setSitePropertyXml, stringParam, TENANT_TYPE,
  tenantObjectMethodXml, valueFor, waitForOperation,
} from './helpers.js';

let sandbox: SandboxHandle;
let contoso: CsomClient;
beforeAll(async () => {
  // An operation completes one polling interval after it starts: 600 ms leaves a busy machine room to ask for
  // the removal while the unlock is still under way (60 ms did not, once the event loop stalled).
  sandbox = await startSandbox({ operationPollingMs: 600 });
  contoso = await csomClient(sandbox, sandbox.source);
});
afterAll(async () => { await sandbox.close(); });

const ACCESS_DENIED = {
  ErrorMessage: 'Access denied. You do not have permission to perform this action or access this resource.',
  ErrorCode: -2147024891, ErrorTypeName: 'System.UnauthorizedAccessException',
};
const removeSiteXml = (url: string) => tenantObjectMethodXml('RemoveSite', stringParam(url), ['IsComplete', 'PollingInterval']);
const lockStateOf = async (url: string) => (valueFor((await contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(url)))).body, 5) as { LockState: string }).LockState;
const plainRedirects = () => {
  const s = sandbox.scenario!;
  const special = [s.heldRedirectUrl, s.recycledRedirectUrl, ...s.lockedRedirects!];
  return s.users.filter((u) => u.status === 'completed' && !special.includes(u.sourceSiteUrl) && !u.sourceUpn.includes("'")).map((u) => u.sourceSiteUrl);
};

describe('locked redirect sites in the scenario', () => {
  it('locks three completed users\' redirects NoAccess / ReadOnly, shown as LockState in reads and listings', async () => {
    const s = sandbox.scenario!;
    expect(s.lockedRedirects).toHaveLength(3);
    const completed = s.users.filter((u) => u.status === 'completed').map((u) => u.sourceSiteUrl);
    for (const url of s.lockedRedirects!) {
      expect(completed).toContain(url);
      expect([s.heldRedirectUrl, s.recycledRedirectUrl]).not.toContain(url);
    }
    expect(await Promise.all(s.lockedRedirects!.map(lockStateOf))).toEqual(['NoAccess', 'ReadOnly', 'NoAccess']);
    const { body } = await contoso(listSitesXml({ includePersonal: 1, filter: "LockState -ne 'Unlock'" }));
    const page = valueFor(body, 5) as { _Child_Items_: { Url: string; LockState: string }[] };
    expect(page._Child_Items_.map((x) => x.Url).sort()).toEqual([...s.lockedRedirects!].sort());
  });

  it('refuses RemoveSite on a locked site with UnauthorizedAccessException, leaving it in place', async () => {
    for (const url of sandbox.scenario!.lockedRedirects!) {
      const { status, body } = await contoso(removeSiteXml(url));
      expect(status).toBe(200);
      expect(body).toHaveLength(1);
      expect(errorInfo(body)).toMatchObject(ACCESS_DENIED);
    }
    expect(await lockStateOf(sandbox.scenario!.lockedRedirects![0])).toBe('NoAccess');
  });

  it('still refuses the held redirect with its hold message', async () => {
    const { body } = await contoso(removeSiteXml(sandbox.scenario!.heldRedirectUrl!));
    expect(errorInfo(body)?.ErrorMessage).toBe('The operation is not supported for the site');
  });
});

describe('Set-SPOSite -LockState over CSOM (SetProperty + Update)', () => {
  it('unlocks a locked site: answer pairs, a SetSite operation to poll, then RemoveSite succeeds', async () => {
    const url = sandbox.scenario!.lockedRedirects![0];
    const { status, body } = await contoso(setSitePropertyXml(url, 'LockState', 'Unlock'));
    expect(status).toBe(200);
    expect(errorInfo(body)).toBeNull();
    expect(body.slice(1, 7)).toEqual([2, { IsNull: false }, 4, { IsNull: false }, 7, { IsNull: false }]);
    expect(body[7]).toBe(8);
    const op = body[8] as SpoOperation;
    expect(op).toMatchObject({ _ObjectType_: 'Microsoft.Online.SharePoint.TenantAdministration.SpoOperation', IsComplete: false, PollingInterval: 600 });
    const parts = op._ObjectIdentity_.split('\n');
    expect(parts.slice(1, 3)).toEqual(['SpoOperation', 'SetSite']);
    expect(parts[3]).toMatch(/^\d{18}$/);
    expect(parts[4]).toBe(encodeURIComponent(url).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    expect(parts[5]).toMatch(/^[0-9a-f-]{36}$/);
    // Until the operation completes the lock is still in force.
    expect(errorInfo((await contoso(removeSiteXml(url))).body)).toMatchObject(ACCESS_DENIED);
    expect((await waitForOperation(contoso, op)).IsComplete).toBe(true);
    expect(await lockStateOf(url)).toBe('Unlock');
    const removed = await contoso(removeSiteXml(url));
    expect(errorInfo(removed.body)).toBeNull();
    expect(valueFor(removed.body, 5)).toMatchObject({ _ObjectIdentity_: expect.stringContaining('\nRemoveSite\n') });
  });

  it('looks actions and paths up by id, whatever the ids are', async () => {
    const url = sandbox.scenario!.lockedRedirects![1];
    const { body } = await contoso(setSitePropertyXml(url, 'LockState', 'Unlock', 40));
    expect(errorInfo(body)).toBeNull();
    expect(valueFor(body, 41)).toEqual({ IsNull: false });
    expect(valueFor(body, 46)).toEqual({ IsNull: false });
    const op = valueFor(body, 47) as SpoOperation;
    expect((await waitForOperation(contoso, op)).IsComplete).toBe(true);
    expect(await lockStateOf(url)).toBe('Unlock');
  });

  it('locks a plain site NoAdditions: RemoveSite is refused; locked ReadOnly instead, it is removed as it is (#8274)', async () => {
    const url = plainRedirects()[3];
    const lock = async (state: string) => {
      await waitForOperation(contoso, valueFor((await contoso(setSitePropertyXml(url, 'LockState', state))).body, 8) as SpoOperation);
      expect(await lockStateOf(url)).toBe(state);
    };
    await lock('NoAdditions');
    expect(errorInfo((await contoso(removeSiteXml(url))).body)).toMatchObject(ACCESS_DENIED);
    await lock('ReadOnly');
    const removed = await contoso(removeSiteXml(url));
    expect(errorInfo(removed.body)).toBeNull();
    expect(valueFor(removed.body, 5)).toMatchObject({ _ObjectIdentity_: expect.stringContaining('\nRemoveSite\n') });
  });

  it('answers a lock value outside Unlock / ReadOnly / NoAccess / NoAdditions with ArgumentException, changing nothing', async () => {
    const url = sandbox.scenario!.lockedRedirects![2];
    for (const bad of ['Unlocked', 'unlock', '']) {
      const { status, body } = await contoso(setSitePropertyXml(url, 'LockState', bad));
      expect(status).toBe(200);
      expect(body).toHaveLength(1);
      expect(errorInfo(body)).toMatchObject({ ErrorTypeName: 'System.ArgumentException', ErrorCode: -2147024809 });
      expect(errorInfo(body)?.ErrorMessage).toContain(`'${bad}'`);
    }
    expect(await lockStateOf(url)).toBe('NoAccess');
  });

  it('answers SetProperty on a missing site with SpoNoSiteException', async () => {
    const url = 'https://contoso-my.sharepoint.com/personal/nobody_contoso_com';
    const { body } = await contoso(setSitePropertyXml(url, 'LockState', 'Unlock'));
    expect(body).toHaveLength(1);
    expect(errorInfo(body)).toMatchObject({ ErrorMessage: `Cannot get site ${url}`, ErrorCode: -1, ErrorTypeName: 'Microsoft.Online.SharePoint.Common.SpoNoSiteException' });
  });

  it('refuses properties it does not simulate, and SetProperty on the tenant object', async () => {
    const url = plainRedirects()[4];
    expect(errorInfo((await contoso(setSitePropertyXml(url, 'Owner', 'someone@contoso.com'))).body)?.ErrorTypeName).toBe('Microsoft.SharePoint.Client.InvalidClientQueryException');
    expect(errorInfo((await contoso(setSitePropertyXml(url, 'NoSuchProperty', 'x'))).body)?.ErrorTypeName).toBe('Microsoft.SharePoint.Client.InvalidClientQueryException');
    const onTenant = envelope('<ObjectPath Id="2" ObjectPathId="1"/><SetProperty Id="3" ObjectPathId="1" Name="LockState"><Parameter Type="String">Unlock</Parameter></SetProperty>', `<Constructor Id="1" TypeId="${TENANT_TYPE}"/>`);
    expect(errorInfo((await contoso(onTenant)).body)?.ErrorTypeName).toBe('Microsoft.SharePoint.Client.InvalidClientQueryException');
  });

  it('changes nothing when SetProperty is not followed by Update', async () => {
    const url = plainRedirects()[5];
    const noUpdate = envelope(
      `<ObjectPath Id="2" ObjectPathId="1"/><ObjectPath Id="4" ObjectPathId="3"/><SetProperty Id="5" ObjectPathId="3" Name="LockState"><Parameter Type="String">NoAccess</Parameter></SetProperty>`
      + '<Query Id="6" ObjectPathId="3"><Query SelectAllProperties="false"><Properties><Property Name="LockState" ScalarProperty="true"/></Properties></Query></Query>',
      `<Constructor Id="1" TypeId="${TENANT_TYPE}"/><Method Id="3" ParentId="1" Name="GetSitePropertiesByUrl"><Parameters>${stringParam(url)}</Parameters></Method>`);
    const { body } = await contoso(noUpdate);
    expect(valueFor(body, 6)).toMatchObject({ LockState: 'NoAccess' });
    expect(await lockStateOf(url)).toBe('Unlock');
  });
});
