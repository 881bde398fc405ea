// Teams' side of the simulated tenants: which users have the app installed (Graph installedApps), the
// bot's 1:1 conversations, what each person received (their inbox), and who blocked the bot.
//
// INFERRED (the one place the Teams shapes the sandbox invents are listed; the routes use these):
// - 1:1 conversation ids `a:1<base64url>` and Teams user ids `29:1<base64url>` are opaque in the real
//   service; here they are derived from tenant, bot and user so the same member always gets the same id,
//   across sandbox restarts too.
// - Activity ids: increasing numbers as text (Teams' look like epoch milliseconds).
// - installedApps ids: base64url of `<userId>##<catalogAppId>`; the catalog app's `externalId` (manifest
//   id) is taken to equal its catalog id, since the sandbox has no app catalog.
// - Error codes and messages the connector answers, besides ForbiddenOperationException and
//   MessageWritesBlocked (documented): BadSyntax, BadArgument, MemberNotFound, ConversationNotFound,
//   ActivityNotFound, Throttled.
// - Which calls count in which window: per conversation, conversation creation and message sends (POST)
//   have separate windows, as Teams' table lists them per operation; an update (PUT) counts as a send.
import { createHash } from 'node:crypto';
import type { TenantState, UserRecord } from './model.js';
import { PeakPerSecond, SlidingWindows } from './rateWindows.js';

/** Teams' documented limits per bot per conversation (thread), for each operation. */
export const CONVERSATION_WINDOWS = [
  { limit: 7, windowMs: 1_000 }, { limit: 8, windowMs: 2_000 }, { limit: 60, windowMs: 30_000 }, { limit: 1800, windowMs: 3_600_000 },
];
/** Per app per tenant, across all connector calls. */
export const TENANT_CONNECTOR_WINDOWS = [{ limit: 50, windowMs: 1_000 }];
/** Graph Teams app installation for users, per app per tenant. */
export const GRAPH_INSTALL_WINDOWS = [{ limit: 30, windowMs: 1_000 }];

export interface InboxEntry { conversationId: string; activityId: string; at: string; activity: Record<string, unknown> }

export interface Conversation {
  id: string;
  tenant: TenantState;
  user: UserRecord;
  botId: string;
  /** Activities by id, in send order; an update replaces the activity under its id. */
  activities: Map<string, InboxEntry>;
}

export interface ConnectorStats {
  requests: number;
  admitted: number;
  throttled: number;
  /** Most connector requests admitted within any 1 s. */
  peakPerSecond: number;
  conversationsCreated: number;
  sent: number;
  updated: number;
  /** 403 answers: app not installed (ForbiddenOperationException) and blocked users (MessageWritesBlocked). */
  notInstalled: number;
  blocked: number;
}

export interface InstallStats { installed: number; conflicts: number; throttled: number }

const idPart = (...parts: string[]) => createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 32);

export function teamsUserId(tenant: TenantState, user: UserRecord): string {
  return `29:1${idPart('user', tenant.tenantId, user.id)}`;
}

export class TeamsState {
  /** `<tenantId>|<userId>` → catalog app ids installed for that user, with their installation ids. */
  private readonly installs = new Map<string, Map<string, string>>();
  readonly conversations = new Map<string, Conversation>();
  /** Lower-case user ids (any tenant) who blocked the bot. */
  readonly blocked: Set<string>;
  readonly conversationLimits = new SlidingWindows(CONVERSATION_WINDOWS);
  readonly tenantLimits = new SlidingWindows(TENANT_CONNECTOR_WINDOWS);
  readonly installLimits = new SlidingWindows(GRAPH_INSTALL_WINDOWS);
  readonly peak = new PeakPerSecond();
  readonly connector: Omit<ConnectorStats, 'peakPerSecond'> = {
    requests: 0, admitted: 0, throttled: 0, conversationsCreated: 0, sent: 0, updated: 0, notInstalled: 0, blocked: 0,
  };
  readonly installCounts: InstallStats = { installed: 0, conflicts: 0, throttled: 0 };
  private nextActivity = Date.UTC(2026, 9, 1, 9, 0, 0);

