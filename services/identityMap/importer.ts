// Reads an identity-mapping CSV as a stream (a file path, or an admin's attachment as it downloads), so a
// 100,000-row file never sits in memory as one string. Two policies over the same reading:
// importIdentityMap is all or nothing (a campaign must not go to half a file), readIdentityMap keeps the
// good rows and lists the bad ones (the status card's long-standing behaviour).
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Options } from 'csv-parse';
import { RowChecker, type IdentityMapProblem, type IdentityMapUser, type RowSink } from './rows.js';

export type IdentityMapSource = string | Readable | AsyncIterable<Buffer | string>;

export interface IdentityMapLimits {
  /** Bytes read before giving up (default 50 MB: 500,000 rows of long UPNs fit). */
  maxBytes?: number;
  /** Data rows, blank lines excluded (default 500,000). */
  maxRows?: number;
  /** Problems listed; the count goes on past it (default 100). */
  maxErrors?: number;
}

export const DEFAULT_LIMITS = { maxBytes: 50 * 1024 * 1024, maxRows: 500_000, maxErrors: 100 } as const;

export interface IdentityMap {
  users: IdentityMapUser[];
  problems: IdentityMapProblem[];
  /** Lower-cased UPN → user, for O(1) lookups; absent on maps built by hand (findUser then scans). */
  bySource?: ReadonlyMap<string, IdentityMapUser>;
  byTarget?: ReadonlyMap<string, IdentityMapUser>;
  groups?: number;
  /** Which version of the file this is (path, size, modification time); absent on maps built by hand. */
  version?: string;
}

export type ImportResult =
  | { ok: true; map: IdentityMap; users: number; groups: number }
  | { ok: false; errors: IdentityMapProblem[]; errorCount: number };

/** The source could not be read at all (missing file, failed download): not a row problem. */
export class IdentityMapReadError extends Error {
  constructor(readonly code: string, cause: unknown) {
    super(`the identity map cannot be read (${code})`, { cause });
  }
}

class LimitReached extends Error {}

/** The identity map's column count; other map files name theirs when they scan. */
const IDENTITY_COLUMNS = 6;
const columnNames = (count: number): string[] => Array.from({ length: count }, (_, i) => `c${i}`);
export type CsvRecord = Record<string, string>;

export interface ScanOptions extends IdentityMapLimits {
  /** Every byte read, in order, before it is parsed (the store's temp file). */
  copyTo?: FileHandle;
}

export interface Scan<C extends RowSink = RowChecker> { checker: C; fatal?: IdentityMapProblem }

/** Reads every row through a RowChecker. Throws IdentityMapReadError only when the source fails. */
export function scanIdentityMap(source: IdentityMapSource, options: ScanOptions = {}): Promise<Scan> {
  return scanCsv(source, new RowChecker(options.maxErrors ?? DEFAULT_LIMITS.maxErrors), IDENTITY_COLUMNS, options);
}

/** Reads every record of `columns` fields into `checker`, within the size and row limits. Throws IdentityMapReadError only when the source fails. */
export async function scanCsv<C extends RowSink>(source: IdentityMapSource, checker: C, columns: number, options: ScanOptions = {}): Promise<Scan<C>> {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const maxRows = options.maxRows ?? DEFAULT_LIMITS.maxRows;
  let bytes = 0;
  let rows = 0;
  const countRow = (line: number) => {
    if (++rows > maxRows) throw new LimitReached(`the file has more than ${maxRows} rows (line ${line}); split it or raise the limit`);
  };

  const parser = parse(csvOptions(checker, countRow, columns));

  async function* limit(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bytes += buffer.length;
      if (bytes > maxBytes) throw new LimitReached(`the file is larger than ${formatBytes(maxBytes)}`);
      if (options.copyTo) await options.copyTo.write(buffer);
      yield buffer;
    }
  }

  async function check(records: AsyncIterable<{ record: CsvRecord; info: { lines: number } }>): Promise<void> {
    for await (const { record, info } of records) {
      countRow(info.lines);
      checker.row(fieldsOf(record), info.lines);
    }
  }

  const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: 256 * 1024 }) : Readable.from(source, { objectMode: false });
  try {
    await pipeline(input, limit, parser, check);
    return { checker };
  } catch (err) {
    if (err instanceof LimitReached) return { checker, fatal: { line: 0, reason: err.message } };
    if (err instanceof CsvError) return { checker, fatal: { line: (err as CsvError & { lines?: number }).lines ?? 0, reason: csvReason(err) } };
    throw new IdentityMapReadError((err as NodeJS.ErrnoException).code ?? 'error', err);
  }
}

