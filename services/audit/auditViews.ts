// Views of the audit log that answer questions. Each run of a plan writes one entry per item; after one
// removal of 229 redirects the latest 20 entries were all item lines, hiding the approval and the
// refusals around them. So the headline view folds each plan's items into one count, and the items
// themselves are one `audit <plan id>` away.
import type { AuditEntry } from '../approvals/types.js';

/** How far back the views read: well past any plan's items, bounded for a log that grew for months. */
export const AUDIT_SCAN = 5000;

export type AuditView =
  | { kind: 'entry'; entry: AuditEntry }
  /** A plan's item entries in one line: counts by outcome, at the newest of them. */
  | { kind: 'items'; planId: string; at: string; counts: Record<string, number> };

const isItem = (e: AuditEntry) => e.event.startsWith('item.');

/**
 * The latest n lines, newest first: every entry that is not a plan item as it is, and each plan's
 * items as one line where its newest item stood.
 */
export function headlines(newestFirst: readonly AuditEntry[], n: number): AuditView[] {
  const out: AuditView[] = [];
  const folded = new Map<string, Extract<AuditView, { kind: 'items' }>>();
  for (const e of newestFirst) {
    if (!isItem(e)) {
      if (out.length >= n) break;
      out.push({ kind: 'entry', entry: e });
      continue;
    }
    const planId = e.planId ?? '—';
    let line = folded.get(planId);
    if (!line) {
      if (out.length >= n) break;
      line = { kind: 'items', planId, at: e.at, counts: {} };
      folded.set(planId, line);
      out.push(line);
    }
    const outcome = e.event.slice('item.'.length);
    line.counts[outcome] = (line.counts[outcome] ?? 0) + 1;
  }
  return out;
}

/** Everything about one plan, its items one by one, newest first. */
export function ofPlan(newestFirst: readonly AuditEntry[], planId: string): AuditEntry[] {
  return newestFirst.filter((e) => e.planId === planId);
}

/** Refusals only (refused.*), newest first, at most n. */
export function refusals(newestFirst: readonly AuditEntry[], n: number): AuditEntry[] {
  return newestFirst.filter((e) => e.event.startsWith('refused.')).slice(0, n);
}
