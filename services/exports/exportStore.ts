// Files asked for and not yet sent. The CSV is made when the admin asks (so it holds what the command
// would show at that moment) and waits in the store until they accept or decline the file in Teams; the
// consent card carries only the export id, never the rows. The store is the shared one (file or Azure
// Blob), so the instance that gets the click need not be the one that made the file.
import { randomUUID } from 'node:crypto';
import type { Clock, KeyValueStore } from '../ports.js';

export interface StoredExport {
  id: string;
  /** Entra object id of the admin who asked: only they may accept or decline it. */
  userId: string;
  fileName: string;
  description: string;
  csv: string;
  rows: number;
  createdAt: string;
  expiresAt: string;
}

export type NewExport = Omit<StoredExport, 'id' | 'createdAt' | 'expiresAt'>;

/** A day: long enough to come back to the chat, short enough not to keep a copy of the tenants' lists. */
export const EXPORT_TTL_MS = 24 * 60 * 60 * 1000;

const keyOf = (id: string) => `exports/${id}`;
const ID = /^[0-9a-f-]{36}$/;

export class ExportStore {
  constructor(private readonly store: KeyValueStore, private readonly clock: Clock, private readonly ttlMs = EXPORT_TTL_MS) {}

  async save(file: NewExport): Promise<StoredExport> {
    const now = this.clock.now();
    const saved: StoredExport = { ...file, id: randomUUID(), createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + this.ttlMs).toISOString() };
    await this.store.write({ [keyOf(saved.id)]: { export: saved } });
    return saved;
  }

  /** The export, or null when unknown, dropped or expired (an expired one is dropped on the way). */
  async get(id: unknown): Promise<StoredExport | null> {
    // The id comes back from a card click: anything but one of ours is nobody's export.
    if (typeof id !== 'string' || !ID.test(id)) return null;
    const found = (await this.store.read([keyOf(id)]))[keyOf(id)]?.export as StoredExport | undefined;
    if (!found) return null;
    if (Date.parse(found.expiresAt) <= this.clock.now().getTime()) {
      await this.drop(id);
      return null;
    }
    return found;
  }

  async drop(id: string): Promise<void> {
    await this.store.delete([keyOf(id)]);
  }
}
