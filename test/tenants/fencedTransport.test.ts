// The fence on the wire: a tenant request under a lapsed fence never reaches the server, whether the fence had
// lapsed before the request was made or lapsed while fetch was still getting a socket for it (a process
// stopped in that gap wakes up past its lease: the request must not go out then).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FencedError, runFenced, type Fence } from '../../services/core/fence.js';
import { createTransport, fencedTransport } from '../../services/tenants/pipeline/transport.js';

let server: Server;
let base: string;
const received: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { received.push(`${req.method} ${req.url} ${body}`); res.end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => { await new Promise((r) => server.close(r)); });

const send = fencedTransport(createTransport({}));
const at = (path: string) => new URL(`${base}${path}`);

/** A fence that is valid for its first `reads` looks, and lapsed from then on. */
function lapsingAfter(reads: number): Fence & { reads: number } {
  return { reads: 0, get valid() { return ++this.reads <= reads; } };
}

describe('the fenced transport', () => {
  it('sends unfenced work (chat reads) as it is', async () => {
    const res = await send(at('/unfenced'), { method: 'GET' });
    expect(await res.text()).toBe('ok');
    expect(received).toContain('GET /unfenced ');
  });

  it('sends work under a valid fence, body and all, through the same pooled dispatcher', async () => {
    const fence = { valid: true };
    const res = await runFenced(fence, () => send(at('/valid'), { method: 'POST', body: 'remove' }));
    expect(await res.text()).toBe('ok');
    expect(received).toContain('POST /valid remove');
  });

  it('refuses before fetch when the fence has already lapsed', async () => {
    await expect(runFenced(lapsingAfter(0), () => send(at('/lapsed'), { method: 'POST', body: 'x' }))).rejects.toBeInstanceOf(FencedError);
    expect(received.filter((r) => r.includes('/lapsed'))).toEqual([]);
  });

  it('refuses at the socket when the fence lapses after the first check, and nothing reaches the server', async () => {
    const fence = lapsingAfter(1);
    await expect(runFenced(fence, () => send(at('/at-socket'), { method: 'POST', body: 'x' }))).rejects.toBeInstanceOf(FencedError);
    expect(fence.reads).toBe(2);
    // Let any request that did leave arrive before looking.
    await new Promise((r) => setTimeout(r, 100));
    expect(received.filter((r) => r.includes('/at-socket'))).toEqual([]);
  });
});
