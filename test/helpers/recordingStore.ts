// A store that records the keys each read and write touched, around a real one: tests count what was
// downloaded and how many writes a change cost; writes may be refused, as by an outage or another writer.
import type { KeyValueStore, StoreItem } from '../../services/ports.js';

export class RecordingStore implements KeyValueStore {
  readonly keysRead: string[] = [];
  readonly keysWritten: string[] = [];
  /** Writes touching a key this returns an error for are refused with it (an outage, a conflict). */
  refuse: (key: string) => Error | undefined = () => undefined;
  constructor(private readonly inner: KeyValueStore) {}
  read(keys: string[]): Promise<Record<string, StoreItem>> {
    this.keysRead.push(...keys);
    return this.inner.read(keys);
  }
  write(changes: Record<string, StoreItem>): Promise<Record<string, string>> {
    this.keysWritten.push(...Object.keys(changes));
    const refused = Object.keys(changes).map(this.refuse).find(Boolean);
    return refused ? Promise.reject(refused) : this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> { return this.inner.delete(keys); }
  /** How many times `key` was read since the mark. */
  readsOf(key: string, since = 0): number { return this.keysRead.slice(since).filter((k) => k === key).length; }
  /** How many writes touched `key`. */
  writesOf(key: string): number { return this.keysWritten.filter((k) => k === key).length; }
  get mark(): number { return this.keysRead.length; }
}
