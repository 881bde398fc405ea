// The identity-mapping CSV the migration used (no header, six columns). Only User rows matter here;
// Group rows are valid but ignored. A bad row is reported with its line and reason instead of failing
// the whole file, so one typo does not hide everybody else's state.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../errors.js';

export interface IdentityMapUser {
  line: number;
  sourceTenantCompanyId: string;
  sourceUpn: string;
  targetUpn: string;
  targetEmail: string;
  userType: string;
}

export interface IdentityMapProblem { line: number; reason: string }

export interface IdentityMap {
  users: IdentityMapUser[];
  problems: IdentityMapProblem[];
}

const UPN = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export function parseIdentityMap(csv: string): IdentityMap {
  const records = parse(csv, {
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const users: IdentityMapUser[] = [];
  const problems: IdentityMapProblem[] = [];
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const kind = record[0]?.toLowerCase();
    if (kind === 'group') continue;
    if (kind !== 'user') { problems.push({ line, reason: `first column must be User or Group, not "${record[0]}"` }); continue; }
    if (record.length !== 6) { problems.push({ line, reason: `expected 6 columns, found ${record.length}` }); continue; }
    const [, sourceTenantCompanyId, sourceUpn, targetUpn, targetEmail, userType] = record as [string, string, string, string, string, string];
    if (!UPN.test(sourceUpn)) { problems.push({ line, reason: `source UPN "${sourceUpn}" is not a UPN` }); continue; }
    if (!UPN.test(targetUpn)) { problems.push({ line, reason: `target UPN "${targetUpn}" is not a UPN` }); continue; }
    if (seen.has(sourceUpn.toLowerCase())) { problems.push({ line, reason: `source UPN ${sourceUpn} appears twice` }); continue; }
    seen.add(sourceUpn.toLowerCase());
    users.push({ line, sourceTenantCompanyId, sourceUpn, targetUpn, targetEmail, userType });
  }
  return { users, problems };
}

/** Read on every use: the file is small next to tenant calls, and an edited map takes effect at once. */
export class IdentityMapFile {
  constructor(private readonly path: string | undefined) {}

  get configured(): boolean { return this.path !== undefined; }

  async load(): Promise<IdentityMap> {
    if (!this.path) return { users: [], problems: [] };
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      throw new ConfigError(`The identity map (IDENTITY_MAP_PATH) cannot be read at ${this.path} (${(err as NodeJS.ErrnoException).code ?? 'error'}). Check the path and restart the bot.`);
    }
    return parseIdentityMap(text);
  }
}

/** Look a person up by either UPN (case-insensitive). */
export function findUser(map: IdentityMap, upn: string): IdentityMapUser | undefined {
  const wanted = upn.toLowerCase();
  return map.users.find((u) => u.sourceUpn.toLowerCase() === wanted)
    ?? map.users.find((u) => u.targetUpn.toLowerCase() === wanted);
}
