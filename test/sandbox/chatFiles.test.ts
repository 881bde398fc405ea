// Files sent in a Teams chat, as the simulated tenants serve them: SharePoint's download page behind a
// pre-authenticated link (tempauth), on the sender's OneDrive host, no bearer.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { routedFetch } from './helpers.js';

let sandbox: SandboxHandle;
beforeAll(async () => { sandbox = await startSandbox({ users: 20 }); });
afterAll(async () => { await sandbox.close(); });

const CSV = '\uFEFFUser,0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b,adele@contoso.com,adele@fabrikam.com,adele@fabrikam.com,Member\n';

describe('chat files', () => {
  it('serves a file put there on the owner\'s -my host, with no token but the link\'s own', async () => {
    const link = sandbox.putChatFile('avery.admin@fabrikam.com', 'map.csv', CSV);
    const url = new URL(link.downloadUrl);
    expect(url.host).toBe('fabrikam-my.sharepoint.com');
    expect(url.pathname).toBe('/personal/avery_admin_fabrikam_com/_layouts/15/download.aspx');
    expect(url.searchParams.get('UniqueId')).toBe(link.uniqueId);
    expect(url.searchParams.get('tempauth')).toMatch(/^v1\./);
    const res = await routedFetch(sandbox, link.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''map.csv");
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe(CSV);
  });

  it('files of a contoso user live on contoso-my', async () => {
    const link = sandbox.putChatFile('Megan@Contoso.com', 'x.csv', Buffer.from('a,b\n'));
    expect(new URL(link.downloadUrl).host).toBe('contoso-my.sharepoint.com');
    expect(await (await routedFetch(sandbox, link.downloadUrl)).text()).toBe('a,b\n');
  });

  it('a tempauth it did not issue is 401 in SharePoint\'s shape', async () => {
    const link = sandbox.putChatFile('avery.admin@fabrikam.com', 'map.csv', CSV);
    for (const url of [link.downloadUrl.replace(/tempauth=[^&]+/, 'tempauth=v1.forged'), link.downloadUrl.replace(/&tempauth=[^&]+/, '')]) {
      const res = await routedFetch(sandbox, url);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="/);
      expect(await res.json()).toEqual({ error_description: 'Invalid issuer or signature.' });
    }
  });

  it('an unknown UniqueId, or another person\'s OneDrive, is 404 File Not Found', async () => {
    const link = sandbox.putChatFile('avery.admin@fabrikam.com', 'map.csv', CSV);
    const otherId = link.downloadUrl.replace(/UniqueId=[^&]+/, 'UniqueId=00000000-0000-4000-8000-000000000000');
    const otherOwner = link.downloadUrl.replace('/personal/avery_admin_fabrikam_com/', '/personal/someone_else_fabrikam_com/');
    const otherTenant = link.downloadUrl.replace('fabrikam-my.', 'contoso-my.');
    for (const url of [otherId, otherOwner, otherTenant]) {
      const res = await routedFetch(sandbox, url);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ 'odata.error': { code: '-2147024894, System.IO.FileNotFoundException', message: { lang: 'en-US', value: 'File Not Found.' } } });
    }
  });

  it('accepts the UniqueId in braces and in any case, as SharePoint does', async () => {
    const link = sandbox.putChatFile('avery.admin@fabrikam.com', 'map.csv', CSV);
    const url = link.downloadUrl.replace(/UniqueId=([^&]+)/, (_m, id: string) => `uniqueid={${id.toUpperCase()}}`);
    expect((await routedFetch(sandbox, url)).status).toBe(200);
  });

  it('answers only GET, and leaves the rest of the -my host to the bearer-checked SharePoint routes', async () => {
    const link = sandbox.putChatFile('avery.admin@fabrikam.com', 'map.csv', CSV);
    expect((await routedFetch(sandbox, link.downloadUrl, { method: 'POST', body: 'x' })).status).toBe(405);
    const api = await routedFetch(sandbox, 'https://fabrikam-my.sharepoint.com/personal/avery_admin_fabrikam_com/_api/web');
    expect(api.status).toBe(401);
  });

  it('refuses an owner on no simulated tenant', () => {
    expect(() => sandbox.putChatFile('someone@example.org', 'map.csv', CSV)).toThrow(/not on a simulated tenant/);
  });
});
