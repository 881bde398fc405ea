import { renderListCard, type ListRow } from '../../cards/list.js';
import { when } from '../../cards/readable.js';
import type { AuditEntry } from '../../services/approvals/types.js';
import { InputError } from '../../services/errors.js';
import type { Command } from './command.js';
import { words } from './command.js';

const usage = 'audit [n]';
export const AUDIT_DEFAULT = 20;
export const AUDIT_MAX = 200;

/** The latest entries of the audit log, newest first, a page at a time. */
export const auditCommand: Command<{ n: number }> = {
  name: 'audit',
  usage,
  summary: `Show the latest audit entries (${AUDIT_DEFAULT} by default, up to ${AUDIT_MAX}): requests, decisions, results, refusals.`,
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const w = words(argText);
    if (w.length === 0) return { n: AUDIT_DEFAULT };
    const n = Number(w[0]);
    if (w.length > 1 || !Number.isInteger(n) || n < 1 || n > AUDIT_MAX) throw new InputError(`Give a number of entries from 1 to ${AUDIT_MAX}.`, { usage });
    return { n };
  },
  argsFromEntities: (e) => (e.count ? String(Math.min(e.count, AUDIT_MAX)) : ''),
  run: async ({ n }, { services }) => {
    const entries = (await services.audit.latest(n)).reverse();
    const snapshot = await services.snapshots.save({ kind: 'audit', params: {}, command: `audit ${n}`, items: entries.map(auditRow) });
    return renderListCard({ snapshotId: snapshot.id, kind: 'audit', params: {}, rows: snapshot.items, page: 0 }, services.view);
  },
};

function auditRow(e: AuditEntry): ListRow {
  const detail = Object.entries(e.detail ?? {}).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ');
  return {
    at: when(e.at),
    event: e.event,
    actor: e.actor ? (e.actor.name || e.actor.id || '—') : '—',
    planId: e.planId ?? '—',
    detail: detail.length > 200 ? `${detail.slice(0, 200)}…` : detail,
  };
}
