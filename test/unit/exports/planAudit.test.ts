// One plan's audit entries from a record read from its end: the window grows until it holds the plan's
// request, so an old plan is found whole behind thousands of newer entries.
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, AuditLog } from '../../../services/approvals/types.js';
import { FileAuditLog } from '../../../services/audit/auditLog.js';
import { planAudit } from '../../../services/exports/planAudit.js';
import { systemClock } from '../../../services/ports.js';

/** A real audit record in a fresh directory, removed afterwards. */
async function withAuditFile(use: (file: FileAuditLog) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'pmb-plan-audit-'));
  try {
    await use(new FileAuditLog(join(dir, 'audit.jsonl'), systemClock));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('planAudit', () => {
  it('finds an old plan whole behind newer entries, the latest plan by default, and null for none', () => withAuditFile(async (log) => {
    expect(await planAudit(log)).toBeNull();
    await log.append({ event: 'refused.not-admin' });
    expect(await planAudit(log)).toBeNull();
    await log.append({ event: 'plan.requested', planId: 'p-old' });
    for (let i = 0; i < 2_500; i++) await log.append({ event: 'item.done', planId: i % 2 ? 'p-old' : 'p-new', detail: { i } });
    await log.append({ event: 'plan.finished', planId: 'p-old' });
    const old = await planAudit(log, 'P-OLD');
    expect(old?.planId).toBe('p-old');
    expect(old?.entries).toHaveLength(1 + 1_250 + 1);
    expect(old?.entries[0]?.event).toBe('plan.requested');
    expect((await planAudit(log))?.planId).toBe('p-old');
    expect(await planAudit(log, 'p-none')).toBeNull();
    // p-new never had a request in the record: read to its start, its entries all the same.
    expect((await planAudit(log, 'p-new'))?.entries).toHaveLength(1_250);
  }));

  it('reads no further back than the plan\'s request: a recent plan costs one short read, an older one a few more', () => withAuditFile(async (file) => {
    const asked: number[] = [];
    const log = { latest: (n: number) => { asked.push(n); return file.latest(n); } };
    await file.append({ event: 'plan.requested', planId: 'p-old' });
    for (let i = 0; i < 1_500; i++) await file.append({ event: 'item.done', planId: 'p-old', detail: { i } });
    await file.append({ event: 'plan.requested', planId: 'p-recent' });
    await file.append({ event: 'plan.approved', planId: 'p-recent' });
    // Refusals name no plan: the latest plan is still the one before them.
    await file.append({ event: 'refused.not-admin' });
    expect((await planAudit(log))?.entries.map((e) => e.event)).toEqual(['plan.requested', 'plan.approved']);
    expect(asked).toEqual([1_000]);
    asked.length = 0;
    expect((await planAudit(log, 'p-old'))?.entries).toHaveLength(1 + 1_500);
    expect(asked).toEqual([1_000, 4_000]);
    // A plan the record does not hold: read once whole, then given up.
    asked.length = 0;
    expect(await planAudit(log, 'p-none')).toBeNull();
    expect(asked).toEqual([1_000, 4_000]);
  }));

  it('finds the latest plan behind more than a window of entries that name none', () => withAuditFile(async (log) => {
    await log.append({ event: 'plan.requested', planId: 'p-1' });
    for (let i = 0; i < 1_200; i++) await log.append({ event: 'refused.not-admin' });
    expect(await planAudit(log)).toMatchObject({ planId: 'p-1', entries: [{ event: 'plan.requested' }] });
  }));

  it('stops at the last window, about a million entries back, with what that window holds', async () => {
    const asked: number[] = [];
    // A record longer than any window, whose only entry of the plan is the newest one.
    const endless: Pick<AuditLog, 'latest'> = {
      latest: async (n) => {
        asked.push(n);
        const window = new Array<AuditEntry>(n);
        window[n - 1] = { at: '2026-11-02T09:00:00.000Z', event: 'item.done', planId: 'p-1' };
        return window;
      },
    };
    expect((await planAudit(endless, 'p-1'))?.entries).toHaveLength(1);
    expect(asked).toEqual([1_000, 4_000, 16_000, 64_000, 256_000, 1_024_000]);
  });
});
