import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import selfsigned from 'selfsigned';
import { TenantError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { clientFor } from './helpers/sandboxClient.js';

let sandbox: SandboxHandle;

// contoso's app has no permissions granted; fabrikam's has all of them.
beforeAll(async () => { sandbox = await startSandbox({ users: 10, appRoles: { contoso: [] } }); });
afterAll(async () => { await sandbox.close(); });

async function failure(run: () => Promise<unknown>): Promise<TenantError> {
  const err = await run().then(() => undefined, e => e);
  expect(err).toBeInstanceOf(TenantError);
  return err as TenantError;
}

describe('setup mistakes, told as what to fix', () => {
  it('names the SharePoint permission and admin consent when SharePoint refuses the app', async () => {
    const err = await failure(() => clientFor(sandbox, 'source').client.getHostUrl());
    expect([401, 403]).toContain(err.httpStatus);
    expect(err.userMessage).toContain('Sites.FullControl.All');
    expect(err.userMessage).toMatch(/admin consent/);
  });

  it('names the Graph permissions when Graph refuses the app', async () => {
    const err = await failure(() => clientFor(sandbox, 'source').client.getMoveState(sandbox.scenario!.users[0].sourceUpn));
    expect(err.httpStatus).toBe(403);
    expect(err.userMessage).toContain('SharePointCrossTenantMigration.Read.All');
  });

  it('says the certificate is not the registered one (AADSTS700027)', async () => {
    const other = await selfsigned.generate([{ name: 'commonName', value: 'not registered' }], { keySize: 2048, algorithm: 'sha256' });
    const err = await failure(() => clientFor(sandbox, 'target', { credentials: { privateKeyPem: other.private, certificatePem: other.cert } }).client.getHostUrl());
    expect(err.serviceCode).toBe('AADSTS700027');
    expect(err.userMessage).toContain('certificate');
    expect(err.userMessage).toContain(sandbox.target.clientId);
  });

  it('says the app is not in the tenant (AADSTS700016)', async () => {
    const err = await failure(() => clientFor(sandbox, 'target', { credentials: { clientId: '00000000-1111-2222-3333-444444444444' } }).client.getHostUrl());
    expect(err.serviceCode).toBe('AADSTS700016');
    expect(err.userMessage).toContain('CLIENT_ID');
  });

  it('says the tenant id is wrong (AADSTS90002)', async () => {
    const err = await failure(() => clientFor(sandbox, 'target', { credentials: { tenantId: '99999999-8888-7777-6666-555555555555' } }).client.getHostUrl());
    expect(err.serviceCode).toBe('AADSTS90002');
    expect(err.userMessage).toContain('TENANT_ID');
  });
});
