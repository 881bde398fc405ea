// The move ledger as stored: the whole document (about 3 MB at 10,000 people) under one key, and beside it a
// small summary (the ledger's eTag, and the counts `status` shows for the identity map the ledger was last
// written under), as the redirect snapshots keep one. Commands read the summary; the document is downloaded
// only when per-person rows are wanted and the summary names an eTag other than the copy held here.
import { ConflictError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { IF_ABSENT, type KeyValueStore } from '../ports.js';
import type { MoveKind } from '../tenants/types.js';
import { moveKey, siteMoveKey, type MoveTaskState } from './moveKeys.js';

export interface LedgerEntry {
  /** null: the service has no move for this person, site or group. */
  state: MoveTaskState | null;
  readAt: string;
}

export interface LedgerDoc { entries: Record<string, LedgerEntry> }

/** Of one kind of move: how many are mapped, how many known, known ones by status. */
export interface KindCounts { mapped: number; known: number; byStatus: Record<string, number> }

/** What the ledger knows of the people in one identity map and the sites in one site map. */
export interface MoveCounts {
  /** People in the identity map plus sites and group sites in the site map. */
  mapped: number;
  /** Of them, how many have an entry. */
  known: number;
  /** Known moves by status ('no move' when the service has none). */
  byStatus: Record<string, number>;
  /** The same, for each kind of move the maps hold (OneDrives from the identity map, the rest from the site map). */
  byKind: Partial<Record<MoveKind, KindCounts>>;
  /** Oldest and newest read among them (ISO), absent when nothing is known yet. */
  oldestReadAt?: string;
  newestReadAt?: string;
}

interface LedgerSummary extends MoveCounts { ledgerETag: string; mapVersion?: string }

const KEY = 'knowledge/moves';
const SUMMARY_KEY = 'knowledge/moves-summary';
const TRIES = 5;
export const keyOf = moveKey;

/** An empty site map, for callers (and stores) that have none. */
export const NO_SITES: SiteMap = { entries: [], problems: [] };

/** Every ledger key the two maps name, with its kind: people first, in map order, then the site map's rows. */
export function mappedKeys(map: IdentityMap, sites: SiteMap = NO_SITES): { key: string; kind: MoveKind }[] {
  return [
    ...map.users.map((u) => ({ key: keyOf(u.sourceUpn), kind: 'onedrive' as const })),
    ...sites.entries.map((e) => ({ key: siteMoveKey(e), kind: e.kind })),
  ];
}

/** The two maps' versions as one, so a summary counted under other maps is not taken for this one. */
export function mapsVersion(map: IdentityMap, sites: SiteMap = NO_SITES): string | undefined {
  if (map.version === undefined) return undefined;
  return sites.entries.length ? `${map.version}|${sites.version ?? 'unversioned'}` : map.version;
}

export function countMoves(entries: Record<string, LedgerEntry>, map: IdentityMap, sites: SiteMap = NO_SITES): MoveCounts {
  const counts: MoveCounts = { mapped: 0, known: 0, byStatus: {}, byKind: {} };
  for (const { key, kind } of mappedKeys(map, sites)) {
    const ofKind = counts.byKind[kind] ??= { mapped: 0, known: 0, byStatus: {} };
    counts.mapped++;
    ofKind.mapped++;
    const entry = entries[key];
    if (!entry) continue;
    counts.known++;
    ofKind.known++;
    const status = entry.state?.status ?? 'no move';
    counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
    ofKind.byStatus[status] = (ofKind.byStatus[status] ?? 0) + 1;
    if (!counts.oldestReadAt || entry.readAt < counts.oldestReadAt) counts.oldestReadAt = entry.readAt;
    if (!counts.newestReadAt || entry.readAt > counts.newestReadAt) counts.newestReadAt = entry.readAt;
  }
  return counts;
}

export class LedgerDocument {
  /**
   * The document as this instance last read or wrote it. Reused while the summary names its eTag: a command
   * waiting for another instance's read looks every second, and must not download 3 MB each time. A writer
   * that overtakes another's summary write leaves a copy one flush old at worst; the next write corrects it.
   */
  private copy: { doc: LedgerDoc; eTag: string } | null = null;

  constructor(
    private readonly store: KeyValueStore,
    private readonly identityMap: () => Promise<IdentityMap>,
    private readonly siteMap: () => Promise<SiteMap> = async () => NO_SITES,
  ) {}

  async load(): Promise<LedgerDoc> {
    const summary = await this.summary();
    if (this.copy && summary?.ledgerETag === this.copy.eTag) return this.copy.doc;
    return (await this.download()).doc;
  }

  /** The counts for these maps: from the summary when it was written under the same maps, else worked out. */
  async counts(map: IdentityMap, sites: SiteMap = NO_SITES): Promise<MoveCounts> {
    const summary = await this.summary();
    const version = mapsVersion(map, sites);
    // A summary from before kinds were counted has no byKind: worked out again once.
    if (summary?.byKind && version !== undefined && summary.mapVersion === version) {
      const { ledgerETag: _e, mapVersion: _m, ...counts } = summary;
      return counts;
    }
    return countMoves((await this.load()).entries, map, sites);
  }

  /** Moves `batch` into the stored ledger by compare-and-set; per person, the later read wins. */
  async merge(batch: ReadonlyMap<string, LedgerEntry>): Promise<void> {
    let landed: { doc: LedgerDoc; eTag: string };
    for (let tries = 1; ; tries++) {
      const { doc, eTag } = (tries === 1 && this.copy) || await this.download();
      this.copy = null; // its entries change below: kept again only once the write lands
      for (const [key, entry] of batch) {
        const had = doc.entries[key];
        if (!had || had.readAt <= entry.readAt) doc.entries[key] = entry;
      }
      try {
        const written = await this.store.write({ [KEY]: { ledger: doc, eTag: eTag ?? IF_ABSENT } });
        landed = { doc, eTag: written[KEY]! };
        this.copy = landed;
        break;
      } catch (err) {
        if (!(err instanceof ConflictError) || tries >= TRIES) throw err;
      }
    }
    const [map, sites] = await Promise.all([this.identityMap(), this.siteMap()]);
    const summary: LedgerSummary = { ...countMoves(landed.doc.entries, map, sites), ledgerETag: landed.eTag, mapVersion: mapsVersion(map, sites) };
    await this.store.write({ [SUMMARY_KEY]: { summary } });
  }

  private async summary(): Promise<LedgerSummary | undefined> {
    return (await this.store.read([SUMMARY_KEY]))[SUMMARY_KEY]?.summary as LedgerSummary | undefined;
  }

  private async download(): Promise<{ doc: LedgerDoc; eTag?: string }> {
    const item = (await this.store.read([KEY]))[KEY];
    const doc = (item?.ledger as LedgerDoc | undefined) ?? { entries: {} };
    if (item?.eTag) this.copy = { doc, eTag: item.eTag };
    return { doc, eTag: item?.eTag };
  }
}
