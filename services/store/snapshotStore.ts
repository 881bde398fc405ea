// Saved results behind paged cards. A card carries only the snapshot id and a page number; the items
// themselves stay on the server, so a tampered card can at most ask for another page of the same list.
import { randomUUID } from 'node:crypto';
import type { Clock, KeyValueStore } from '../ports.js';

export interface Snapshot<T> {
  id: string;
  /** What the list is (e.g. 'redirects'); the card picks its wording from it. */
  kind: string;
  /** The values its heading needs (tenant, side, …), as plain text. */
  params: Record<string, string>;
  /** The command to type for a fresh list, shown when the snapshot has expired. */
  command: string;
  items: T[];
  createdAt: string;
  expiresAt: string;
}

export type NewSnapshot<T> = Omit<Snapshot<T>, 'id' | 'createdAt' | 'expiresAt'>;

const PREFIX = 'snapshot/';
export const SNAPSHOT_TTL_MS = 60 * 60 * 1000;

export class SnapshotStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly ttlMs = SNAPSHOT_TTL_MS,
  ) {}

  async save<T>(snapshot: NewSnapshot<T>): Promise<Snapshot<T>> {
    const now = this.clock.now();
    const saved: Snapshot<T> = {
      ...snapshot,
      id: randomUUID(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlMs).toISOString(),
    };
    await this.store.write({ [PREFIX + saved.id]: { snapshot: saved } });
    return saved;
  }

  /** The snapshot, or null when it never existed or has expired (an expired one is removed). */
  async load<T>(id: string): Promise<Snapshot<T> | null> {
    const key = PREFIX + id;
    const found = (await this.store.read([key]))[key];
    const snapshot = found?.snapshot as Snapshot<T> | undefined;
    if (!snapshot) return null;
    if (Date.parse(snapshot.expiresAt) <= this.clock.now().getTime()) {
      await this.store.delete([key]);
      return null;
    }
    return snapshot;
  }
}
