// The move ledger as stored, on the file store the bot uses by default: what `status` counts, which
// person's read wins, and when the 3 MB document is downloaded again (only when someone else changed it).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdentityMap, IdentityMapUser } from '../../../services/identityMap/identityMap.js';
import { ConflictError } from '../../../services/errors.js';
import type { SiteMap, SiteMapEntry } from '../../../services/identityMap/siteMap.js';
import { LedgerDocument, type LedgerEntry } from '../../../services/knowledge/ledgerDocument.js';
import { FileStore } from '../../../services/store/fileStore.js';
import type { MoveState } from '../../../services/tenants/types.js';
import { RecordingStore } from '../../helpers/recordingStore.js';

const KEY = 'knowledge/moves';
const person = (n: number): IdentityMapUser => ({
  line: n + 1, sourceTenantCompanyId: '6f9c2b1e-3a4d-4c5b-8e7f-0a1b2c3d4e5f',
  sourceUpn: `Person${n}@contoso.com`, targetUpn: `person${n}@fabrikam.com`, targetEmail: `person${n}@fabrikam.com`, userType: 'User',
});
const mapOf = (n: number, version: string): IdentityMap => ({ users: Array.from({ length: n }, (_, i) => person(i)), problems: [], version });
const entry = (status: MoveState['status'] | null, readAt: string): LedgerEntry =>
  ({ state: status === null ? null : { sourceUpn: 'x', status }, readAt });
const key = (n: number) => `person${n}@contoso.com`;

let dir: string;
let store: RecordingStore;
let map: IdentityMap;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmb-ledger-doc-'));
  store = new RecordingStore(new FileStore(dir));
  map = mapOf(3, 'v1');
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const document = () => new LedgerDocument(store, async () => map);

