// The rows of each export: each mapped person under the same word `status` / `notify status` counts them
// by, so a file and the card never disagree; values whole, as the tenants and the audit record hold them.
import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '../../../services/approvals/types.js';
import { auditRows, moveRows, noticeRows, redirectRowsOf } from '../../../services/exports/rows.js';
import type { RecipientRecord } from '../../../services/guidance/recipientStore.js';
import type { IdentityMap, IdentityMapUser } from '../../../services/identityMap/identityMap.js';
import type { SiteMap } from '../../../services/identityMap/siteMap.js';
import type { LedgerEntry, LedgerView } from '../../../services/knowledge/moveLedger.js';

const person = (name: string, line: number): IdentityMapUser => ({
  line, sourceTenantCompanyId: '6f9c2b1e-3a4d-4c5b-8e7f-0a1b2c3d4e5f',
  sourceUpn: `${name}@contoso.com`, targetUpn: `${name}@fabrikam.com`, targetEmail: `${name}@fabrikam.com`, userType: 'User',
});

describe('moveRows', () => {
  it('words a person the service has no move for "no move", and one the ledger never read "unreadable"', () => {
    const map: IdentityMap = { users: [person('moved', 2), person('nomove', 3), person('unread', 4)], problems: [] };
    const entries = new Map<string, LedgerEntry>([
      ['moved@contoso.com', { state: { sourceUpn: 'Moved@contoso.com', status: 'completed', startedDateTime: '2026-11-01T08:00:00Z', finishedDateTime: '2026-11-01T09:00:00Z' }, readAt: '2026-11-02T09:00:00.000Z' }],
      ['nomove@contoso.com', { state: null, readAt: '2026-11-02T09:00:01.000Z' }],
    ]);
    const view: LedgerView = { mapped: 3, entries };
    const { rows } = moveRows(map, view);
    expect(rows.map((r) => [r.kind, r.source, r.target, r.status, r.readAt])).toEqual([
      ['onedrive', 'moved@contoso.com', 'moved@fabrikam.com', 'completed', '2026-11-02T09:00:00.000Z'],
      ['onedrive', 'nomove@contoso.com', 'nomove@fabrikam.com', 'no move', '2026-11-02T09:00:01.000Z'],
      ['onedrive', 'unread@contoso.com', 'unread@fabrikam.com', 'unreadable', ''],
    ]);
    expect(rows[0]).toMatchObject({ started: '2026-11-01T08:00:00Z', finished: '2026-11-01T09:00:00Z', error: '' });
    expect(rows[1]).toMatchObject({ started: '', finished: '', error: '' });
  });

  it('adds the site map\'s sites and group sites after the people, each under its kind and its move key\'s entry', () => {
    const map: IdentityMap = { users: [person('moved', 2)], problems: [] };
    const sites: SiteMap = {
      entries: [
        { line: 2, kind: 'site', sourceSiteUrl: 'https://contoso.sharepoint.com/sites/Sales/', targetSiteUrl: 'https://fabrikam.sharepoint.com/sites/sales' },
        { line: 3, kind: 'group', sourceSiteUrl: 'https://contoso.sharepoint.com/sites/hr', targetSiteUrl: 'https://fabrikam.sharepoint.com/sites/people', sourceAlias: 'HR', targetAlias: 'people' },
        { line: 4, kind: 'site', sourceSiteUrl: 'https://contoso.sharepoint.com/sites/unread', targetSiteUrl: 'https://fabrikam.sharepoint.com/sites/unread' },
      ],
      problems: [],
    };
    const entries = new Map<string, LedgerEntry>([
      ['moved@contoso.com', { state: { status: 'completed' }, readAt: '2026-11-02T09:00:00.000Z' }],
      ['site:https://contoso.sharepoint.com/sites/sales', { state: { status: 'inProgress', startedDateTime: '2026-11-01T08:00:00Z' }, readAt: '2026-11-02T09:00:02.000Z' }],
      ['group:hr', { state: { status: 'failed', error: 'MnASiteMoveTargetUrlHasWriteConflict: taken' }, readAt: '2026-11-02T09:00:03.000Z' }],
    ]);
    const { columns, rows } = moveRows(map, { mapped: 4, entries }, sites);
    expect(columns[0]).toBe('kind');
    expect(rows.map((r) => [r.kind, r.source, r.target, r.status, r.error])).toEqual([
      ['onedrive', 'moved@contoso.com', 'moved@fabrikam.com', 'completed', ''],
      ['site', 'https://contoso.sharepoint.com/sites/Sales/', 'https://fabrikam.sharepoint.com/sites/sales', 'inProgress', ''],
      ['group', 'https://contoso.sharepoint.com/sites/hr', 'https://fabrikam.sharepoint.com/sites/people', 'failed', 'MnASiteMoveTargetUrlHasWriteConflict: taken'],
      ['site', 'https://contoso.sharepoint.com/sites/unread', 'https://fabrikam.sharepoint.com/sites/unread', 'unreadable', ''],
    ]);
  });
});

