import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TenantError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { createTenantClient, createTransport, type Transport } from '../../services/tenants/index.js';
import type { ListProgress } from '../../services/tenants/types.js';
import { clientFor, expectedRedirectUrls } from './helpers/sandboxClient.js';
import { RecordingLogger } from './helpers/recordingLogger.js';

let sandbox: SandboxHandle;
const logger = new RecordingLogger();

// Forward trust only, so a role the tenant holds no relation in exists (the default adds the reverse roles).
beforeAll(async () => { sandbox = await startSandbox({ users: 40, pageSize: 7, reverseTrust: 'none' }); });
afterAll(async () => { await sandbox.close(); });

describe('tenant client against the sandbox', () => {
  it('gets a token through msal over the transport, then the host URL over CSOM', async () => {
    const { client } = clientFor(sandbox, 'source', { logger });
    const before = sandbox.stats().byHost['login.microsoftonline.com'] ?? 0;
    expect(await client.getHostUrl()).toBe(sandbox.source.myHostUrl);
    expect(sandbox.stats().byHost['login.microsoftonline.com']).toBe(before + 1);
    await client.getHostUrl(); // msal's cache: no second token request for the same scope
    expect(sandbox.stats().byHost['login.microsoftonline.com']).toBe(before + 1);
  });

  it('reads both tenants\' host URLs, with a trailing slash', async () => {
    expect(await clientFor(sandbox, 'target', { logger }).client.getHostUrl()).toBe('https://fabrikam-my.sharepoint.com/');
  });

  it('verifies trust on both sides with the partner\'s role and host', async () => {
    const source = await clientFor(sandbox, 'source', { logger }).client.getTrust('Target', sandbox.target.myHostUrl);
    expect(source).toMatchObject({ side: 'source', partnerRole: 'Target', partnerHostUrl: sandbox.target.myHostUrl, verification: 'GoodToProceed' });
    expect(source.relationText).toContain(sandbox.target.myHostUrl);
    const target = await clientFor(sandbox, 'target', { logger }).client.getTrust('Source', sandbox.source.myHostUrl);
    expect(target).toMatchObject({ side: 'target', partnerRole: 'Source', verification: 'GoodToProceed' });
  });

  it('answers NotEstablished for a role the tenant has no relation in, and logs the integers beside the names', async () => {
    const trust = await clientFor(sandbox, 'source', { logger }).client.getTrust('Source', sandbox.target.myHostUrl);
    expect(trust.verification).toBe('NotEstablished');
    const line = logger.lines.find(l => l.msg === 'trust verification' && l.obj.side === 'source' && (l.obj.sent as { partnerRole: string }).partnerRole === 'Source=1');
    expect(line?.obj.received).toBe('0=NotEstablished');
  });

  it('lists every redirect site to the last page, both template spellings kept, everything else dropped', async () => {
    const progress: ListProgress[] = [];
    const sites = await clientFor(sandbox, 'source', { logger }).client.listRedirectSites({ onProgress: p => progress.push(p) });
    expect(sites.map(s => s.url.toLowerCase()).sort()).toEqual(expectedRedirectUrls(sandbox));
    expect(new Set(sites.map(s => s.template))).toEqual(new Set(['RedirectSite#0', 'REDIRECTSITE#1']));
    const last = progress[progress.length - 1];
    expect(progress.length).toBeGreaterThan(3);
    expect(last.pages).toBe(progress.length);
    expect(Math.ceil(last.sitesSeen / 7)).toBe(last.pages);
    expect(last.sitesSeen).toBeGreaterThan(sites.length); // personal and team sites were seen and dropped
    expect(sites.every(s => s.lastContentModified && !Number.isNaN(Date.parse(s.lastContentModified)))).toBe(true);
  });

  it('reads a site\'s template over site-level REST on its own host', async () => {
    const scenario = sandbox.scenario!;
    const moved = scenario.users.find(u => u.status === 'completed' && u.sourceSiteUrl !== scenario.recycledRedirectUrl)!;
    const source = clientFor(sandbox, 'source', { logger }).client;
    // A redirect site's _api/web answers 401 (as reported): reachable, and counted as a redirect.
    expect(await source.getSite(moved.sourceSiteUrl)).toEqual({ url: moved.sourceSiteUrl, exists: true, isRedirect: true, reachable: true });
    const target = await clientFor(sandbox, 'target', { logger }).client.getSite(moved.targetSiteUrl);
    expect(target).toMatchObject({ exists: true, webTemplate: 'SPSPERS', isRedirect: false });
    expect(await source.getSite('https://contoso-my.sharepoint.com/personal/nobody_contoso_com')).toMatchObject({ exists: false, isRedirect: false });
  });

  it('surfaces a CSOM error with its code: the properties of a missing site', async () => {
    const err = await clientFor(sandbox, 'source', { logger }).client.getSiteProperties('https://contoso.sharepoint.com/sites/never-was').catch(e => e);
    expect(err).toBeInstanceOf(TenantError);
    expect(err.serviceCode).toBe('Microsoft.Online.SharePoint.Common.SpoNoSiteException');
    expect(err.userMessage).toContain('https://contoso.sharepoint.com/sites/never-was');
  });

  it('reads the move state of the user whose UPN has an apostrophe', async () => {
    const scenario = sandbox.scenario!;
    const user = scenario.users.find(u => u.sourceUpn === scenario.apostropheUpn)!;
    expect(user.sourceUpn).toContain("'");
    const state = await clientFor(sandbox, 'source', { logger }).client.getMoveState(user.sourceUpn);
    expect(state).toMatchObject({ sourceUpn: user.sourceUpn, status: user.status, id: user.moveId });
  });

  it('answers null for a user with no move and for a user that does not exist', async () => {
    const source = clientFor(sandbox, 'source', { logger }).client;
    expect(await source.getMoveState('nobody@contoso.onmicrosoft.com')).toBeNull();
    expect(await source.getUser('nobody@contoso.onmicrosoft.com')).toBeNull();
  });

  it('reads a directory user on the target', async () => {
    const user = sandbox.scenario!.users[0];
    const found = await clientFor(sandbox, 'target', { logger }).client.getUser(user.targetUpn);
    expect(found).toMatchObject({ userPrincipalName: user.targetUpn });
    expect(found?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs a token, an assertion or the private key', () => {
    const text = logger.text();
    expect(logger.lines.length).toBeGreaterThan(5);
    expect(text).not.toMatch(/Bearer\s/i);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // a JWT's start
    expect(text).not.toContain('client_assertion');
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(sandbox.source.privateKeyPem.split('\n')[1]);
    expect(text).not.toMatch(/x-requestdigest|0x[0-9A-F]{64}/i);
  });
});

describe('what goes on the wire', () => {
  it('decorates every request with the User-Agent, posts CSOM as text/xml with one cached digest, and sends tokens only as headers', async () => {
    const seen: Array<{ url: URL; headers: Headers; body?: string }> = [];
    const inner = createTransport({ sandboxUrl: sandbox.url });
    const recording: Transport = (url, init) => {
      seen.push({ url, headers: new Headers(init.headers), body: typeof init.body === 'string' ? init.body : undefined });
      return inner(url, init);
    };
    const creds = sandbox.source;
    const client = createTenantClient({
      side: 'source', tenantId: creds.tenantId, clientId: creds.clientId, adminUrl: creds.adminUrl,
      certificate: { privateKeyPem: creds.privateKeyPem, certificatePem: creds.certificatePem },
      authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com', userAgent: 'NONISV|Contoso|PostMigrationBot/9.9.9',
    }, { transport: recording, logger: new RecordingLogger() });
    await client.getHostUrl();
    await client.getTrust('Target', sandbox.target.myHostUrl);
    await client.getMoveState(sandbox.scenario!.apostropheUpn!);

    expect(seen.every(r => r.headers.get('user-agent') === 'NONISV|Contoso|PostMigrationBot/9.9.9')).toBe(true);
    const paths = seen.map(r => `${r.url.host}${r.url.pathname}`);
    expect(paths.filter(p => p.endsWith('/oauth2/v2.0/token'))).toHaveLength(2); // SharePoint scope, Graph scope
    expect(paths.filter(p => p.endsWith('/_api/contextinfo'))).toHaveLength(1);
    const csom = seen.filter(r => r.url.pathname === '/_vti_bin/client.svc/ProcessQuery');
    expect(csom).toHaveLength(3);
    expect(csom.every(r => r.url.host === 'contoso-admin.sharepoint.com' && r.headers.get('content-type') === 'text/xml'
      && /^0x[0-9A-F]+,/.test(r.headers.get('x-requestdigest') ?? '') && r.headers.get('authorization')?.startsWith('Bearer '))).toBe(true);
    expect(csom[0].body).toContain('ApplicationName="PostMigrationBot/9.9.9"');
    const graph = seen.find(r => r.url.host === 'graph.microsoft.com')!;
    const literal = sandbox.scenario!.apostropheUpn!.replace(/'/g, "''");
    expect(graph.url.pathname).toBe(`/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks/getBySourceUserPrincipalName(sourcePrincipalName='${literal}')`);
    expect(seen.filter(r => r.url.search.includes('token') || (r.url.search + r.url.pathname).includes('eyJ'))).toHaveLength(0);
  });
});
