// KeyValueStore on Azure Blob Storage: one JSON blob per key, compare-and-set by the blob's own ETag
// (If-Match), create-only by If-None-Match: *. Unlike the file store this holds across processes, so
// several bot instances can share state. @azure/storage-blob carries the requests (its own retry policy
// covers throttling and transient faults); a failure that outlasts it reaches the caller as an error.
import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { ConflictError, UnreachableError } from '../errors.js';
import { mapBounded } from '../core/mapBounded.js';
import { IF_ABSENT, type KeyValueStore, type StoreItem } from '../ports.js';

/**
 * Each write stores a random id of its own under this field (dropped on read): after a retry, it tells this
 * writer's own landed write from another writer's that happens to hold the same content.
 */
const WRITE_ID = '_writeId';

/** Reads in flight at once for a batch (status of a large campaign reads hundreds of keys). */
const READ_CONCURRENCY = 16;

export class BlobStore implements KeyValueStore {
  constructor(private readonly container: ContainerClient) {}

  async read(keys: string[]): Promise<Record<string, StoreItem>> {
    const out: Record<string, StoreItem> = {};
    // failFast: one key that cannot be read fails the batch, so nobody waits out the others' retries.
    await mapBounded(keys, { limit: READ_CONCURRENCY, failFast: true }, async (key) => {
      const item = await this.readOne(key);
      if (item) out[key] = item;
    });
    return out;
  }

  async write(changes: Record<string, StoreItem>): Promise<Record<string, string>> {
    const eTags: Record<string, string> = {};
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...content } = item;
      const writeId = randomUUID();
      const body = JSON.stringify({ ...content, [WRITE_ID]: writeId });
      const conditions = eTag === IF_ABSENT ? { ifNoneMatch: '*' } : eTag !== undefined && eTag !== '*' ? { ifMatch: eTag } : {};
      try {
        const written = await this.blob(key).upload(body, Buffer.byteLength(body), {
          conditions, blobHTTPHeaders: { blobContentType: 'application/json' },
        });
        eTags[key] = written.etag!;
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        // 412: the ETag moved on (or the blob exists, for create-only); 409: someone holds it mid-write.
        if (status === 412 || status === 409) {
          // Unless the change moved it on itself: a try that landed but whose answer was lost is sent again
          // by the client's retry, and that second try finds its own write. The stored bytes tell.
          const landed = await this.ownWrite(key, writeId);
          if (landed) { eTags[key] = landed; continue; }
          throw new ConflictError('Someone else changed this first. Look again and retry.', { key });
        }
        throw storageError(err, key);
      }
    }
    return eTags;
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.blob(key).deleteIfExists();
      } catch (err) {
        throw storageError(err, key);
      }
    }
  }

  /** The blob's eTag when it holds the write `writeId` (this writer's own), else undefined. */
  private async ownWrite(key: string, writeId: string): Promise<string | undefined> {
    const stored = await this.download(key).catch(() => undefined);
    return stored && (JSON.parse(stored.text) as Record<string, unknown>)[WRITE_ID] === writeId ? stored.eTag : undefined;
  }

  private async readOne(key: string): Promise<StoreItem | undefined> {
    const stored = await this.download(key);
    if (!stored) return undefined;
    const { [WRITE_ID]: _written, ...item } = JSON.parse(stored.text) as StoreItem;
    return { ...item, eTag: stored.eTag };
  }

  /** The blob's text and the eTag of those very bytes (one request, so a CAS based on it is sound); undefined when absent. */
  private async download(key: string): Promise<{ text: string; eTag: string } | undefined> {
    try {
      const response = await this.blob(key).download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody!) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      return { text: Buffer.concat(chunks).toString('utf8'), eTag: response.etag! };
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw storageError(err, key);
    }
  }

  // Keys are caller-chosen text: encoded, so a key never names another blob's path.
  private blob(key: string) {
    return this.container.getBlockBlobClient(`${encodeURIComponent(key)}.json`);
  }
}

/** A storage failure as the product reports it: the reason, the key, never the SDK's request details. */
export function storageError(err: unknown, key: string): Error {
  const e = err as { statusCode?: number; code?: string; name?: string };
  return new UnreachableError(`The shared store (Azure Blob Storage) did not answer as it should (${e.code ?? e.name ?? 'error'}${e.statusCode ? `, HTTP ${e.statusCode}` : ''}). Try again in a moment.`, { key, statusCode: e.statusCode });
}
