// The audit record: one JSON line per entry, appended, never rewritten. Appends go through one queue so
// concurrent callers in this process never interleave lines. Entries hold ids, URLs and messages only;
// a detail field that looks like a credential is dropped before it is written, as a last line of defence.
import { mkdir, open, appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntry, AuditLog } from '../approvals/types.js';
import type { Clock } from '../ports.js';

const SECRET_NAME = /token|secret|password|passwd|authorization|cookie|credential|private|assertion|apikey|connectionstring/i;
const SECRET_VALUE = /^(ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.|-----BEGIN |Bearer\s)/;
const TAIL_CHUNK = 64 * 1024;

export class FileAuditLog implements AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  private ready?: Promise<unknown>;

  constructor(private readonly path: string, private readonly clock: Clock) {}

  append(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const line = `${JSON.stringify({ at: this.clock.now().toISOString(), ...scrub(entry) })}\n`;
    const write = this.queue.then(async () => {
      this.ready ??= mkdir(dirname(this.path), { recursive: true });
      await this.ready;
      await appendFile(this.path, line, 'utf8');
    });
    // A failed append must reach its caller, but must not block the appends queued after it.
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** The last n entries, oldest first; reads the file from its end so a long record stays cheap. */
  async latest(n: number): Promise<AuditEntry[]> {
    if (n <= 0) return [];
    await this.queue;
    const lines = await tailLines(this.path, n);
    return lines.map(parseLine);
  }
}

/** A line torn by a crash mid-append is shown as such, not allowed to hide the entries around it. */
export function parseLine(line: string): AuditEntry {
  try {
    return JSON.parse(line) as AuditEntry;
  } catch {
    return { at: '', event: 'audit.unreadable-line', detail: { text: line.slice(0, 200) } };
  }
}

async function tailLines(path: string, n: number): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    const { size } = await handle.stat();
    let start = size;
    let tail = Buffer.alloc(0);
    // Read backwards chunk by chunk until n complete lines are in hand (or the file is exhausted). Bytes
    // are joined before decoding so a character split across chunks stays whole.
    while (start > 0 && countNewlines(tail) <= n) {
      const length = Math.min(TAIL_CHUNK, start);
      start -= length;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, start);
      tail = Buffer.concat([buffer, tail]);
    }
    const text = tail.toString('utf8');
    const lines = text.split('\n').filter(Boolean);
    // Unless the whole file was read, the first line may be cut in half.
    return (start > 0 ? lines.slice(1) : lines).slice(-n);
  } finally {
    await handle.close();
  }
}

function countNewlines(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) count++;
  return count;
}

export function scrub<T>(value: T): T {
  if (Array.isArray(value)) return value.map(scrub) as T;
  if (typeof value === 'string') return (SECRET_VALUE.test(value) ? '[redacted]' : value) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_NAME.test(k)) continue;
    out[k] = scrub(v);
  }
  return out as T;
}
