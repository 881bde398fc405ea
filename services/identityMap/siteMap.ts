// The site map: which SharePoint sites and Microsoft 365 group sites moved where. The admin sends it like
// the identity map (or sets SITE_MAP_PATH); it is read by the identity map's reader, limits and store,
// with the rules of siteMapRows.ts.
import type { FileHandle } from 'node:fs/promises';
import { normalSiteUrl } from '../siteUrl.js';
import {
  checkEveryRow, DEFAULT_LIMITS, scanCsv,
  type IdentityMapLimits, type IdentityMapSource, type ScanOptions,
} from './importer.js';
import { MapFile, type MapFileKind, type MapFileOptions } from './mapFile.js';
import type { IdentityMapProblem } from './rows.js';
import { SITE_MAP_COLUMNS, SiteRowChecker, type SiteMapEntry, type SiteMapHosts } from './siteMapRows.js';
import { saveMapFile } from './store.js';

export type { SiteMapEntry, SiteMapHosts } from './siteMapRows.js';
export { isSiteMapHeader, rootHostOfAdminUrl, SITE_MAP_COLUMNS, siteMapHosts } from './siteMapRows.js';

export const STORED_SITE_MAP = 'site-map.csv';

export interface SiteMap {
  entries: SiteMapEntry[];
  problems: IdentityMapProblem[];
  /** Normal site URL (source or target) → entry; absent on maps built by hand (findSiteEntry then scans). */
  byUrl?: ReadonlyMap<string, SiteMapEntry>;
  /** Lower-cased group alias → entry, per side. */
  bySourceAlias?: ReadonlyMap<string, SiteMapEntry>;
  byTargetAlias?: ReadonlyMap<string, SiteMapEntry>;
  /** Which version of the file this is (path, size, modification time); absent on maps built by hand. */
  version?: string;
}

export type SiteMapImport =
  | { ok: true; map: SiteMap; sites: number; groups: number }
  | { ok: false; errors: IdentityMapProblem[]; errorCount: number };

export interface SiteMapLimits extends IdentityMapLimits {
  /** The configured tenants' root hosts: rows must go from the source's to the target's. */
  hosts?: SiteMapHosts;
}

/** By source or target site URL (any case, trailing slash, default port) or by either group alias, case-insensitive. */
export function findSiteEntry(map: SiteMap, urlOrAlias: string): SiteMapEntry | undefined {
  const url = normalSiteUrl(urlOrAlias);
  const alias = urlOrAlias.trim().toLowerCase();
  if (map.byUrl && map.bySourceAlias && map.byTargetAlias) {
    return map.byUrl.get(url) ?? map.bySourceAlias.get(alias) ?? map.byTargetAlias.get(alias);
  }
  return map.entries.find((e) => normalSiteUrl(e.sourceSiteUrl) === url || normalSiteUrl(e.targetSiteUrl) === url)
    ?? map.entries.find((e) => e.sourceAlias?.toLowerCase() === alias)
    ?? map.entries.find((e) => e.targetAlias?.toLowerCase() === alias);
}

function scanSiteMap(source: IdentityMapSource, options: ScanOptions & SiteMapLimits) {
  const checker = new SiteRowChecker(options.maxErrors ?? DEFAULT_LIMITS.maxErrors, options.hosts);
  return scanCsv(source, checker, SITE_MAP_COLUMNS.length, options);
}

function toSiteMap(checker: SiteRowChecker, problems: IdentityMapProblem[]): SiteMap {
  return { entries: checker.entries, problems, byUrl: checker.byUrl, bySourceAlias: checker.bySourceAlias, byTargetAlias: checker.byTargetAlias };
}

/** All or nothing: the map is returned only when every row is valid (and there is at least one). */
export async function importSiteMap(source: IdentityMapSource, limits: SiteMapLimits = {}, copyTo?: FileHandle): Promise<SiteMapImport> {
  const checked = await checkEveryRow((options) => scanSiteMap(source, { ...limits, ...options }), limits, copyTo);
  if (!checked.ok) return checked;
  const { entries } = checked.checker;
  const groups = entries.filter((e) => e.kind === 'group').length;
  return { ok: true, map: toSiteMap(checked.checker, []), sites: entries.length - groups, groups };
}

/** Lenient: the good rows and every problem (a stopped reading keeps no rows). Throws IdentityMapReadError. */
export async function readSiteMap(source: IdentityMapSource, limits: SiteMapLimits = {}): Promise<SiteMap> {
  const { checker, fatal } = await scanSiteMap(source, { maxErrors: Infinity, ...limits });
  if (fatal) return { entries: [], problems: [fatal, ...checker.problems] };
  return toSiteMap(checker, checker.problems);
}

const SITE_MAP_FILE: MapFileKind<SiteMap, SiteMapImport> = {
  storedName: STORED_SITE_MAP,
  what: 'site map',
  setting: 'SITE_MAP_PATH',
  empty: () => ({ entries: [], problems: [] }),
  read: readSiteMap,
  save: (storeDir, source, limits) => saveMapFile(storeDir, STORED_SITE_MAP, (copyTo) => importSiteMap(source, limits, copyTo)),
};

export interface SiteMapFileOptions extends MapFileOptions {
  hosts?: SiteMapHosts;
}

/**
 * The site map in use: one an admin imported in chat (`<storeDir>/site-map.csv`), else the configured file
 * (SITE_MAP_PATH, or the simulated tenants' own map written to the store directory), else none.
 */
export class SiteMapFile extends MapFile<SiteMap, SiteMapImport> {
  constructor(configuredPath: string | undefined, options: SiteMapFileOptions = {}) {
    super(SITE_MAP_FILE, configuredPath, options);
  }
}
