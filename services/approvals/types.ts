// The approval path's shared vocabulary: a plan is concrete and immutable once requested; its record
// moves through the lifecycle by compare-and-set; execution reads the stored plan, never a card.
import type { PartnerRole, TenantSide } from '../tenants/types.js';

export type PlanKind = 'remove-trust' | 'remove-redirects' | 'migrate-back' | 'notify-users' | 'remind-users' | 'notify-site-owners';

export type PlanState =
  | 'pending' | 'approved' | 'running' | 'done' | 'partly-failed' | 'failed'
  | 'rejected' | 'cancelled' | 'expired';

export interface Person {
  /** Entra object id (aadObjectId). */
  id: string;
  name?: string;
  /** Teams user id (`29:…`), for refresh.userIds on cards. */
  teamsId?: string;
}

/** One concrete thing the run will do. The key is stable and unique within the plan. */
export type PlanStep =
  | { type: 'record-move-states' }
  | { type: 'remove-trust'; side: TenantSide; partnerRole: PartnerRole; partnerHostUrl: string }
  | { type: 'verify-trust-removed'; side: TenantSide; partnerRole: PartnerRole; partnerHostUrl: string }
  /** `moveOf`: the UPN (on `side`) or site/group move key (services/knowledge/moveKeys.ts) of the move that left the redirect; re-checked just before removing. */
  | { type: 'remove-redirect'; side: TenantSide; url: string; unlock: boolean; purge: boolean; moveOf?: string }
  /** Start a user's move on `side`, the tenant their content is on now (for a move back: the old target). */
  | { type: 'start-move'; side: TenantSide; sourceUpn: string; targetUpn: string; targetHostUrl: string; site?: undefined }
  /** The same for a site (source and target URLs) or a group site (source and target aliases), as SiteMoveRequest. */
  | { type: 'start-move'; side: TenantSide; site: { kind: 'site' | 'group'; source: string; target: string }; targetHostUrl: string }
  /**
   * Send one migrated person their sign-in and resync guidance on the target tenant. A first notice goes
   * out once per person ever; a reminder once per reminder plan (reminder: true).
   */
  | { type: 'send-guidance'; targetUpn: string; sourceUpn: string; targetEmail?: string; reminder: boolean }
  /**
   * Tell one owner (by their target UPN) that the site whose move key is `siteKey` moved: once per owner
   * per site, ever. The URLs are the site map's, as approved.
   */
  | { type: 'send-site-notice'; targetUpn: string; siteKey: string; kind: 'site' | 'group'; sourceSiteUrl: string; targetSiteUrl: string };

export interface PlanItem {
  key: string;
  label: string;
  step: PlanStep;
}

/** One preflight check as the plan card shows it (migrate back): passed or failed, and what to do. */
export interface PreflightCheck {
  name: string;
  passed: boolean;
  /** What was found, in the tenant's words where it gave any (e.g. the dry run's answer). */
  detail: string;
  /** What a person must do when it failed. */
  fix?: string;
  /** Exact commands to run (PowerShell), one per line. */
  commands?: string[];
}

export interface Finding {
  level: 'info' | 'warning' | 'blocker';
  text: string;
  /** People or sites the finding is about (shown as a list). */
  subjects?: string[];
  /**
   * A yyyy-mm-dd deadline the finding is about (the source licence end): the card says how far off it is
   * when rendered, since a count of days written into the text would be wrong the next day.
   */
  deadline?: string;
}

/** Where the request was made, so the card and replies can go back there. Plain values, no botbuilder types. */
export interface ConversationAddress {
  conversationId: string;
  serviceUrl: string;
  tenantId?: string;
  channelId?: string;
  /** Set once the plan card has been posted, so progress edits replace it. */
  activityId?: string;
}

