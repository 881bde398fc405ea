// Files sent to a person after they accepted a file consent card: the upload session Teams opens in their
// OneDrive, served by the simulated tenants, filled by the bot's uploader through the sandbox transport.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { createTransport } from '../../services/tenants/index.js';
import { createFileUploader, FileUploadError, isUploadUrl } from '../../services/tenants/fileUpload.js';
import { routedFetch } from './helpers.js';

let sandbox: SandboxHandle;
beforeAll(async () => { sandbox = await startSandbox({ users: 20 }); });
afterAll(async () => { await sandbox.close(); });

const OWNER = 'avery.admin@fabrikam.com';
const put = (url: string, body: Buffer, range: string) =>
  routedFetch(sandbox, url, { method: 'PUT', body: Uint8Array.from(body), headers: { 'content-range': range, 'content-length': String(body.length) } });

describe('OneDrive upload sessions', () => {
  it('offers what Teams sends on accept: an upload session on the owner\'s -my host, the file\'s address and id', () => {
    const info = sandbox.offerFileUpload(OWNER, 'moves.csv');
    const url = new URL(info.uploadUrl);
    expect(url.host).toBe('fabrikam-my.sharepoint.com');
    expect(url.pathname).toMatch(/^\/personal\/avery_admin_fabrikam_com\/_api\/v2\.0\/drive\/items\/[^/]+\/uploadSession$/);
    expect(url.searchParams.get('tempauth')).toMatch(/^v1\./);
    expect(info).toMatchObject({ name: 'moves.csv', fileType: 'csv', contentUrl: 'https://fabrikam-my.sharepoint.com/personal/avery_admin_fabrikam_com/Documents/Applications/moves.csv' });
    expect(info.uniqueId).toMatch(/^[0-9A-F-]{36}$/);
    expect(sandbox.uploadedFile(info.uniqueId)).toBeUndefined();
  });

  it('takes the bytes in consecutive ranges: 202 with the next expected range, then 201 with the item', async () => {
    const info = sandbox.offerFileUpload(OWNER, 'a.csv');
    const bytes = Buffer.from('héllo,world\r\n');
    const first = await put(info.uploadUrl, bytes.subarray(0, 5), `bytes 0-4/${bytes.length}`);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ nextExpectedRanges: ['5-'] });
    expect(sandbox.uploadedFile(info.uniqueId)).toBeUndefined();
    const last = await put(info.uploadUrl, bytes.subarray(5), `bytes 5-${bytes.length - 1}/${bytes.length}`);
    expect(last.status).toBe(201);
    expect(await last.json()).toMatchObject({ name: 'a.csv', size: bytes.length, webUrl: info.contentUrl });
    expect(sandbox.uploadedFile(info.uniqueId)).toMatchObject({ ownerUpn: OWNER, name: 'a.csv', content: bytes });
  });

  it('refuses a range out of order (416), a range that does not match the body (400), a forged token (401), GET (405)', async () => {
    const info = sandbox.offerFileUpload(OWNER, 'b.csv');
    const bytes = Buffer.from('0123456789');
    expect((await put(info.uploadUrl, bytes.subarray(5), 'bytes 5-9/10')).status).toBe(416);
    expect((await put(info.uploadUrl, bytes, 'bytes 0-8/10')).status).toBe(400);
    expect((await put(info.uploadUrl.replace(/tempauth=[^&]+/, 'tempauth=v1.forged'), bytes, 'bytes 0-9/10')).status).toBe(401);
    expect((await routedFetch(sandbox, info.uploadUrl)).status).toBe(405);
    expect(sandbox.uploadedFile(info.uniqueId)).toBeUndefined();
  });

  it('the uploader sends the file range by range, with no token, and the session closes once complete', async () => {
    const upload = createFileUploader(createTransport({ sandboxUrl: sandbox.url }), { fragmentBytes: 320 * 1024 });
    const info = sandbox.offerFileUpload(OWNER, 'big.csv');
    const bytes = Buffer.alloc(700 * 1024, 'a,b\r\n');
    const before = sandbox.stats().byHost['fabrikam-my.sharepoint.com'] ?? 0;
    await upload(new URL(info.uploadUrl), bytes);
    expect((sandbox.stats().byHost['fabrikam-my.sharepoint.com'] ?? 0) - before).toBe(3);
    expect(sandbox.uploadedFile(info.uniqueId)?.content.equals(bytes)).toBe(true);
    // Done: the same session takes nothing more.
    expect((await put(info.uploadUrl, bytes.subarray(0, 10), `bytes 0-9/${bytes.length}`)).status).toBe(401);
  });

  it('the uploader refuses an address that is not SharePoint\'s, and says what the service answered', async () => {
    const upload = createFileUploader(createTransport({ sandboxUrl: sandbox.url }));
    await expect(upload(new URL('https://evil.example/upload'), Buffer.from('x'))).rejects.toMatchObject({ failure: 'refused-url' });
    await expect(upload(new URL('http://fabrikam-my.sharepoint.com/x'), Buffer.from('x'))).rejects.toBeInstanceOf(FileUploadError);
    const info = sandbox.offerFileUpload(OWNER, 'c.csv');
    await expect(upload(new URL(info.uploadUrl.replace(/tempauth=[^&]+/, 'tempauth=v1.forged')), Buffer.from('x'))).rejects.toMatchObject({ failure: 'http', httpStatus: 401 });
  });

  it.each([
    'https://fabrikam-my.sharepoint.com.evil.example/personal/a/_api/v2.0/drive/items/x/uploadSession',
    'https://notsharepoint.com/personal/a/_api/v2.0/drive/items/x/uploadSession',
    'https://sharepoint.com.evil.example/uploadSession',
    'https://fabrikam-my.sharepoint.community/uploadSession',
  ])('refuses %s, which only looks like SharePoint, before any byte leaves', async (address) => {
    const url = new URL(address);
    expect(isUploadUrl(url)).toBe(false);
    const upload = createFileUploader(createTransport({ sandboxUrl: sandbox.url }));
    const before = sandbox.stats().byHost[url.host] ?? 0;
    await expect(upload(url, Buffer.from('sourceUpn,targetUpn\r\n'))).rejects.toMatchObject({ failure: 'refused-url' });
    expect(sandbox.stats().byHost[url.host] ?? 0).toBe(before);
  });

  it('takes a OneDrive upload session on any tenant\'s SharePoint host, whatever its case', () => {
    expect(isUploadUrl(new URL(sandbox.offerFileUpload(OWNER, 'd.csv').uploadUrl))).toBe(true);
    expect(isUploadUrl(new URL('https://Contoso-My.SharePoint.com/personal/a/_api/v2.0/drive/items/x/uploadSession'))).toBe(true);
  });
});
