// One plan's audit entries from a record read from its end: the window grows until it holds the plan's
// request, so an old plan is found whole behind thousands of newer entries.
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog } from '../../../services/audit/auditLog.js';
import { planAudit } from '../../../services/exports/planAudit.js';
import { systemClock } from '../../../services/ports.js';

describe('planAudit', () => {
  it('finds an old plan whole behind newer entries, the latest plan by default, and null for none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pmb-plan-audit-'));
    try {
      const log = new FileAuditLog(join(dir, 'audit.jsonl'), systemClock);
      expect(await planAudit(log)).toBeNull();
      await log.append({ event: 'refused.not-admin' });
      expect(await planAudit(log)).toBeNull();
      await log.append({ event: 'plan.requested', planId: 'p-old' });
      for (let i = 0; i < 2_500; i++) await log.append({ event: 'item.done', planId: i % 2 ? 'p-old' : 'p-new', detail: { i } });
      await log.append({ event: 'plan.finished', planId: 'p-old' });
      const old = await planAudit(log, 'P-OLD');
      expect(old?.entries).toHaveLength(1 + 1_250 + 1);
      expect(old?.entries[0]?.event).toBe('plan.requested');
      expect((await planAudit(log))?.planId).toBe('p-old');
      expect(await planAudit(log, 'p-none')).toBeNull();
      // p-new never had a request in the record: read to its start, its entries all the same.
      expect((await planAudit(log, 'p-new'))?.entries).toHaveLength(1_250);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
