// The identity-mapping CSV the migration used (no header, six columns). Only User rows matter here;
// Group rows are checked but not kept. This module keeps the long-standing entry points (the sync
// parser, IdentityMapFile, findUser); the rules live in rows.ts and the streaming reader in importer.ts.
import { parse } from 'csv-parse/sync';
import { RowChecker, type IdentityMapUser } from './rows.js';
import {
  csvOptions, fieldsOf, importIdentityMap, readIdentityMap, toMap,
  type IdentityMap, type ImportResult, type CsvRecord,
} from './importer.js';
import { MapFile, type MapFileKind, type MapFileOptions, type MapOrigin } from './mapFile.js';
import { saveIdentityMap, STORED_IDENTITY_MAP } from './store.js';

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
  const records = parse(csv, csvOptions(checker)) as unknown as { record: CsvRecord; info: { lines: number } }[];
  for (const { record, info } of records) checker.row(fieldsOf(record), info.lines);
  return toMap(checker, checker.problems);
}

export type IdentityMapFileOptions = MapFileOptions;
export type IdentityMapOrigin = MapOrigin;

const IDENTITY_MAP_FILE: MapFileKind<IdentityMap, ImportResult> = {
  storedName: STORED_IDENTITY_MAP,
  what: 'identity map',
  setting: 'IDENTITY_MAP_PATH',
  empty: () => ({ users: [], problems: [] }),
  read: readIdentityMap,
  save: saveIdentityMap,
};

/** The identity map in use: one an admin imported in chat (`<storeDir>/identity-map.csv`), the IDENTITY_MAP_PATH file, or none. */
export class IdentityMapFile extends MapFile<IdentityMap, ImportResult> {
  constructor(configuredPath: string | undefined, options: IdentityMapFileOptions = {}) {
    super(IDENTITY_MAP_FILE, configuredPath, options);
  }

  /** All or nothing, for anything that acts on everybody in the file (a campaign). */
  async import(): Promise<ImportResult> {
    if (!this.path) return { ok: false, errors: [{ line: 0, reason: 'IDENTITY_MAP_PATH is not set' }], errorCount: 1 };
    return importIdentityMap(this.path, this.limits);
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