export interface Plan {
  /** `p-` + 8 Crockford base32 characters (0-9, a-z without i, l, o, u), e.g. p-7k3m9q2x. */
  id: string;
  kind: PlanKind;
  title: string;
  summary: string;
  requestedBy: Person;
  requestedAt: string;
  expiresAt: string;
  items: PlanItem[];
  findings: Finding[];
  /** The preflight checks one by one (migrate back); failed ones are also blocker findings. */
  checks?: PreflightCheck[];
  options: { purge?: boolean; unlock?: boolean; side?: TenantSide | 'both'; scope?: string };
  /** Ordered plans stop at the first failed item (trust); unordered ones run items concurrently (redirects). */
  ordered: boolean;
  /** The plan this one retries the failed items of, if any. */
  retryOf?: string;
  /**
   * "As of": the oldest read (ISO instant) of what the bot knew that the plan rests on (a redirect listing,
   * move states from the ledger). An instant, not an age: the card works the age out when it is rendered,
   * so the hash stays the same however long the plan waits.
   */
  asOf?: string;
  /** sha-256 over the plan's content (everything above but id-independent fields in a stable order). */
  hash: string;
}

export type ItemState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface ItemResult {
  key: string;
  state: ItemState;
  /** Why it failed or was skipped, in the tenant's words when it gave any. */
  reason?: string;
  attempts: number;
  updatedAt: string;
}

export interface Decision {
  by: Person;
  at: string;
  reason?: string;
}

export interface PlanRecord {
  plan: Plan;
  state: PlanState;
  decision?: Decision;
  /** Where the plan card lives (approvals conversation or the requester's chat). */
  card?: ConversationAddress;
  /** Counts for the card; per-item results live in the job store. */
  progress: { total: number; done: number; failed: number; skipped: number };
  startedAt?: string;
  finishedAt?: string;
  /** A one-line outcome for the card (e.g. "Trust removed on both tenants; verified NotEstablished"). */
  outcome?: string;
}

/** What the bot needs from the approval path. Every method re-reads stored state; card data is only id + hash. */
export interface Approvals {
  /** Stores a new pending plan (after preflight) and audits the request. */
  request(plan: Plan, card: ConversationAddress): Promise<PlanRecord>;
  get(planId: string): Promise<PlanRecord | null>;
  /** Compare-and-set pending → approved, then schedules the run (returns before the work). */
  approve(planId: string, hash: string, by: Person): Promise<PlanRecord>;
  reject(planId: string, hash: string, by: Person, reason: string): Promise<PlanRecord>;
  cancel(planId: string, by: Person): Promise<PlanRecord>;
  /** Plans waiting for this approver's decision (not their own, not expired). */
  pendingFor(approver: Person): Promise<PlanRecord[]>;
  /** A new pending plan made of the failed items of a finished one. */
  retryFailed(planId: string, by: Person): Promise<PlanRecord>;
  /** Where the posted card lives, once the bot has posted it. */
  attachCard(planId: string, card: ConversationAddress): Promise<void>;
  /** Per-item results of a plan's run, in plan order. */
  results(planId: string): Promise<ItemResult[]>;
}

/** The port through which services show progress; the bot implements it with botbuilder (throttled edits). */
export interface PlanMessenger {
  /** The record changed (state or progress): re-render and replace the plan card. */
  planChanged(record: PlanRecord): Promise<void>;
  /** Post a card-less notice to a conversation (daily reminder, etc.). */
  notify(address: ConversationAddress, text: string): Promise<void>;
}

export interface AuditEntry {
  at: string;
  /** e.g. plan.requested, plan.approved, plan.rejected, plan.cancelled, plan.expired, item.done,
   *  item.failed, plan.finished, refused.not-admin, refused.wrong-tenant, refused.self-approval,
   *  refused.not-approver, refused.tampered, refused.already-decided, export.sent, refused.not-requester */
  event: string;
  actor?: Person;
  planId?: string;
  detail?: Record<string, unknown>;
  /**
   * Set by a log whose append may land twice (a retried request whose first try had landed unanswered):
   * its readers show each id once.
   */
  id?: string;
}

export interface AuditLog {
  append(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  latest(n: number): Promise<AuditEntry[]>;
}
