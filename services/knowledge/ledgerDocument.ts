// The move ledger as stored: the whole document (about 3 MB at 10,000 people) under one key, and beside it a
// small summary (the ledger's eTag, and the counts `status` shows for the identity map the ledger was last
// written under), as the redirect snapshots keep one. Commands read the summary; the document is downloaded
// only when per-person rows are wanted and the summary names an eTag other than the copy held here.
import { ConflictError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import { IF_ABSENT, type KeyValueStore } from '../ports.js';
import type { MoveState } from '../tenants/types.js';

export interface LedgerEntry {
  /** null: the service has no move for this person. */
  state: MoveState | null;
  readAt: string;
}

export interface LedgerDoc { entries: Record<string, LedgerEntry> }

/** What the ledger knows of the people in one identity map. */
export interface MoveCounts {
  /** People in the identity map. */
  mapped: number;
  /** Of them, how many have an entry. */
  known: number;
  /** Known people by move status ('no move' when the service has none). */
  byStatus: Record<string, number>;
  /** Oldest and newest read among them (ISO), absent when nothing is known yet. */
  oldestReadAt?: string;
  newestReadAt?: string;
}

interface LedgerSummary extends MoveCounts { ledgerETag: string; mapVersion?: string }

const KEY = 'knowledge/moves';
const SUMMARY_KEY = 'knowledge/moves-summary';
const TRIES = 5;
export const keyOf = (upn: string) => upn.toLowerCase();

export function countMoves(entries: Record<string, LedgerEntry>, map: IdentityMap): MoveCounts {
  const counts: MoveCounts = { mapped: map.users.length, known: 0, byStatus: {} };
  for (const person of map.users) {
    const entry = entries[keyOf(person.sourceUpn)];
    if (!entry) continue;
    counts.known++;
    const status = entry.state?.status ?? 'no move';
    counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
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

  constructor(private readonly store: KeyValueStore, private readonly identityMap: () => Promise<IdentityMap>) {}

  async load(): Promise<LedgerDoc> {
    const summary = await this.summary();
    if (this.copy && summary?.ledgerETag === this.copy.eTag) return this.copy.doc;
    return (await this.download()).doc;
  }

  /** The counts for this map: from the summary when it was written under the same map, else worked out. */
  async counts(map: IdentityMap): Promise<MoveCounts> {
    const summary = await this.summary();
    if (summary && map.version !== undefined && summary.mapVersion === map.version) {
      const { ledgerETag: _e, mapVersion: _m, ...counts } = summary;
      return counts;
    }
    return countMoves((await this.load()).entries, map);
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
    const map = await this.identityMap();
    const summary: LedgerSummary = { ...countMoves(landed.doc.entries, map), ledgerETag: landed.eTag, mapVersion: map.version };
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
