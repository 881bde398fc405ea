import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog } from '../../services/audit/auditLog.js';
import { ManualClock } from '../helpers/clock.js';

let dir: string;
let path: string;
let clock: ManualClock;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmb-audit-'));
  path = join(dir, 'nested', 'audit.jsonl');
  clock = new ManualClock();
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('audit log', () => {
  it('appends one JSON line per entry, stamped with the clock, and reads the latest oldest first', async () => {
    const log = new FileAuditLog(path, clock);
    await log.append({ event: 'plan.requested', planId: 'p-00000001', actor: { id: 'aad-1', name: 'Ann' } });
    clock.advance(1000);
    await log.append({ event: 'plan.approved', planId: 'p-00000001', actor: { id: 'aad-2' } });
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(await log.latest(5)).toEqual([
      { at: '2026-11-02T09:00:00.000Z', event: 'plan.requested', planId: 'p-00000001', actor: { id: 'aad-1', name: 'Ann' } },
      { at: '2026-11-02T09:00:01.000Z', event: 'plan.approved', planId: 'p-00000001', actor: { id: 'aad-2' } },
    ]);
    expect((await log.latest(1)).map((e) => e.event)).toEqual(['plan.approved']);
    expect(await log.latest(0)).toEqual([]);
  });

  it('keeps every line whole when hundreds of appends race', async () => {
    const log = new FileAuditLog(path, clock);
    await Promise.all(Array.from({ length: 500 }, (_, i) => log.append({ event: 'item.done', planId: 'p-00000001', detail: { n: i, url: `https://contoso-my.sharepoint.com/personal/u${i}` } })));
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(500);
    const ns = lines.map((l) => (JSON.parse(l).detail as { n: number }).n);
    expect(ns).toEqual([...Array(500).keys()]);
  });

  it('reads the tail of a long record across chunk boundaries, multi-byte text included', async () => {
    const log = new FileAuditLog(path, clock);
    const message = 'Zoë Ōtsuka’s redirect — '.repeat(200);
    for (let i = 0; i < 300; i++) await log.append({ event: 'item.failed', detail: { n: i, message } });
    const latest = await log.latest(120);
    expect(latest.map((e) => (e.detail as { n: number }).n)).toEqual([...Array(120).keys()].map((k) => k + 180));
    expect(latest.every((e) => (e.detail as { message: string }).message === message)).toBe(true);
    expect(await new FileAuditLog(join(dir, 'none.jsonl'), clock).latest(10)).toEqual([]);
  });

  it('never writes a token, secret or key material, even when a caller passes one', async () => {
    const log = new FileAuditLog(path, clock);
    await log.append({
      event: 'refused.tampered', planId: 'p-00000002',
      detail: {
        accessToken: 'abc', clientSecret: 'shh', headers: { Authorization: 'Bearer xyz' },
        note: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig', pem: '-----BEGIN PRIVATE KEY-----\nMII', message: 'card hash did not match',
      },
    });
    const text = await readFile(path, 'utf8');
    for (const secret of ['abc', 'shh', 'xyz', 'eyJhbGci', 'BEGIN PRIVATE']) expect(text).not.toContain(secret);
    expect((await log.latest(1))[0]!.detail).toEqual({ headers: {}, note: '[redacted]', pem: '[redacted]', message: 'card hash did not match' });
  });
});
