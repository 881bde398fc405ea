import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { routedFetch, tokenFor } from './helpers.js';

let sandbox: SandboxHandle;
let token: string;
beforeAll(async () => {
  sandbox = await startSandbox({ users: 40 });
  token = await tokenFor(sandbox, sandbox.source, sandbox.source.adminUrl);
});
afterAll(async () => { await sandbox.close(); });

async function read(url: string, accept = 'application/json;odata=nometadata', bearer = token): Promise<{ status: number; body: any }> {
  const res = await routedFetch(sandbox, url, { headers: { authorization: `Bearer ${bearer}`, accept } });
  return { status: res.status, body: await res.json() };
}

/** node:http keeps the Host header, so the sandbox can be reached the way a real client addresses it. */
function viaHostHeader(host: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sandbox.port, path, headers: { host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('site REST', () => {
  it('answers a redirect site\'s _api/web with 401, as reported (OfficeDocs-SharePoint #1566), not with its properties', async () => {
    const user = sandbox.scenario!.users.find((u) => u.status === 'completed' && u.sourceSiteUrl !== sandbox.scenario!.recycledRedirectUrl)!;
    const { status, body } = await read(`${user.sourceSiteUrl}/_api/web?%24select=WebTemplate,Title,Url`);
    expect(status).toBe(401);
    expect(JSON.stringify(body)).toContain('System.UnauthorizedAccessException');
  });

  it('reads a team site web with $select sent as %24select (PnPjs style)', async () => {
    const { status, body } = await read('https://contoso.sharepoint.com/sites/Finance/_api/web?%24select=WebTemplate,Title,Url');
    expect(status).toBe(200);
    expect(body).toEqual({ WebTemplate: expect.any(String), Title: 'Finance', Url: 'https://contoso.sharepoint.com/sites/Finance' });
  });

  it('reads the moved OneDrive on the target as SPSPERS, with a target token only', async () => {
    const user = sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    const targetToken = await tokenFor(sandbox, sandbox.target, sandbox.target.adminUrl);
    const { body } = await read(`${user.targetSiteUrl}/_api/web?$select=WebTemplate,Id`, 'application/json;odata=nometadata', targetToken);
    expect(body).toEqual({ WebTemplate: 'SPSPERS', Id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await read(`${user.targetSiteUrl}/_api/web`)).status).toBe(401);
  });

  it('answers the verbose form with a d wrapper, and _api/site', async () => {
    const { body } = await read('https://contoso.sharepoint.com/sites/Finance/_api/web?$select=WebTemplate,Title', 'application/json;odata=verbose');
    expect(body.d).toEqual({ __metadata: { id: 'https://contoso.sharepoint.com/sites/Finance/_api/Web', uri: 'https://contoso.sharepoint.com/sites/Finance/_api/Web', type: 'SP.Web' }, WebTemplate: 'STS', Title: 'Finance' });
    const site = await read('https://contoso.sharepoint.com/sites/HR/_api/site?$select=Id,Url', 'application/json');
    expect(site.body).toMatchObject({ 'odata.type': 'SP.Site', Url: 'https://contoso.sharepoint.com/sites/HR', Id: expect.any(String) });
  });

  it('answers a missing site with 404 File Not Found in the flavour asked for', async () => {
    const light = await read('https://contoso-my.sharepoint.com/personal/nobody_contoso_com/_api/web');
    expect(light.status).toBe(404);
    expect(light.body).toEqual({ 'odata.error': { code: '-2147024894, System.IO.FileNotFoundException', message: { lang: 'en-US', value: 'File Not Found.' } } });
    const verbose = await read('https://contoso-my.sharepoint.com/personal/nobody_contoso_com/_api/web', 'application/json;odata=verbose');
    expect(verbose.body.error.code).toBe('-2147024894, System.IO.FileNotFoundException');
  });

  it('refuses an unknown $select property with 400', async () => {
    const { status, body } = await read('https://contoso.sharepoint.com/sites/HR/_api/web?$select=Nope');
    expect(status).toBe(400);
    expect(body['odata.error'].message.value).toContain("The property 'Nope' does not exist on type 'SP.Web'");
  });

  it('routes by the Host header as well as x-original-host', async () => {
    const res = await viaHostHeader('contoso.sharepoint.com', '/sites/Finance/_api/web?%24select=Title', { authorization: `Bearer ${token}`, accept: 'application/json;odata=nometadata' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ Title: 'Finance' });
    const unknown = await viaHostHeader('example.com', '/', {});
    expect(unknown.status).toBe(404);
    expect(sandbox.stats().byHost['contoso.sharepoint.com']).toBeGreaterThan(0);
  });
});
