// The identity-mapping CSV the migration used (no header, six columns). Only User rows matter here;
// Group rows are checked but not kept. This module keeps the long-standing entry points (the sync
// parser, IdentityMapFile, findUser); the rules live in rows.ts and the streaming reader in importer.ts.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../errors.js';
import { RowChecker, type IdentityMapUser } from './rows.js';
import {
  csvOptions, fieldsOf, IdentityMapReadError, importIdentityMap, readIdentityMap, toMap,
  type IdentityMap, type IdentityMapLimits, type IdentityMapSource, type ImportResult, type Record6,
} from './importer.js';
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
  const records = parse(csv, csvOptions(checker)) as unknown as { record: Record6; info: { lines: number } }[];
  for (const { record, info } of records) checker.row(fieldsOf(record), info.lines);
  return toMap(checker, checker.problems);
}

export interface IdentityMapFileOptions extends IdentityMapLimits {
  /** Where a map imported in chat is kept (`<storeDir>/identity-map.csv`); without it nothing can be imported. */
  storeDir?: string;
}

/** The map in use: one an admin imported in chat, the IDENTITY_MAP_PATH file, or none. */
export type IdentityMapOrigin = 'imported' | 'configured' | 'none';

/**
 * Parsed once per change of the file (its path, size and modification time): at 10,000 people a parse costs
 * more than the answer that asks for it, and status, plans and the ledger each ask. An edited map still takes
 * effect at once. The map handed out is shared: readers must not change it.
 */
export class IdentityMapFile {
  private path: string | undefined;
  private parsed: { version: string; map: Promise<IdentityMap> } | null = null;
  private readonly storeDir: string | undefined;
  private readonly limits: IdentityMapLimits;

  constructor(configuredPath: string | undefined, options: IdentityMapFileOptions = {}) {
    const { storeDir, ...limits } = options;
    this.storeDir = storeDir;
    this.limits = limits;
    const stored = storeDir ? join(storeDir, STORED_IDENTITY_MAP) : undefined;
    // The newest import wins, restarts included: an admin who sent a file meant it to replace the old one.
    this.path = stored && existsSync(stored) ? stored : configuredPath;
  }

  get configured(): boolean { return this.path !== undefined; }

  get origin(): IdentityMapOrigin {
    if (this.path === undefined) return 'none';
    return this.storeDir && this.path === join(this.storeDir, STORED_IDENTITY_MAP) ? 'imported' : 'configured';
  }

  /**
   * All or nothing, from a stream read once (an attachment as it downloads): only a file whose every row
   * passed replaces the stored map, and load()/import() read it from then on. `replaced` is what was in use.
   */
  async replaceFrom(source: IdentityMapSource): Promise<{ result: ImportResult; replaced: IdentityMapOrigin }> {
    if (!this.storeDir) throw new ConfigError('The bot has no store directory to keep an imported identity map in (STORAGE).');
    const replaced = this.origin;
    const { result, path } = await saveIdentityMap(this.storeDir, source, this.limits);
    if (result.ok) this.path = path;
    return { result, replaced };
  }

  /** Good rows and problems (lenient), as the status card and planners have always read it. */
  async load(): Promise<IdentityMap> {
    if (!this.path) return { users: [], problems: [] };
    const path = this.path;
    try {
      const file = await stat(path).catch((err: NodeJS.ErrnoException) => { throw new IdentityMapReadError(err.code ?? 'error', err); });
      const version = `${path}|${file.size}|${file.mtimeMs}`;
      if (this.parsed?.version !== version) {
        const map = readIdentityMap(path, this.limits).then((m) => ({ ...m, version }));
        this.parsed = { version, map };
        // A failed parse is not kept: the next load tries the file again.
        map.catch(() => { if (this.parsed?.map === map) this.parsed = null; });
      }
      return await this.parsed.map;
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
    if (this.origin === 'imported') {
      return new ConfigError(`The imported identity map cannot be read at ${this.path} (${err.code}). Send the file again in the personal chat with the bot.`);
    }
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
