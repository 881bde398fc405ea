import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, createHash, X509Certificate, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { msalClient, routedFetch } from './helpers.js';

let sandbox: SandboxHandle;
beforeAll(async () => { sandbox = await startSandbox({ users: 30 }); });
afterAll(async () => { await sandbox.close(); });

function tokenEndpoint(tenantId: string) { return `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`; }

/** A client assertion built by hand, to exercise what msal-node would never send. */
function assertion(certPem: string, keyPem: string, claims: Record<string, unknown>, alg: 'PS256' | 'RS256' = 'PS256'): string {
  const raw = new X509Certificate(certPem).raw;
  const header = alg === 'PS256'
    ? { alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(raw).digest('base64url') }
    : { alg, typ: 'JWT', x5t: createHash('sha1').update(raw).digest('base64url') };
  return jwt.sign(claims, keyPem, { algorithm: alg, header: header as jwt.JwtHeader, noTimestamp: true });
}

async function postToken(tenantId: string, form: Record<string, string>) {
  const res = await routedFetch(sandbox, tokenEndpoint(tenantId), { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function form(clientId: string, scope: string, clientAssertion: string) {
  return { client_id: clientId, scope, grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: clientAssertion };
}

describe('login.microsoftonline.com token endpoint', () => {
  it('issues a SharePoint token to msal-node 7 with one POST and caches it', async () => {
    const seen: string[] = [];
    const cca = msalClient(sandbox, sandbox.source, {}, seen);
    const first = await cca.acquireTokenByClientCredential({ scopes: ['https://contoso-admin.sharepoint.com/.default'] });
    const second = await cca.acquireTokenByClientCredential({ scopes: ['https://contoso-admin.sharepoint.com/.default'] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(new RegExp(`^POST https://login.microsoftonline.com/${sandbox.source.tenantId}/oauth2/v2.0/token`));
    expect(second?.fromCache).toBe(true);
    const claims = jwt.decode(first!.accessToken) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: 'https://contoso-admin.sharepoint.com', tid: sandbox.source.tenantId, appid: sandbox.source.clientId, roles: ['Sites.FullControl.All'] });
    expect(Number(claims.exp) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3000);
  });

  it('issues a Graph token carrying the migration, user, Teams, file-read, mail-send and group-member roles', async () => {
    const result = await msalClient(sandbox, sandbox.target).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const claims = jwt.decode(result!.accessToken) as Record<string, unknown>;
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(claims.tid).toBe(sandbox.target.tenantId);
    expect(claims.roles).toEqual(['SharePointCrossTenantMigration.Manage.All', 'SharePointCrossTenantMigration.Read.All', 'User.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All', 'Files.Read.All', 'Mail.Send', 'GroupMember.Read.All', 'CrossTenantContentMigration.Read.All']);
  });

  it('refuses an unknown tenant with AADSTS90002', async () => {
    const err = await msalClient(sandbox, sandbox.source, { tenantId: '11111111-2222-4333-8444-555555555555' })
      .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ errorCode: 'invalid_request', errorNo: 90002, status: 400 });
  });

  it('refuses the source app on the target tenant with AADSTS700016', async () => {
    const err = await msalClient(sandbox, sandbox.source, { tenantId: sandbox.target.tenantId })
      .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ errorCode: 'unauthorized_client', errorNo: 700016, status: 400 });
    expect((err as Error).message).toContain(`Application with identifier '${sandbox.source.clientId}' was not found`);
  });

  it('refuses an assertion signed with another key (AADSTS700027, 401)', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const err = await msalClient(sandbox, sandbox.source, { privateKeyPem: other })
      .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ errorCode: 'invalid_client', errorNo: 700027, status: 401 });
  });

  it('refuses an expired assertion with AADSTS700024 and the Entra error body', async () => {
    const { tenantId, clientId, certificatePem, privateKeyPem } = sandbox.source;
    const now = Math.floor(Date.now() / 1000);
    const a = assertion(certificatePem, privateKeyPem, { aud: tokenEndpoint(tenantId), iss: clientId, sub: clientId, jti: randomUUID(), iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
    const { status, body } = await postToken(tenantId, form(clientId, 'https://graph.microsoft.com/.default', a));
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [700024] });
    expect(String(body.error_description)).toMatch(/^AADSTS700024: Client assertion is not within its valid time range\./);
    expect(body.trace_id).toEqual(expect.any(String));
    expect(body.correlation_id).toEqual(expect.any(String));
  });

  it('accepts an RS256 assertion with a SHA-1 x5t and refuses a wrong audience', async () => {
    const { tenantId, clientId, certificatePem, privateKeyPem } = sandbox.source;
    const now = Math.floor(Date.now() / 1000);
    const base = { iss: clientId, sub: clientId, jti: randomUUID(), iat: now, nbf: now, exp: now + 600 };
    const ok = await postToken(tenantId, form(clientId, 'https://contoso-my.sharepoint.com/.default', assertion(certificatePem, privateKeyPem, { ...base, aud: tokenEndpoint(tenantId) }, 'RS256')));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const bad = await postToken(tenantId, form(clientId, 'https://graph.microsoft.com/.default', assertion(certificatePem, privateKeyPem, { ...base, aud: 'https://example.com/token' })));
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
  });

  it('refuses a resource of the other tenant with AADSTS500011', async () => {
    const err = await msalClient(sandbox, sandbox.source).acquireTokenByClientCredential({ scopes: ['https://fabrikam-admin.sharepoint.com/.default'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ errorCode: 'invalid_resource', errorNo: 500011, status: 400 });
  });

  it('answers an unknown login route with 404', async () => {
    const res = await routedFetch(sandbox, 'https://login.microsoftonline.com/common/discovery/instance?api-version=1.1');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });
});