  constructor(readonly tenants: TenantState[], blockedUserIds: string[]) {
    this.blocked = new Set(blockedUserIds.map((id) => id.toLowerCase()));
  }

  /** A user of `tenant` by object id, UPN or Teams id (`29:…`); also `8:orgid:<objectId>`. */
  findUser(tenant: TenantState, key: string): UserRecord | undefined {
    const k = key.toLowerCase().replace(/^8:orgid:/, '');
    if (k.startsWith('29:')) return tenant.users.find((u) => teamsUserId(tenant, u).toLowerCase() === k);
    return tenant.users.find((u) => u.id === k || u.userPrincipalName.toLowerCase() === k);
  }

  installedApps(tenant: TenantState, user: UserRecord): Map<string, string> {
    const key = `${tenant.tenantId}|${user.id}`;
    let apps = this.installs.get(key);
    if (!apps) { apps = new Map(); this.installs.set(key, apps); }
    return apps;
  }

  /** Installs; false when that app was installed for that user already. */
  install(tenant: TenantState, user: UserRecord, catalogAppId: string): boolean {
    const apps = this.installedApps(tenant, user);
    if (apps.has(catalogAppId)) return false;
    apps.set(catalogAppId, Buffer.from(`${user.id}##${catalogAppId}`).toString('base64url'));
    return true;
  }

  conversationId(tenant: TenantState, user: UserRecord, botId: string): string {
    return `a:1${idPart('conversation', tenant.tenantId, botId, user.id)}`;
  }

  /** The existing 1:1 conversation or a new one (same member → same conversation). */
  openConversation(tenant: TenantState, user: UserRecord, botId: string): Conversation {
    const id = this.conversationId(tenant, user, botId);
    let conversation = this.conversations.get(id);
    if (!conversation) {
      conversation = { id, tenant, user, botId, activities: new Map() };
      this.conversations.set(id, conversation);
      this.connector.conversationsCreated++;
    }
    return conversation;
  }

  /** Stores a sent activity under a new id. */
  post(conversation: Conversation, activity: Record<string, unknown>, now: number): InboxEntry {
    this.nextActivity = Math.max(this.nextActivity + 1, now);
    const activityId = String(this.nextActivity);
    const entry: InboxEntry = { conversationId: conversation.id, activityId, at: new Date(now).toISOString(), activity: { ...activity, id: activityId } };
    conversation.activities.set(activityId, entry);
    this.connector.sent++;
    return entry;
  }

  /** What one person received (by UPN, object id or Teams id, either tenant), updates applied, oldest first. */
  inbox(who: string): InboxEntry[] {
    const users = this.tenants.map((t) => this.findUser(t, who)).filter((u): u is UserRecord => u !== undefined);
    const entries = [...this.conversations.values()].filter((c) => users.includes(c.user)).flatMap((c) => [...c.activities.values()]);
    return entries
      .sort((a, b) => Number(a.activityId) - Number(b.activityId))
      .map((e) => ({ ...e, activity: structuredClone(e.activity) }));
  }

  stats(): ConnectorStats {
    return { ...this.connector, peakPerSecond: this.peak.peak };
  }
}

/**
 * Who blocked the bot: `count` completed users of the scenario on the target tenant, taken evenly from the
 * list (no random draw, so the rest of the seeded scenario is unchanged). Default: 2 at 250 users.
 */
export function chooseBlockedUsers(target: TenantState, scenarioTargetUpns: string[], count: number | undefined): UserRecord[] {
  const n = Math.min(scenarioTargetUpns.length, Math.max(0, Math.round(count ?? scenarioTargetUpns.length / 125)));
  const step = scenarioTargetUpns.length / (n + 1);
  const upns = Array.from({ length: n }, (_, i) => scenarioTargetUpns[Math.floor(step * (i + 1))].toLowerCase());
  return target.users.filter((u) => upns.includes(u.userPrincipalName.toLowerCase()));
}
