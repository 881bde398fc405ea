// Who is an admin or an approver: listed by object id (ADMIN_IDS / APPROVER_IDS), or a member of a
// configured Entra group on the target tenant (ADMIN_GROUP_IDS / APPROVER_GROUP_IDS), as Graph's
// transitive checkMemberGroups says. The one place every command, card action and decision asks.
//
// Answers are kept a few minutes, so a chat of commands costs one Graph call, not one per message; a
// removal from a group therefore takes up to that long to bite. A failed Graph answer is not kept (the
// next message asks again) and counts as "not a member": a role is never granted on an error. Nor is it
// waited for: the question has a deadline well inside the 2 s a message is answered in, because a throttled
// Graph names waits of many seconds (Retry-After) that a person typing a command must not sit through.
import { beforeDeadline } from '../core/deadline.js';
import type { Clock, Logger } from '../ports.js';

export type Role = 'admin' | 'approver';

/** Why someone holds a role: their id is listed, or the group (its object id) that made them a member. */
export type Grant = { via: 'id' } | { via: 'group'; groupId: string };

/** Graph checkMemberGroups on the target tenant: the given groups the user is in (lower-case ids). */
export type MemberGroups = (userId: string, groupIds: readonly string[], signal: AbortSignal) => Promise<string[]>;

export interface RoleCheckDeps {
  adminIds: readonly string[];
  approverIds: readonly string[];
  adminGroupIds?: readonly string[];
  approverGroupIds?: readonly string[];
  memberGroups?: MemberGroups;
  clock: Clock;
  logger: Logger;
  /** How long a membership answer is kept (default 5 minutes). */
  cacheMs?: number;
  /** At most this many people's answers are kept; the oldest goes first (default 1,000). */
  cacheSize?: number;
  /** How long Graph may take to answer, retries and throttling waits included (default 1 s). */
  askWithinMs?: number;
}

const DEFAULT_CACHE_MS = 5 * 60_000;
const DEFAULT_CACHE_SIZE = 1_000;
const DEFAULT_ASK_WITHIN_MS = 1_000;

export class RoleCheck {
  readonly adminIds: ReadonlySet<string>;
  readonly approverIds: ReadonlySet<string>;
  private readonly groups: Record<Role, readonly string[]>;
  /** Every configured group of both roles, asked in one Graph question. */
  private readonly allGroups: readonly string[];
  /** userId → the configured groups they are in, and when that was read. Insertion order = age. */
  private readonly cache = new Map<string, { groups: ReadonlySet<string>; readAt: number }>();

  constructor(private readonly d: RoleCheckDeps) {
    const lower = (ids: readonly string[] = []) => ids.map((id) => id.toLowerCase());
    this.adminIds = new Set(lower(d.adminIds));
    this.approverIds = new Set(lower(d.approverIds));
    this.groups = { admin: lower(d.adminGroupIds), approver: lower(d.approverGroupIds) };
    this.allGroups = [...new Set([...this.groups.admin, ...this.groups.approver])];
  }

  /** Group ids configured for a role (for `check setup`). */
  groupIds(role: Role): readonly string[] { return this.groups[role]; }

  async has(role: Role, userId: string): Promise<boolean> {
    return (await this.grant(role, userId)) !== null;
  }

  /** The listed id wins over a group (no Graph call); null = the person does not hold the role. */
  async grant(role: Role, userId: string): Promise<Grant | null> {
    return this.grantWith(role, userId, (id) => this.memberOf(id));
  }

  /**
   * One person's roles for one message: their membership is asked at most once, whatever the answer. A message
   * asks admin, then approver, then admin again; while Graph fails nothing is kept, and each ask would wait out
   * its own deadline (three of them past the 2 s a message is answered in).
   */
  forMessage(userId: string): { has(role: Role): Promise<boolean> } {
    let read: Promise<ReadonlySet<string>> | undefined;
    const member = (id: string) => (read ??= this.memberOf(id));
    return { has: async (role) => (await this.grantWith(role, userId, member)) !== null };
  }

  private async grantWith(role: Role, userId: string, member: (id: string) => Promise<ReadonlySet<string>>): Promise<Grant | null> {
    const id = userId.toLowerCase();
    if ((role === 'admin' ? this.adminIds : this.approverIds).has(id)) return { via: 'id' };
    const wanted = this.groups[role];
    if (!wanted.length || !id) return null;
    const groups = await member(id);
    const groupId = wanted.find((g) => groups.has(g));
    return groupId ? { via: 'group', groupId } : null;
  }

  /**
   * What a refusal is audited with, so the record says which groups were asked and what they said: nothing
   * when the role comes from listed ids alone; else the groups and whether the person's membership was read
   * (and they are in none) or could not be read. Read from the answer just kept: it asks Graph nothing.
   */
  denial(role: Role, userId: string): { checkedGroupIds?: string; membership?: 'not a member' | 'unreadable' } {
    const wanted = this.groups[role];
    if (!wanted.length) return {};
    const read = this.d.memberGroups !== undefined && this.fresh(userId.toLowerCase()) !== undefined;
    return { checkedGroupIds: wanted.join(','), membership: read ? 'not a member' : 'unreadable' };
  }

  /** The groups kept for a person, if read within the cache time. */
  private fresh(userId: string): ReadonlySet<string> | undefined {
    const cached = this.cache.get(userId);
    return cached && this.d.clock.now().getTime() - cached.readAt < (this.d.cacheMs ?? DEFAULT_CACHE_MS) ? cached.groups : undefined;
  }

  /** Every configured group (both roles) in one Graph question, so admin and approver share one answer. */
  private async memberOf(userId: string): Promise<ReadonlySet<string>> {
    const cached = this.fresh(userId);
    if (cached) return cached;
    const now = this.d.clock.now().getTime();
    if (!this.d.memberGroups) return new Set();
    try {
      const deadline = AbortSignal.timeout(this.d.askWithinMs ?? DEFAULT_ASK_WITHIN_MS);
      const groups = new Set(await beforeDeadline(this.d.memberGroups(userId, this.allGroups, deadline), deadline));
      this.cache.delete(userId);
      this.cache.set(userId, { groups, readAt: now });
      while (this.cache.size > (this.d.cacheSize ?? DEFAULT_CACHE_SIZE)) this.cache.delete(this.cache.keys().next().value!);
      return groups;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.d.logger.warn({ userId, reason }, 'group membership could not be read: treated as not a member');
      return new Set();
    }
  }
}

