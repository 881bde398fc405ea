// A store that records the keys each read asked for, around a real one: tests count what was downloaded.
import type { KeyValueStore, StoreItem } from '../../services/ports.js';

export class RecordingStore implements KeyValueStore {
  readonly keysRead: string[] = [];
  constructor(private readonly inner: KeyValueStore) {}
  read(keys: string[]): Promise<Record<string, StoreItem>> {
    this.keysRead.push(...keys);
    return this.inner.read(keys);
  }
  write(changes: Record<string, StoreItem>): Promise<Record<string, string>> { return this.inner.write(changes); }
  delete(keys: string[]): Promise<void> { return this.inner.delete(keys); }
  /** How many times `key` was read since the mark. */
  readsOf(key: string, since = 0): number { return this.keysRead.slice(since).filter((k) => k === key).length; }
  get mark(): number { return this.keysRead.length; }
}
