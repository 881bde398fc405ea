// A map file in use (the identity map, the site map): the one an admin imported in chat, kept in the store
// directory, or else the configured path. Parsed once per change of the file, replaced all or nothing.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { IdentityMapReadError, type IdentityMapLimits, type IdentityMapSource } from './importer.js';
import type { SavedImport } from './store.js';

/** The map in use: one an admin imported in chat, the configured file, or none. */
export type MapOrigin = 'imported' | 'configured' | 'none';

export interface MapFileOptions extends IdentityMapLimits {
  /** Where a map imported in chat is kept; without it nothing can be imported. */
  storeDir?: string;
}

/** What tells one kind of map file from another. */
export interface MapFileKind<M, R> {
  /** The imported copy's name in the store directory. */
  storedName: string;
  /** "identity map", as errors name it. */
  what: string;
  /** The setting naming the configured file, e.g. IDENTITY_MAP_PATH. */
  setting: string;
  empty(): M;
  /** Lenient: good rows and problems. Throws IdentityMapReadError when the file cannot be read. */
  read(path: string, limits: IdentityMapLimits): Promise<M>;
  /** All or nothing into `<storeDir>/<storedName>`. */
  save(storeDir: string, source: IdentityMapSource, limits: IdentityMapLimits): Promise<SavedImport<R>>;
}

/**
 * Parsed once per change of the file (its path, size and modification time): at 10,000 people a parse costs
 * more than the answer that asks for it, and status, plans and the ledger each ask. An edited map still takes
 * effect at once. The map handed out is shared: readers must not change it.
 */
export class MapFile<M extends { version?: string }, R extends { ok: boolean }> {
  protected path: string | undefined;
  protected readonly limits: IdentityMapLimits;
  private parsed: { version: string; map: Promise<M> } | null = null;
  private readonly storeDir: string | undefined;

  constructor(private readonly kind: MapFileKind<M, R>, configuredPath: string | undefined, options: MapFileOptions = {}) {
    const { storeDir, ...limits } = options;
    this.storeDir = storeDir;
    this.limits = limits;
    const stored = storeDir ? join(storeDir, kind.storedName) : undefined;
    // The newest import wins, restarts included: an admin who sent a file meant it to replace the old one.
    this.path = stored && existsSync(stored) ? stored : configuredPath;
  }

  get configured(): boolean { return this.path !== undefined; }

  get origin(): MapOrigin {
    if (this.path === undefined) return 'none';
    return this.storeDir && this.path === join(this.storeDir, this.kind.storedName) ? 'imported' : 'configured';
  }

  /**
   * All or nothing, from a stream read once (an attachment as it downloads): only a file whose every row
   * passed replaces the stored map, and load() reads it from then on. `replaced` is what was in use.
   */
  async replaceFrom(source: IdentityMapSource): Promise<{ result: R; replaced: MapOrigin }> {
    if (!this.storeDir) throw new ConfigError(`The bot has no store directory to keep an imported ${this.kind.what} in (STORAGE).`);
    const replaced = this.origin;
    const { result, path } = await this.kind.save(this.storeDir, source, this.limits);
    if (result.ok) this.path = path;
    return { result, replaced };
  }

  /** Good rows and problems (lenient), as the status card and planners read it. */
  async load(): Promise<M> {
    if (!this.path) return this.kind.empty();
    const path = this.path;
    try {
      const file = await stat(path).catch((err: NodeJS.ErrnoException) => { throw new IdentityMapReadError(err.code ?? 'error', err); });
      const version = `${path}|${file.size}|${file.mtimeMs}`;
      if (this.parsed?.version !== version) {
        const map = this.kind.read(path, this.limits).then((m) => ({ ...m, version }));
        this.parsed = { version, map };
        // A failed parse is not kept: the next load tries the file again.
        map.catch(() => { if (this.parsed?.map === map) this.parsed = null; });
      }
      return await this.parsed.map;
    } catch (err) {
      throw this.unreadable(err);
    }
  }

  private unreadable(err: unknown): unknown {
    if (!(err instanceof IdentityMapReadError)) return err;
    const { what, setting } = this.kind;
    if (this.origin === 'imported') {
      return new ConfigError(`The imported ${what} cannot be read at ${this.path} (${err.code}). Send the file again in the personal chat with the bot.`);
    }
    return new ConfigError(`The ${what} (${setting}) cannot be read at ${this.path} (${err.code}). Check the path and restart the bot.`);
  }
}
