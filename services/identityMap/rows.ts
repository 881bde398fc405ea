// One identity-map row at a time: its shape (zod, a schema per row kind) and the one-to-one rule across
// rows. Both the streaming import and the small synchronous parser feed rows through RowChecker, so a
// file means the same thing whichever way it is read.
import { z } from 'zod';

export interface IdentityMapUser {
  line: number;
  sourceTenantCompanyId: string;
  sourceUpn: string;
  targetUpn: string;
  targetEmail: string;
  userType: string;
}

/** `column` is set when one field is to blame; line 0 means the file as a whole (size, unreadable). */
export interface IdentityMapProblem { line: number; reason: string; column?: string }

export const USER_COLUMNS = ['User', 'SourceTenantCompanyID', 'SourceUserUpn', 'TargetUserUpn', 'TargetUserEmail', 'UserType'] as const;
export const GROUP_COLUMNS = ['Group', 'SourceTenantCompanyID', 'SourceGroupObjectID', 'TargetGroupObjectID', 'GroupName', 'GroupType'] as const;

// The documentation names the UserType column but no list of values; Member and Guest are Entra's own
// user types. Accepted in any case and stored as written in this list, so "member" is not a row error.
export const USER_TYPES = ['Member', 'Guest'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 5322 atext for the local part (apostrophes included: o'brien@ is a real UPN; the move service
// refuses it later, which is the tenant's rule, not the file's) and a dotted DNS name.
const UPN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const field = () => z.string().min(1, 'is empty');
const guid = () => field().regex(GUID, 'is not a GUID');
const upn = (what: string) => field().max(254, 'is longer than 254 characters').regex(UPN, `is not ${what}`);

const userRow = z.tuple([
  z.string(), guid(), upn('a UPN'), upn('a UPN'), upn('an email address'),
  field().refine((v) => USER_TYPES.some((t) => t.toLowerCase() === v.toLowerCase()), `is not ${USER_TYPES.join(' or ')}`),
]);
// GroupType values are not documented either, so any non-empty value passes.
const groupRow = z.tuple([z.string(), guid(), guid(), guid(), field(), field()]);

const MAX_SHOWN = 60;
export const shown = (value: string): string =>
  JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);

/**
 * Problems up to a cap (the count goes on), and a row's shape checked against a zod tuple with the first
 * failing column named: what every map file's rows share.
 */
export class RowProblems {
  problemCount = 0;
  private readonly shownProblems: IdentityMapProblem[] = [];

  constructor(private readonly maxProblems = Infinity) {}

  /** Problems in line order. Callers may report some out of order (the CSV reader's own come early). */
  get problems(): IdentityMapProblem[] {
    return [...this.shownProblems].sort((a, b) => a.line - b.line);
  }

  problem(p: IdentityMapProblem): void {
    this.problemCount++;
    if (this.shownProblems.length < this.maxProblems) this.shownProblems.push(p);
  }

  protected shape(schema: z.ZodType, columns: readonly string[], fields: string[], line: number): boolean {
    const parsed = schema.safeParse(fields);
    if (parsed.success) return true;
    const issue = parsed.error.issues[0]!;
    const index = Number(issue.path[0]);
    const column = columns[index] ?? 'row';
    const value = fields[index] ?? '';
    this.problem({ line, column, reason: value === '' ? `${column} is empty` : `${column} ${shown(value)} ${issue.message}` });
    return false;
  }
}

/** What the CSV reader feeds: every record of the right length, and every problem it found itself. */
export interface RowSink {
  row(fields: string[], line: number): void;
  problem(p: IdentityMapProblem): void;
  readonly problemCount: number;
  readonly problems: IdentityMapProblem[];
  /** Rows kept: a file with none is not a map. */
  readonly accepted: number;
  /** Present when the file starts with a header: the reader hands it the first record instead of row(). */
  header?(fields: string[]): void;
}

/** Builds the O(1) indexes as rows arrive. */
export class RowChecker extends RowProblems implements RowSink {
  readonly users: IdentityMapUser[] = [];
  readonly bySource = new Map<string, IdentityMapUser>();
  readonly byTarget = new Map<string, IdentityMapUser>();
  groups = 0;
  private readonly groupSources = new Map<string, number>();
  private readonly groupTargets = new Map<string, number>();

  get accepted(): number { return this.users.length + this.groups; }

  /** A record of exactly six trimmed fields (the CSV reader refuses other lengths). */
  row(fields: string[], line: number): void {
    const kind = (fields[0] ?? '').toLowerCase();
    if (kind === 'user') this.user(fields, line);
    else if (kind === 'group') this.group(fields, line);
    else this.problem({ line, column: 'kind', reason: `the first column must be User or Group, not ${shown(fields[0] ?? '')}` });
  }

  private user(fields: string[], line: number): void {
    if (!this.shape(userRow, USER_COLUMNS, fields, line)) return;
    const [, sourceTenantCompanyId, sourceUpn, targetUpn, targetEmail, type] = fields as [string, string, string, string, string, string];
    const sourceKey = sourceUpn.toLowerCase();
    const targetKey = targetUpn.toLowerCase();
    // One-to-one: the second mention is the error, and it names the line that claimed the UPN first.
    const firstSource = this.bySource.get(sourceKey);
    if (firstSource) {
      this.problem({ line, column: 'SourceUserUpn', reason: `SourceUserUpn ${shown(sourceUpn)} is already mapped on line ${firstSource.line}` });
      return;
    }
    const firstTarget = this.byTarget.get(targetKey);
    if (firstTarget) {
      this.problem({ line, column: 'TargetUserUpn', reason: `TargetUserUpn ${shown(targetUpn)} is already mapped on line ${firstTarget.line}` });
      return;
    }
    const userType = USER_TYPES.find((t) => t.toLowerCase() === type.toLowerCase()) as string;
    const user: IdentityMapUser = { line, sourceTenantCompanyId, sourceUpn, targetUpn, targetEmail, userType };
    this.users.push(user);
    this.bySource.set(sourceKey, user);
    this.byTarget.set(targetKey, user);
  }

  private group(fields: string[], line: number): void {
    if (!this.shape(groupRow, GROUP_COLUMNS, fields, line)) return;
    // Groups are not used by the bot, but a group mapped twice is the same one-to-one mistake.
    for (const [index, seen] of [[2, this.groupSources], [3, this.groupTargets]] as const) {
      const column = GROUP_COLUMNS[index];
      const id = (fields[index] as string).toLowerCase();
      const first = seen.get(id);
      if (first !== undefined) {
        this.problem({ line, column, reason: `${column} ${shown(fields[index] as string)} is already mapped on line ${first}` });
        return;
      }
    }
    this.groupSources.set((fields[2] as string).toLowerCase(), line);
    this.groupTargets.set((fields[3] as string).toLowerCase(), line);
    this.groups++;
  }
}