/** All or nothing: the map is returned only when every row is valid. */
export async function importIdentityMap(source: IdentityMapSource, limits: IdentityMapLimits = {}, copyTo?: FileHandle): Promise<ImportResult> {
  const checked = await checkEveryRow((options) => scanIdentityMap(source, options), limits, copyTo);
  if (!checked.ok) return checked;
  const { checker } = checked;
  return { ok: true, map: toMap(checker, []), users: checker.users.length, groups: checker.groups };
}

export type EveryRow<C> = { ok: true; checker: C } | { ok: false; errors: IdentityMapProblem[]; errorCount: number };

/** The all-or-nothing policy over any scan: every row passed and at least one was kept, or the problems. */
export async function checkEveryRow<C extends RowSink>(scan: (options: ScanOptions) => Promise<Scan<C>>, limits: IdentityMapLimits, copyTo?: FileHandle): Promise<EveryRow<C>> {
  let scanned: Scan<C>;
  try {
    scanned = await scan({ ...limits, copyTo });
  } catch (err) {
    if (!(err instanceof IdentityMapReadError)) throw err;
    return { ok: false, errors: [{ line: 0, reason: err.message }], errorCount: 1 };
  }
  const { checker, fatal } = scanned;
  if (fatal || checker.problemCount > 0) {
    const errors = checker.problems;
    // A limit or an unreadable quote stops the reading: say so first, the rows before it still count.
    if (fatal) errors.unshift(fatal);
    return { ok: false, errors: errors.slice(0, limits.maxErrors ?? DEFAULT_LIMITS.maxErrors), errorCount: checker.problemCount + (fatal ? 1 : 0) };
  }
  if (checker.accepted === 0) return { ok: false, errors: [{ line: 0, reason: 'the file has no rows' }], errorCount: 1 };
  return { ok: true, checker };
}

/** Lenient: the good rows and every problem (a stopped reading keeps no rows). Throws IdentityMapReadError. */
export async function readIdentityMap(source: IdentityMapSource, limits: IdentityMapLimits = {}): Promise<IdentityMap> {
  const { checker, fatal } = await scanIdentityMap(source, { maxErrors: Infinity, ...limits });
  if (fatal) return { users: [], problems: [fatal, ...checker.problems], groups: 0 };
  return toMap(checker, checker.problems);
}

export function toMap(checker: RowChecker, problems: IdentityMapProblem[]): IdentityMap {
  return { users: checker.users, problems, bySource: checker.bySource, byTarget: checker.byTarget, groups: checker.groups };
}

/** The reader's settings, shared with the synchronous parser so both read a file the same way. */
export function csvOptions(checker: RowSink, countRow: (line: number) => void = () => {}, columns = IDENTITY_COLUMNS): Options {
  const names = columnNames(columns);
  return {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    // Naming the columns makes the reader itself refuse any other count (relax_column_count stays off);
    // without names it would expect whatever the first row happened to have.
    // A header (when the checker takes one) is not a data row, so it is not counted against maxRows either.
    columns: checker.header ? (header: string[]) => { checker.header!(header); return names; } : names,
    record_delimiter: ['\r\n', '\n'],
    info: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (!err) return undefined;
      const line = Number(err.lines);
      const fields = Array.isArray(err.record) ? (err.record as string[]) : undefined;
      // A line of spaces trims to one empty field: a blank line, not a short row.
      if (fields && fields.every((f) => f === '')) return undefined;
      countRow(line);
      checker.problem({
        line,
        reason: err.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' && fields
          ? `expected ${names.length} columns, found ${fields.length}`
          : csvReason(err),
      });
      return undefined;
    },
  };
}

/** The reader builds each record with the named columns in order. */
export function fieldsOf(record: CsvRecord): string[] {
  return Object.values(record);
}


export function csvReason(err: CsvError): string {
  // The reader's message ends with its own "at line N"; the line is reported separately.
  const message = err.message.replace(/\s*(at|on) line \d+\.?$/i, '');
  return message.length > 120 ? `${message.slice(0, 120)}…` : message;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(0)} MB` : `${n} bytes`;
}
