// The chat-file downloader over real HTTP: a loopback server stands where the sandbox would (the
// transport's sandbox routing sends it every request with the real host in x-original-host).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFileDownloader, FileDownloadError, isChatFileDownloadUrl } from '../../services/tenants/fileDownload.js';
import { createTransport } from '../../services/tenants/index.js';

describe('isChatFileDownloadUrl: where Teams keeps chat files', () => {
  it.each([
    ['https://contoso-my.sharepoint.com/personal/a_contoso_com/_layouts/15/download.aspx?UniqueId=1&tempauth=t', true],
    ['https://CONTOSO-MY.SharePoint.com/personal/a/_layouts/15/download.aspx', true],
    ['https://contoso.sharepoint.com/sites/team/_layouts/15/download.aspx', true],
    ['http://contoso-my.sharepoint.com/personal/a/download.aspx', false],
    ['https://contoso-my.sharepoint.com:8443/personal/a/download.aspx', false],
    ['https://user:pw@contoso-my.sharepoint.com/personal/a/download.aspx', false],
    ['https://sharepoint.com/download.aspx', false],
    ['https://contoso-my.sharepoint.com.evil.example/download.aspx', false],
    ['https://evilsharepoint.com/download.aspx', false],
    ['https://graph.microsoft.com/v1.0/drives/x/items/y/content', false],
    ['file:///etc/passwd', false],
  ])('%s → %s', (url, allowed) => {
    expect(isChatFileDownloadUrl(new URL(url))).toBe(allowed);
  });
});

type Handler = (path: string, res: ServerResponse) => void;
let server: Server;
let base: string;
let handler: Handler;
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    handler(req.url ?? '', res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

const LINK = new URL('https://contoso-my.sharepoint.com/personal/a_contoso_com/_layouts/15/download.aspx?UniqueId=u1&tempauth=v1.secret');
const download = () => createFileDownloader(createTransport({ sandboxUrl: base }))(LINK);

async function text(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('createFileDownloader', () => {
  it('streams the body, sends no Authorization header, and identifies itself', async () => {
    seen.length = 0;
    handler = (_path, res) => { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.write('User,a\n'); res.end('User,b\n'); };
    expect(await text(await download())).toBe('User,a\nUser,b\n');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/personal/a_contoso_com/_layouts/15/download.aspx?UniqueId=u1&tempauth=v1.secret');
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.headers['x-original-host']).toBe('contoso-my.sharepoint.com');
    expect(seen[0]!.headers['user-agent']).toMatch(/^NONISV\|PostMigrationBot\|/);
  });

  it('a non-2xx answer is a FileDownloadError with the status and no address in the message', async () => {
    handler = (_path, res) => { res.writeHead(404, { 'content-type': 'application/json' }); res.end('{"odata.error":{}}'); };
    const err = await download().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileDownloadError);
    expect(err).toMatchObject({ failure: 'http', httpStatus: 404, message: 'contoso-my.sharepoint.com answered HTTP 404' });
    expect(String((err as Error).message)).not.toContain('tempauth');
  });

  it('follows a redirect to another SharePoint address, checking it by the same rule', async () => {
    seen.length = 0;
    handler = (path, res) => {
      if (path.startsWith('/personal/')) { res.writeHead(302, { location: 'https://contoso-my.sharepoint.com/files/copy.csv' }); res.end(); return; }
      res.writeHead(200); res.end('moved');
    };
    expect(await text(await download())).toBe('moved');
    expect(seen.map((s) => s.path)).toEqual([LINK.pathname + LINK.search, '/files/copy.csv']);
  });

  it('refuses a redirect elsewhere without following it', async () => {
    seen.length = 0;
    handler = (_path, res) => { res.writeHead(302, { location: 'https://files.example.com/steal' }); res.end(); };
    await expect(download()).rejects.toMatchObject({ failure: 'refused-url' });
    expect(seen).toHaveLength(1);
  });

  it('a connection reset before the answer is a FileDownloadError (unreachable)', async () => {
    handler = (_path, res) => { res.socket?.destroy(); };
    await expect(download()).rejects.toMatchObject({ failure: 'unreachable' });
  });

  it('a body cut off part way fails while it is read', async () => {
    handler = (_path, res) => { res.writeHead(200, { 'content-length': '1000' }); res.write('User,a\n'); setTimeout(() => res.socket?.destroy(), 20); };
    const body = await download();
    await expect(text(body)).rejects.toThrow();
  });
});
