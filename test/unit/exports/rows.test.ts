// The rows of `export moves`: each mapped person under the same word `status` counts them by, so a file
// and the status card never disagree on who has no move and who could not be read.
import { describe, expect, it } from '@jest/globals';
import { moveRows } from '../../../services/exports/rows.js';
import type { IdentityMap, IdentityMapUser } from '../../../services/identityMap/identityMap.js';
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
    expect(rows.map((r) => [r.sourceUpn, r.status, r.readAt])).toEqual([
      ['moved@contoso.com', 'completed', '2026-11-02T09:00:00.000Z'],
      ['nomove@contoso.com', 'no move', '2026-11-02T09:00:01.000Z'],
      ['unread@contoso.com', 'unreadable', ''],
    ]);
    expect(rows[0]).toMatchObject({ started: '2026-11-01T08:00:00Z', finished: '2026-11-01T09:00:00Z', error: '' });
  });
});
