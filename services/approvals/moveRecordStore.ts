// Every user's and mapped site's final move state, recorded by the first step of a trust removal: once trust
// is gone Graph answers 422 for move states, so `move status` answers from this record afterwards.
import type { MoveTaskState } from '../knowledge/moveKeys.js';
import type { KeyValueStore, StoreItem } from '../ports.js';

export interface MoveRecord {
  /** The person's source UPN, or a site's or group's move key (services/knowledge/moveKeys.ts). */
  sourceUpn: string;
  /** null when the service had no move for that user. */
  state: MoveTaskState | null;
  recordedAt: string;
  planId: string;
}

const keyOf = (sourceUpn: string): string => `moveRecord/${sourceUpn.toLowerCase()}`;
/** Keys per store write: one call per user would make 2,000 users 2,000 round trips on a blob store. */
const WRITE_BATCH = 200;

export class MoveRecordStore {
  constructor(private readonly store: KeyValueStore) {}

  /** The recorded state, or null when none was recorded (or the service had no move for that user). */
  async get(sourceUpn: string): Promise<MoveTaskState | null> {
    return (await this.record(sourceUpn))?.state ?? null;
  }

  async record(sourceUpn: string): Promise<MoveRecord | null> {
    const item = (await this.store.read([keyOf(sourceUpn)]))[keyOf(sourceUpn)];
    return item ? (item.record as MoveRecord) : null;
  }

  async putAll(records: MoveRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += WRITE_BATCH) {
      const changes: Record<string, StoreItem> = {};
      for (const record of records.slice(i, i + WRITE_BATCH)) changes[keyOf(record.sourceUpn)] = { record };
      await this.store.write(changes);
    }
  }
}