describe('noticeRows', () => {
  const record = (targetUpn: string, r: Partial<RecipientRecord>): RecipientRecord => ({
    campaignId: 'guidance', targetUpn, state: 'pending', attempts: 0, updatedAt: '2026-11-02T09:00:00.000Z', ...r,
  });

  it('gives each mapped person their outcome; a reason only for a failure, a help request with its time, and 0 tries for no record', () => {
    const map: IdentityMap = { users: [person('failed', 2), person('helped', 3), person('never', 4), person('bare', 5)], problems: [] };
    const records = new Map<string, RecipientRecord>([
      ['failed@fabrikam.com', record('failed@fabrikam.com', { state: 'failed', reason: 'blocked', attempts: 2 })],
      ['helped@fabrikam.com', record('helped@fabrikam.com', { state: 'help', reason: 'transient', attempts: 1, help: { text: '=cannot sync', at: '2026-11-02T10:00:00.000Z' } })],
      ['bare@fabrikam.com', record('bare@fabrikam.com', { state: 'failed', attempts: 3 })],
    ]);
    const { rows } = noticeRows(map, records);
    expect(rows.map((r) => [r.targetUpn, r.sourceUpn, r.outcome, r.reason, r.attempts])).toEqual([
      ['failed@fabrikam.com', 'failed@contoso.com', 'failed', 'blocked', '2'],
      ['helped@fabrikam.com', 'helped@contoso.com', 'help', '', '1'],
      ['never@fabrikam.com', 'never@contoso.com', 'not sent', '', '0'],
      ['bare@fabrikam.com', 'bare@contoso.com', 'failed', 'failed', '3'],
    ]);
    expect(rows[1]).toMatchObject({ helpText: '=cannot sync', helpAt: '2026-11-02T10:00:00.000Z', updatedAt: '2026-11-02T09:00:00.000Z' });
    expect(rows[2]).toMatchObject({ helpText: '', helpAt: '', updatedAt: '' });
  });
});

describe('redirectRowsOf', () => {
  it('finds each site\'s owner under its normalised URL and keeps the tenant\'s values, an absent date left empty', () => {
    const site = (url: string, lastContentModified?: string) => ({ url, template: 'RedirectSite#0', title: '', owner: '', status: 'Active', lockState: 'ReadOnly', lastContentModified });
    const owners = new Map([
      ['https://contoso-my.sharepoint.com/personal/adele_contoso_com', { kind: 'onedrive' as const, owner: 'adele@contoso.com' }],
      ['https://contoso.sharepoint.com/sites/sales', { kind: 'site' as const, owner: 'now https://fabrikam.sharepoint.com/sites/sales' }],
    ]);
    const { rows } = redirectRowsOf([
      site('https://Contoso-My.SharePoint.com/personal/adele_contoso_com/', '2026-10-01T08:00:00Z'), site('https://contoso-my.sharepoint.com/personal/ben_contoso_com'),
      site('https://contoso.sharepoint.com/sites/Sales'),
    ], owners);
    expect(rows).toEqual([
      { url: 'https://Contoso-My.SharePoint.com/personal/adele_contoso_com/', kind: 'onedrive', owner: 'adele@contoso.com', status: 'Active', lockState: 'ReadOnly', lastModified: '2026-10-01T08:00:00Z' },
      { url: 'https://contoso-my.sharepoint.com/personal/ben_contoso_com', kind: '', owner: '', status: 'Active', lockState: 'ReadOnly', lastModified: '' },
      { url: 'https://contoso.sharepoint.com/sites/Sales', kind: 'site', owner: 'now https://fabrikam.sharepoint.com/sites/sales', status: 'Active', lockState: 'ReadOnly', lastModified: '' },
    ]);
  });
});

describe('auditRows', () => {
  it('names who acted (name, else id, else a dash), keeps the plan id and puts the details on one line', () => {
    const entries: AuditEntry[] = [
      { at: '2026-11-02T09:00:00.000Z', event: 'plan.requested', actor: { id: 'a1', name: 'Avery' }, planId: 'p1', detail: { summary: 'remove 2 redirect sites', count: 2, urls: ['u1', 'u2'] } },
      { at: '2026-11-02T09:01:00.000Z', event: 'plan.approved', actor: { id: 'b2', name: '' }, planId: 'p1' },
      { at: '2026-11-02T09:02:00.000Z', event: 'refused.wrong-tenant', detail: {} },
    ];
    expect(auditRows(entries).rows).toEqual([
      { at: '2026-11-02T09:00:00.000Z', event: 'plan.requested', actor: 'Avery', actorId: 'a1', planId: 'p1', detail: 'summary: remove 2 redirect sites; count: 2; urls: ["u1","u2"]' },
      { at: '2026-11-02T09:01:00.000Z', event: 'plan.approved', actor: 'b2', actorId: 'b2', planId: 'p1', detail: '' },
      { at: '2026-11-02T09:02:00.000Z', event: 'refused.wrong-tenant', actor: '—', actorId: '', planId: '', detail: '' },
    ]);
    expect(auditRows([{ at: 'x', event: 'e', actor: { id: '' } }]).rows[0]?.actor).toBe('—');
  });
});
