// The audit record on Azure Blob Storage, for several instances at once: append blobs, one JSON line per
// block. Appending a block is atomic on the service, so two instances writing together never lose or
// interleave entries. An append blob holds at most 50,000 blocks, so the record is a series of blobs
// (audit/<yyyy-mm-dd>-<n>.jsonl): the day's current one, rolled to the next number when full.
//
// Appending a block is not idempotent: a try that landed but whose answer was lost (a client deadline, a
// reset) is sent again by the storage client's retry, and the line is then there twice. Each entry carries
// an id, and readers show each id once, so the record reads exactly once while writes are at least once.
import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { AuditEntry, AuditLog } from '../approvals/types.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import { storageError } from '../store/blobStore.js';
import { parseLine, scrub } from './auditLog.js';

const PREFIX = 'audit/';

export class BlobAuditLog implements AuditLog {
  /** The blob this process appends to, per day. */
  private current?: { day: string; n: number };

  constructor(private readonly container: ContainerClient, private readonly clock: Clock) {}

  /** Fails with the store's reason (UnreachableError) when Azure Blob Storage does not answer as it should. */
  async append(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    try {
      await this.appendLine(entry);
    } catch (err) {
      throw err instanceof DomainError ? err : storageError(err, 'audit');
    }
  }

  private async appendLine(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const now = this.clock.now();
    const line = `${JSON.stringify({ at: now.toISOString(), ...scrub(entry), id: randomUUID() })}\n`;
    const day = now.toISOString().slice(0, 10);
    if (this.current?.day !== day) this.current = { day, n: await this.lastNumber(day) };
    for (let tries = 0; tries < 100; tries++) {
      const blob = this.container.getAppendBlobClient(nameOf(day, this.current.n));
      try {
        await blob.appendBlock(line, Buffer.byteLength(line));
        return;
      } catch (err) {
        const e = err as { statusCode?: number; code?: string };
        if (e.statusCode === 404) { await blob.createIfNotExists(); continue; }
        // Full (50,000 blocks): move on to the next blob of the day.
        if (e.code === 'BlockCountExceedsLimit' || e.statusCode === 409) { this.current.n++; continue; }
        throw err;
      }
    }
    throw new Error('the audit record could not be appended to');
  }

  /** The last n entries, oldest first, reading the newest blobs first. */
  async latest(n: number): Promise<AuditEntry[]> {
    if (n <= 0) return [];
    const names: string[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix: PREFIX })) names.push(item.name);
    names.sort(compareNames);
    let entries: AuditEntry[] = [];
    for (let i = names.length - 1; i >= 0 && entries.length < n; i--) {
      const text = (await this.container.getAppendBlobClient(names[i]!).downloadToBuffer()).toString('utf8');
      entries = onceEach([...text.split('\n').filter(Boolean).map(parseLine), ...entries]);
    }
    return entries.slice(-n);
  }

  private async lastNumber(day: string): Promise<number> {
    let last = 0;
    for await (const item of this.container.listBlobsFlat({ prefix: `${PREFIX}${day}-` })) last = Math.max(last, numberOf(item.name));
    return last;
  }
}

/** Each id once (its first landing), in order; entries without an id (torn lines) are all kept. */
function onceEach(entries: AuditEntry[]): AuditEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !e.id || (!seen.has(e.id) && (seen.add(e.id), true)));
}

const nameOf = (day: string, n: number) => `${PREFIX}${day}-${String(n).padStart(4, '0')}.jsonl`;
const numberOf = (name: string) => Number(/-(\d+)\.jsonl$/.exec(name)?.[1] ?? 0);
const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