describe('LedgerDocument', () => {
  it('counts the people of the map by status, with no move apart, and the oldest and newest read among them', async () => {
    map = mapOf(4, 'v1');
    const ledger = document();
    // Neither the first nor the last person in the map holds the oldest or the newest read.
    await ledger.merge(new Map([
      [key(0), entry('completed', '2026-11-02T08:30:00.000Z')],
      [key(1), entry(null, '2026-11-02T08:00:00.000Z')],
      [key(2), entry('completed', '2026-11-02T09:00:00.000Z')],
      [key(3), entry('inProgress', '2026-11-02T08:45:00.000Z')],
      ['someone.gone@contoso.com', entry('failed', '2026-11-01T00:00:00.000Z')], // no longer in the map
    ]));
    expect(await document().counts(map)).toEqual({
      mapped: 4, known: 4, byStatus: { completed: 2, 'no move': 1, inProgress: 1 },
      byKind: { onedrive: { mapped: 4, known: 4, byStatus: { completed: 2, 'no move': 1, inProgress: 1 } } },
      oldestReadAt: '2026-11-02T08:00:00.000Z', newestReadAt: '2026-11-02T09:00:00.000Z',
    });
  });

  it('counts the site map\'s sites and group sites apart by kind, under their move keys, and again when the site map changes', async () => {
    const site = (n: number, kind: 'site' | 'group'): SiteMapEntry => ({
      line: n + 2, kind, sourceSiteUrl: `https://contoso.sharepoint.com/sites/s${n}`, targetSiteUrl: `https://fabrikam.sharepoint.com/sites/s${n}`,
      ...(kind === 'group' ? { sourceAlias: `S${n}`, targetAlias: `s${n}` } : {}),
    });
    let sites: SiteMap = { entries: [site(0, 'site'), site(1, 'site'), site(2, 'group')], problems: [], version: 's1' };
    const ledger = new LedgerDocument(store, async () => map, async () => sites);
    await ledger.merge(new Map([
      [key(0), entry('completed', '2026-11-02T08:30:00.000Z')],
      ['site:https://contoso.sharepoint.com/sites/s0', entry('inProgress', '2026-11-02T08:40:00.000Z')],
      ['group:s2', entry('completed', '2026-11-02T08:50:00.000Z')],
      // A person's UPN never reads as a site's key: this one is nobody's.
      ['https://contoso.sharepoint.com/sites/s1', entry('failed', '2026-11-02T08:50:00.000Z')],
    ]));
    const counts = await ledger.counts(map, sites);
    expect(counts).toMatchObject({ mapped: 6, known: 3 });
    expect(counts.byKind).toEqual({
      onedrive: { mapped: 3, known: 1, byStatus: { completed: 1 } },
      site: { mapped: 2, known: 1, byStatus: { inProgress: 1 } },
      group: { mapped: 1, known: 1, byStatus: { completed: 1 } },
    });
    sites = { entries: [site(0, 'site')], problems: [], version: 's2' };
    // The summary was counted under the first site map (two sites): counted again, not taken from it.
    expect((await ledger.counts(map, sites)).byKind.site).toEqual({ mapped: 1, known: 1, byStatus: { inProgress: 1 } });
  });

  it('counts again, from the ledger, for an identity map other than the one its summary was written under', async () => {
    const ledger = document();
    await ledger.merge(new Map([[key(0), entry('completed', '2026-11-02T09:00:00.000Z')]]));
    const bigger = mapOf(5, 'v2');
    expect(await ledger.counts(bigger)).toMatchObject({ mapped: 5, known: 1 });
    const mark = store.mark;
    expect(await document().counts(map)).toMatchObject({ mapped: 3, known: 1 });
    expect(store.readsOf(KEY, mark)).toBe(0); // same map as the summary: the summary answers, without the ledger
  });

  it('counts an empty store as nobody known, and an identity map without a version always from the ledger', async () => {
    expect(await document().counts(map)).toEqual({ mapped: 3, known: 0, byStatus: {}, byKind: { onedrive: { mapped: 3, known: 0, byStatus: {} } } });
    map = { ...mapOf(3, 'v1'), version: undefined };
    await document().merge(new Map([[key(0), entry('completed', '2026-11-02T09:00:00.000Z')]]));
    expect(await document().counts({ ...mapOf(5, 'v1'), version: undefined })).toMatchObject({ mapped: 5, known: 1 });
  });

  it('reads a ledger stored before summaries existed, afresh each time: nothing says whether another writer changed it', async () => {
    await store.write({ [KEY]: { ledger: { entries: { [key(0)]: entry('completed', '2026-11-02T09:00:00.000Z') } } } });
    const ledger = document();
    const mark = store.mark;
    expect(Object.keys((await ledger.load()).entries)).toEqual([key(0)]);
    expect(Object.keys((await ledger.load()).entries)).toEqual([key(0)]);
    expect(store.readsOf(KEY, mark)).toBe(2);
  });

  it('keeps, per person, the later read whichever lands last', async () => {
    const ledger = document();
    await ledger.merge(new Map([[key(0), entry('completed', '2026-11-02T09:00:00.000Z')], [key(1), entry('inProgress', '2026-11-02T08:00:00.000Z')]]));
    await document().merge(new Map([[key(0), entry('inProgress', '2026-11-02T08:30:00.000Z')], [key(1), entry('completed', '2026-11-02T08:30:00.000Z')]]));
    const { entries } = await document().load();
    expect(entries[key(0)]?.state?.status).toBe('completed');
    expect(entries[key(1)]?.state?.status).toBe('completed');
  });

  it('downloads the document again only when another writer changed it, and then shows that writer\'s reads', async () => {
    const mine = document();
    await mine.merge(new Map([[key(0), entry('inProgress', '2026-11-02T08:00:00.000Z')]]));
    let mark = store.mark;
    await mine.load();
    await mine.load();
    await mine.merge(new Map([[key(2), entry('inProgress', '2026-11-02T08:05:00.000Z')]]));
    expect(store.readsOf(KEY, mark)).toBe(0);
    // Another instance writes through its own copy: the summary names a new eTag.
    await document().merge(new Map([[key(1), entry('completed', '2026-11-02T09:00:00.000Z')]]));
    mark = store.mark;
    const { entries } = await mine.load();
    expect(store.readsOf(KEY, mark)).toBe(1);
    expect(entries[key(1)]?.state?.status).toBe('completed');
    expect(entries[key(0)]?.state?.status).toBe('inProgress');
    // A copy downloaded is kept too, until someone else writes again.
    mark = store.mark;
    await mine.load();
    expect(store.readsOf(KEY, mark)).toBe(0);
  });

  it('merges over a write it did not see, rather than writing over it', async () => {
    const mine = document();
    await mine.merge(new Map([[key(0), entry('inProgress', '2026-11-02T08:00:00.000Z')]]));
    // Someone writes the document behind this copy's back (no summary yet: this copy is one write stale).
    const item = (await store.read([KEY]))[KEY]!;
    const doc = item.ledger as { entries: Record<string, LedgerEntry> };
    doc.entries[key(2)] = entry('failed', '2026-11-02T08:10:00.000Z');
    await store.write({ [KEY]: { ledger: doc, eTag: item.eTag } });
    await mine.merge(new Map([[key(1), entry('completed', '2026-11-02T09:00:00.000Z')]]));
    const { entries } = await document().load();
    expect(Object.keys(entries).sort()).toEqual([key(0), key(1), key(2)]);
  });

  it('gives up on a refused write at once, and on a write conflicting every time after a few tries', async () => {
    store.refuse = (k) => (k === KEY ? new Error('storage account unreachable') : undefined);
    await expect(document().merge(new Map([[key(0), entry(null, '2026-11-02T09:00:00.000Z')]]))).rejects.toThrow('storage account unreachable');
    expect(store.writesOf(KEY)).toBe(1);
    store.refuse = (k) => (k === KEY ? new ConflictError('eTag mismatch') : undefined);
    await expect(document().merge(new Map([[key(0), entry(null, '2026-11-02T09:00:00.000Z')]]))).rejects.toBeInstanceOf(ConflictError);
    expect(store.writesOf(KEY)).toBe(1 + 5);
  });
});
