// KeyValueStore on local files, one JSON file per key. Compare-and-set on eTags makes concurrent
// decisions safe inside one process (writes to a key are serialised); the write itself is atomic
// (temp file + rename) so a crash never leaves half a record. Several processes sharing one directory
// are not serialised: that needs the blob store.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError } from '../errors.js';
import { IF_ABSENT, type KeyValueStore, type StoreItem } from '../ports.js';

export class FileStore implements KeyValueStore {
  private readonly queues = new Map<string, Promise<unknown>>();
  private ready?: Promise<unknown>;

  constructor(private readonly dir: string) {}

  async read(keys: string[]): Promise<Record<string, StoreItem>> {
    const out: Record<string, StoreItem> = {};
    for (const key of keys) {
      const item = await this.readOne(key);
      if (item) out[key] = item;
    }
    return out;
  }

  async write(changes: Record<string, StoreItem>): Promise<Record<string, string>> {
    await this.ensureDir();
    const eTags: Record<string, string> = {};
    for (const [key, item] of Object.entries(changes)) {
      await this.serialised(key, async () => {
        if (item.eTag !== undefined && item.eTag !== '*') {
          const current = await this.readOne(key);
          const stale = item.eTag === IF_ABSENT ? current !== undefined : !current || current.eTag !== item.eTag;
          if (stale) throw new ConflictError('Someone else changed this first. Look again and retry.', { key });
        }
        const stored = { ...item, eTag: randomUUID() };
        const temp = `${this.fileOf(key)}.${randomUUID()}.tmp`;
        await writeFile(temp, JSON.stringify(stored), 'utf8');
        await rename(temp, this.fileOf(key));
        eTags[key] = stored.eTag;
      });
    }
    return eTags;
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.serialised(key, () => rm(this.fileOf(key), { force: true }));
    }
  }

  private async readOne(key: string): Promise<StoreItem | undefined> {
    try {
      return JSON.parse(await readFile(this.fileOf(key), 'utf8')) as StoreItem;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  // Keys are caller-chosen text: encode them so no key can name a path outside the directory.
  private fileOf(key: string): string {
    return join(this.dir, `${encodeURIComponent(key).replace(/\./g, '%2E')}.json`);
  }

  private ensureDir(): Promise<unknown> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    return this.ready;
  }

  private serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => { if (this.queues.get(key) === settled) this.queues.delete(key); });
    return next;
  }
}
