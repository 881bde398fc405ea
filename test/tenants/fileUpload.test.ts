// The uploader against answers OneDrive gives and the simulated session does not (a last range answered
// 200, a session that lost bytes and asks for them again, a range it cannot ask for, a refusal, no answer),
// over real HTTP: a loopback server stands where the sandbox would (the transport's sandbox routing sends it
// every request with the real host in x-original-host).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFileUploader, FileUploadError } from '../../services/tenants/fileUpload.js';
import { createTransport } from '../../services/tenants/index.js';

const KIB320 = 320 * 1024;
/** What the session answers to the n-th PUT (0-based), given its Content-Range. */
type Answer = (n: number, range: string) => { status: number; body?: unknown };
interface Put { range: string; length: number; headers: IncomingHttpHeaders }

let server: Server;
let base: string;
let answer: Answer;
const puts: Put[] = [];

beforeAll(async () => {
  server = createServer((req, res: ServerResponse) => {
    let length = 0;
    req.on('data', (c: Buffer) => { length += c.length; });
    req.on('end', () => {
      const range = String(req.headers['content-range']);
      puts.push({ range, length, headers: req.headers });
      const { status, body } = answer(puts.length - 1, range);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

const SESSION = new URL('https://fabrikam-my.sharepoint.com/personal/a_fabrikam_com/_api/v2.0/drive/items/01AB/uploadSession?tempauth=v1.secret');
const uploader = (fragmentBytes = KIB320) => createFileUploader(createTransport({ sandboxUrl: base }), { fragmentBytes });
/** PUT `ranges` so far, and what went wrong, if anything. */
async function upload(bytes: Buffer, answers: Answer, fragmentBytes?: number): Promise<{ ranges: string[]; error?: FileUploadError }> {
  puts.length = 0;
  answer = answers;
  const error = await uploader(fragmentBytes)(SESSION, bytes).then(() => undefined, (e: FileUploadError) => e);
  return { ranges: puts.map((p) => p.range), error };
}
const more = (next: string) => ({ status: 202, body: { expirationDateTime: '2026-11-02T10:00:00Z', nextExpectedRanges: [next] } });

describe('createFileUploader against OneDrive\'s answers', () => {
  it('takes 200 for the last range as well as 201, and sends no token, only who it is', async () => {
    const { ranges, error } = await upload(Buffer.from('a,b\r\n'), () => ({ status: 200, body: { id: '01AB' } }));
    expect(error).toBeUndefined();
    expect(ranges).toEqual(['bytes 0-4/5']);
    expect(puts[0]!.headers.authorization).toBeUndefined();
    expect(puts[0]!.headers['user-agent']).toMatch(/^NONISV\|PostMigrationBot\|/);
    expect(puts[0]!.headers['x-original-host']).toBe('fabrikam-my.sharepoint.com');
  });

  it('sends again from where the session says it lost bytes', async () => {
    const bytes = Buffer.alloc(KIB320 + 100, 'x');
    const { ranges, error } = await upload(bytes, (n) => (n === 0 ? more(`1000-${bytes.length - 1}`) : { status: 201 }));
    expect(error).toBeUndefined();
    expect(ranges).toEqual([`bytes 0-${KIB320 - 1}/${bytes.length}`, `bytes 1000-${bytes.length - 1}/${bytes.length}`]);
    expect(puts.map((p) => p.length)).toEqual([KIB320, bytes.length - 1000]);
  });

  it('goes on after the range it sent when the session names no next range', async () => {
    const bytes = Buffer.alloc(KIB320 + 100, 'x');
    const { ranges, error } = await upload(bytes, (n) => (n === 0 ? { status: 202, body: { nextExpectedRanges: [] } } : { status: 201 }));
    expect(error).toBeUndefined();
    expect(ranges).toEqual([`bytes 0-${KIB320 - 1}/${bytes.length}`, `bytes ${KIB320}-${bytes.length - 1}/${bytes.length}`]);
  });

  it.each([
    ['the range it just sent again', more('0-')],
    ['a byte past the end of the file', more('5-')],
    ['more, when the whole file went out', { status: 202 }],
  ])('stops with an error when the session asks for %s, rather than loop', async (_why, reply) => {
    const { ranges, error } = await upload(Buffer.from('a,b\r\n'), () => reply);
    expect(ranges).toHaveLength(1);
    expect(error).toBeInstanceOf(FileUploadError);
    expect(error).toMatchObject({ failure: 'http', httpStatus: 202 });
    expect(error?.message).toMatch(/^fabrikam-my\.sharepoint\.com asked for bytes from \d+ of 5$/);
  });

  it('a refusal is an error with the status, naming the host and never the address', async () => {
    const { error } = await upload(Buffer.from('a,b\r\n'), () => ({ status: 500, body: { error: { code: 'generalException' } } }));
    expect(error).toMatchObject({ name: 'FileUploadError', failure: 'http', httpStatus: 500 });
    expect(error?.message).toBe('fabrikam-my.sharepoint.com answered HTTP 500');
  });

  it('a host that does not answer is "unreachable", with the cause and never the address', async () => {
    // A port that was just free: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dead = createFileUploader(createTransport({ sandboxUrl: `http://127.0.0.1:${port}` }));
    const error = await dead(SESSION, Buffer.from('a')).catch((e: FileUploadError) => e);
    expect(error).toMatchObject({ failure: 'unreachable' });
    expect((error as Error).message).toBe('fabrikam-my.sharepoint.com did not answer (ECONNREFUSED)');
    expect((error as Error).cause).toBeDefined();
  });

  it('sends nothing for an empty file, and refuses a fragment size the protocol does not take', async () => {
    const { ranges, error } = await upload(Buffer.alloc(0), () => ({ status: 201 }));
    expect(ranges).toEqual([]);
    expect(error).toMatchObject({ failure: 'http' });
    expect(error?.message).toBe('an empty file cannot be sent by upload session');
    for (const size of [0, -KIB320, 1000]) expect(() => uploader(size)).toThrow('fragmentBytes must be a multiple of 320 KiB');
  });
});
