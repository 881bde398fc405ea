// One plan's audit entries. The audit record can only be read from its end (file or append blobs), so the
// reading window grows from the newest entries back until it holds the plan's request (its first entry)
// or the whole record: a recent plan costs a short read however long the record is.
import type { AuditEntry, AuditLog } from '../approvals/types.js';

const FIRST_WINDOW = 1_000;
/** A plan whose request lies further back than this is listed from what the window holds. */
const LAST_WINDOW = 1_024_000;

export interface PlanAudit { planId: string; entries: AuditEntry[] }

/** The entries of `planId` (the latest plan in the record when absent), oldest first; null when none. */
export async function planAudit(audit: Pick<AuditLog, 'latest'>, planId?: string): Promise<PlanAudit | null> {
  const wanted = planId?.toLowerCase();
  for (let n = FIRST_WINDOW; ; n *= 4) {
    const entries = await audit.latest(n);
    const whole = entries.length < n || n >= LAST_WINDOW;
    const id = wanted ?? latestPlanId(entries);
    if (id) {
      const mine = entries.filter((e) => e.planId?.toLowerCase() === id.toLowerCase());
      if (whole || mine.some((e) => e.event === 'plan.requested')) return mine.length ? { planId: id, entries: mine } : null;
    } else if (whole) {
      return null;
    }
  }
}

function latestPlanId(entries: readonly AuditEntry[]): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.planId) return entries[i]!.planId;
  return undefined;
}
