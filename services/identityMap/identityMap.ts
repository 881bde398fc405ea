// The identity-mapping CSV the migration used (no header, six columns). Only User rows matter here;
// Group rows are checked but not kept. This module keeps the long-standing entry points (the sync
// parser, IdentityMapFile, findUser); the rules live in rows.ts and the streaming reader in importer.ts.
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../errors.js';
import { RowChecker, type IdentityMapUser } from './rows.js';
import {
  csvOptions, fieldsOf, IdentityMapReadError, importIdentityMap, readIdentityMap, toMap,
  type IdentityMap, type IdentityMapLimits, type ImportResult, type Record6,
} from './importer.js';

export type { IdentityMapUser, IdentityMapProblem } from './rows.js';
export type { IdentityMap, IdentityMapLimits, IdentityMapSource, ImportResult } from './importer.js';
export { importIdentityMap, readIdentityMap } from './importer.js';
export { saveIdentityMap, STORED_IDENTITY_MAP } from './store.js';

/**
 * Lenient, for text already in memory (tests, small maps): the good rows plus every bad row with its
 * line and reason, so one typo does not hide everybody else's state.
 */
export function parseIdentityMap(csv: string): IdentityMap {
  const checker = new RowChecker();
  const records = parse(csv, csvOptions(checker)) as unknown as { record: Record6; info: { lines: number } }[];
  for (const { record, info } of records) checker.row(fieldsOf(record), info.lines);
  return toMap(checker, checker.problems);
}

/** Read on every use: the file is small next to tenant calls, and an edited map takes effect at once. */
export class IdentityMapFile {
  constructor(private readonly path: string | undefined, private readonly limits: IdentityMapLimits = {}) {}

  get configured(): boolean { return this.path !== undefined; }

  /** Good rows and problems (lenient), as the status card and planners have always read it. */
  async load(): Promise<IdentityMap> {
    if (!this.path) return { users: [], problems: [] };
    try {
      return await readIdentityMap(this.path, this.limits);
    } catch (err) {
      throw this.unreadable(err);
    }
  }

  /** All or nothing, for anything that acts on everybody in the file (a campaign). */
  async import(): Promise<ImportResult> {
    if (!this.path) return { ok: false, errors: [{ line: 0, reason: 'IDENTITY_MAP_PATH is not set' }], errorCount: 1 };
    return importIdentityMap(this.path, this.limits);
  }

  private unreadable(err: unknown): unknown {
    if (!(err instanceof IdentityMapReadError)) return err;
    return new ConfigError(`The identity map (IDENTITY_MAP_PATH) cannot be read at ${this.path} (${err.code}). Check the path and restart the bot.`);
  }
}

/** Look a person up by either UPN (case-insensitive); O(1) on maps this module built. */
export function findUser(map: IdentityMap, upn: string): IdentityMapUser | undefined {
  const wanted = upn.toLowerCase();
  if (map.bySource && map.byTarget) return map.bySource.get(wanted) ?? map.byTarget.get(wanted);
  return map.users.find((u) => u.sourceUpn.toLowerCase() === wanted)
    ?? map.users.find((u) => u.targetUpn.toLowerCase() === wanted);
}

/** By source UPN only (case-insensitive). */
export function findBySource(map: IdentityMap, upn: string): IdentityMapUser | undefined {
  const wanted = upn.toLowerCase();
  return map.bySource ? map.bySource.get(wanted) : map.users.find((u) => u.sourceUpn.toLowerCase() === wanted);
}

/** By target UPN only (case-insensitive). */
export function findByTarget(map: IdentityMap, upn: string): IdentityMapUser | undefined {
  const wanted = upn.toLowerCase();
  return map.byTarget ? map.byTarget.get(wanted) : map.users.find((u) => u.targetUpn.toLowerCase() === wanted);
}
