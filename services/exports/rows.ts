// The rows of each export, from the same reads the commands show: the move-state ledger (as `status`
// counts it), the guidance records (as `notify status` counts them) and the audit record (as `audit`
// lists it). Values are whole (no clipping, full ISO times): a file has no card width to fit.
import type { AuditEntry } from '../approvals/types.js';
import { noticeOutcome } from '../guidance/campaignStatus.js';
import type { RecipientRecord } from '../guidance/recipientStore.js';
import type { IdentityMap } from '../identityMap/importer.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { NO_SITES } from '../knowledge/ledgerDocument.js';
import { moveKey, siteMoveKey } from '../knowledge/moveKeys.js';
import type { LedgerView } from '../knowledge/moveLedger.js';
import type { CsvRow } from './csv.js';
import { normalSiteUrl } from '../siteUrl.js';
import type { RedirectOrigin } from '../insights/redirects.js';
import type { RedirectSite } from '../tenants/types.js';

export interface ExportTable { columns: readonly string[]; rows: CsvRow[] }

/** The word `status` counts a person under when the service has no move for them. */
export const NO_MOVE = 'no move';
/** A mapped person the ledger could not read (`status` counts them as unreadable). */
export const UNREAD = 'unreadable';

export const MOVE_COLUMNS = ['kind', 'source', 'target', 'status', 'started', 'finished', 'error', 'readAt'] as const;

/**
 * One row per move the maps hold: the identity map's people (kind onedrive, source and target UPN) in map order,
 * then the site map's sites and group sites (kind site or group, source and target site URL).
 */
export function moveRows(map: IdentityMap, view: LedgerView, sites: SiteMap = NO_SITES): ExportTable {
  const row = (kind: string, source: string, target: string, key: string) => {
    const entry = view.entries.get(key);
    const state = entry?.state;
    return {
      kind, source, target,
      status: entry ? state?.status ?? NO_MOVE : UNREAD,
      started: state?.startedDateTime ?? '',
      finished: state?.finishedDateTime ?? '',
      error: state?.error ?? '',
      readAt: entry?.readAt ?? '',
    };
  };
  const rows = [
    ...map.users.map((u) => row('onedrive', u.sourceUpn, u.targetUpn, moveKey(u.sourceUpn))),
    ...sites.entries.map((e) => row(e.kind, e.sourceSiteUrl, e.targetSiteUrl, siteMoveKey(e))),
  ];
  return { columns: MOVE_COLUMNS, rows };
}

export const NOTICE_COLUMNS = ['targetUpn', 'sourceUpn', 'outcome', 'reason', 'attempts', 'helpText', 'helpAt', 'updatedAt'] as const;

/** One row per person in the identity map: where their first notice stands, as `notify status` counts it. */
export function noticeRows(map: IdentityMap, records: ReadonlyMap<string, RecipientRecord>): ExportTable {
  const rows = map.users.map((u) => {
    const r = records.get(u.targetUpn.toLowerCase());
    const outcome = noticeOutcome(r);
    return {
      targetUpn: u.targetUpn,
      sourceUpn: u.sourceUpn,
      outcome,
      reason: outcome === 'failed' ? r?.reason ?? 'failed' : '',
      attempts: String(r?.attempts ?? 0),
      helpText: r?.help?.text ?? '',
      helpAt: r?.help?.at ?? '',
      updatedAt: r?.updatedAt ?? '',
    };
  });
  return { columns: NOTICE_COLUMNS, rows };
}

export const REDIRECT_COLUMNS = ['url', 'kind', 'owner', 'status', 'lockState', 'lastModified'] as const;

/**
 * The sites `list redirects` shows, with the values as the tenant gave them (the card words them and
 * formats the date for its reader; a file keeps what a spreadsheet can sort). `origins` as redirectOrigins() makes it:
 * kind onedrive, site or group, empty when neither map knows the URL.
 */
export function redirectRowsOf(sites: readonly RedirectSite[], origins: ReadonlyMap<string, Pick<RedirectOrigin, 'kind' | 'owner'>>): ExportTable {
  const rows = sites.map((s) => {
    const origin = origins.get(normalSiteUrl(s.url));
    return { url: s.url, kind: origin?.kind ?? '', owner: origin?.owner ?? '', status: s.status, lockState: s.lockState, lastModified: s.lastContentModified ?? '' };
  });
  return { columns: REDIRECT_COLUMNS, rows };
}

export const AUDIT_COLUMNS = ['at', 'event', 'actor', 'actorId', 'planId', 'detail'] as const;

/** The details of an entry as one line (`key: value; …`), as the `audit` card shows them. */
export function auditDetail(e: AuditEntry): string {
  return Object.entries(e.detail ?? {}).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ');
}

/** Who acted, by name when known (as the `audit` card shows it). */
export function auditActor(e: AuditEntry): string {
  return e.actor ? (e.actor.name || e.actor.id || '—') : '—';
}

/** Entries oldest first. */
export function auditRows(entries: readonly AuditEntry[]): ExportTable {
  const rows = entries.map((e) => ({
    at: e.at, event: e.event, actor: auditActor(e), actorId: e.actor?.id ?? '', planId: e.planId ?? '', detail: auditDetail(e),
  }));
  return { columns: AUDIT_COLUMNS, rows };
}
