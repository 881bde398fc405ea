// Delivers the guidance card to one person, and to many with bounded concurrency: look the person up on
// the target tenant (Graph), install the bot's app for them (Teams opens a 1:1 chat with a bot only for a
// user who has its app), open the 1:1 conversation, send the card, record the outcome. Every call is
// paced before it is made (teamsRateLimit.ts); the store's claim keeps anyone from getting a campaign twice.
// Throttling and transient answers are retried where each call is sent, never again here: Graph calls by
// the tenant pipeline (services/tenants/pipeline/retry.ts, 6 tries at most), Teams connector calls by
// botbuilder's connector client (bot/guidanceSender.ts, 4 tries at most). Delivery tries a call once more
// only for what those cannot see (withOneRetry).
// One person's failure is an outcome, never an exception, so a campaign always runs to its end.
// With an e-mail fallback configured, a person Teams cannot reach (MAIL_FALLBACK) is sent the guidance by
// e-mail instead, under the same claim: one e-mail at most, never after a card.
import { assertFenced, FencedError } from '../core/fence.js';
import { ConflictError, TenantError, ThrottledError, UnreachableError } from '../errors.js';
import { mapBounded } from '../core/mapBounded.js';
import type { Clock, Logger } from '../ports.js';
import type { DirectoryUser } from '../tenants/types.js';
import { DeliveryError, type GuidanceSender } from './ports.js';
import type { ClaimOwner, FailureReason, RecipientStore } from './recipientStore.js';
import { paced, type TeamsLimits } from './teamsRateLimit.js';

export interface GuidanceRecipient {
  targetUpn: string;
  sourceUpn?: string;
  /** A 1:1 conversation known already (a reminder, or the bot was installed and told us): no install, no create. */
  conversationId?: string;
}

/** Pause before the one retry of withOneRetry: time for a new installation to reach Teams. */
export const DEFAULT_RETRY_PAUSE_MS = 500;

export interface DeliveryDeps<R extends GuidanceRecipient = GuidanceRecipient> {
  campaignId: string;
  /** The job run delivering (see RecipientStore.claim); absent for deliveries outside a job. */
  owner?: ClaimOwner;
  /** The target tenant: where the people are now. */
  tenantId: string;
  /** The bot's Teams app id in the target tenant's app catalog. */
  catalogAppId: string;
  directory: { getUser(upn: string): Promise<DirectoryUser | null>; installAppForUser(userId: string, catalogAppId: string): Promise<'installed' | 'already-installed'> };
  sender: GuidanceSender;
  store: RecipientStore;
  limits: TeamsLimits;
  clock: Clock;
  logger?: Logger;
  /**
   * The card for this person (the caller's renderer; services do not know the card). It may read more of
   * the tenant first, and throw DeliveryError (e.g. no-onedrive) to end this person's delivery.
   */
  renderCard(recipient: R, user: DirectoryUser): object | Promise<object>;
  /** Conversations learnt from installation events, by Entra object id; new ones are remembered here. */
  conversations?: { get(aadObjectId: string): Promise<string | undefined>; put(aadObjectId: string, conversationId: string): Promise<void> };
  /** Pause before the one retry of withOneRetry (default DEFAULT_RETRY_PAUSE_MS). */
  retryPauseMs?: number;
  /** The e-mail fallback (GUIDANCE_MAIL_FROM); absent: people Teams cannot reach are recorded as failed. */
  mail?: MailFallback<R>;
}

export interface MailFallback<R extends GuidanceRecipient = GuidanceRecipient> {
  /** The sending mailbox (the pacing key too). */
  from: string;
  /** The e-mail for this person (the caller's renderer); called only after renderCard succeeded for them. */
  compose(recipient: R, user: DirectoryUser): { to: string; subject: string; html: string } | Promise<{ to: string; subject: string; html: string }>;
  /** The tenant client's sendMail: made once; ThrottledError = not sent, a 4xx TenantError = not sent, else unknown. */
  send(from: string, to: string, subject: string, html: string): Promise<void>;
}

/**
 * Who is e-mailed: people Teams cannot reach however often we try, who exist on the target tenant and have
 * a OneDrive to be guided to. Blocked the bot (403 MessageWritesBlocked) and the app not installable or not
 * allowed for them (403 ForbiddenOperationException after an install) qualify. Not found (no mailbox
 * either), no OneDrive (nothing to guide them to), throttled and unreachable (a later run reaches them in
 * Teams) and other failures (often a misconfiguration that would e-mail everyone) do not; an interrupted
 * send may have arrived, so it never does.
 */
export const MAIL_FALLBACK: ReadonlySet<FailureReason> = new Set<FailureReason>(['blocked', 'not-installed']);

export type OutcomeState = 'sent' | 'failed' | 'skipped';
export interface DeliveryOutcome {
  upn: string;
  state: OutcomeState;
  /** failed: why; skipped: 'sent' | 'done' | 'help' (already finished) or 'in-progress' (another worker). */
  reason?: FailureReason | string;
  /** Claims taken for this person so far (0 when skipped before any). */
  attempts: number;
  /** sent: 'email' when it went by e-mail (reason then says why Teams could not reach them). */
  channel?: 'email';
  /** Why the e-mail fallback did not send, when it was tried and failed. */
  mailError?: string;
}

/** A failure that ends this person's delivery with `reason`. */
class Stop extends Error { constructor(readonly reason: FailureReason) { super(reason); } }

export async function deliver<R extends GuidanceRecipient>(recipient: R, deps: DeliveryDeps<R>): Promise<DeliveryOutcome> {
  const upn = recipient.targetUpn;
  const { clock, store, limits } = deps;
  const claim = await store.claim(deps.campaignId, upn, clock.now(), deps.owner);
  if (!claim.claimed) {
    const r = claim.record;
    return claim.why === 'interrupted' ? { upn, state: 'failed', reason: 'interrupted', attempts: r.attempts }
      : { upn, state: 'skipped', reason: claim.why === 'in-progress' ? 'in-progress' : r.state === 'failed' ? r.reason : r.state, attempts: r.attempts };
  }
  let held = claim.handle;
  const attempts = held.record.attempts;
  const pauseMs = deps.retryPauseMs ?? DEFAULT_RETRY_PAUSE_MS;
  const finish = async (state: 'sent' | 'failed', reason?: FailureReason, extra: object = {}): Promise<DeliveryOutcome> => {
    held = await store.update(held, { state, reason, phase: undefined, claimToken: undefined, claimJob: undefined, claimRun: undefined, ...extra }, clock.now());
    return { upn, state, ...(reason ? { reason } : {}), attempts };
  };
  // Known once the lookup answered: the e-mail fallback needs the person found.
  let found: DirectoryUser | undefined;
  let rendered = false;
  try {
    const user = await once(() => deps.directory.getUser(upn));
    if (!user) return await finish('failed', 'notFound');
    found = user;
    held = await store.update(held, { aadObjectId: user.id }, clock.now());
    // The card first: someone it cannot be written for (no OneDrive yet) gets no app installed either.
    const card = await once(async () => deps.renderCard(recipient, user));
    rendered = true;
    const tenantGuard = [limits.tenant, deps.tenantId] as const;
    const openFresh = async (): Promise<string> => {
      await once(() => paced([[limits.installs, deps.tenantId]], clock,
        () => deps.directory.installAppForUser(user.id, deps.catalogAppId)));
      const { conversationId: opened } = await withOneRetry(() => paced([[limits.conversation, `create|${deps.tenantId}|${user.id}`], tenantGuard], clock,
        () => deps.sender.openConversation({ aadObjectId: user.id, tenantId: deps.tenantId })), pauseMs, clock);
      await deps.conversations?.put(user.id, opened);
      return opened;
    };
    const remembered = recipient.conversationId ?? await deps.conversations?.get(user.id);
    let conversationId = remembered ?? await openFresh();
    const post = async () => {
      // Not marked 'posting' by a run that lost its job's lease: the mark would stop the run that carries the
      // job on from sending a card that never left (services/core/fence.ts).
      assertFenced();
      // From here the card may reach the person: a worker that stops now must not be followed by a re-send.
      held = await store.update(held, { phase: 'posting', conversationId }, clock.now());
      return withOneRetry(() => paced([[limits.conversation, `send|${conversationId}`], tenantGuard], clock,
        () => deps.sender.send(conversationId, card)), pauseMs, clock);
    };
    let activityId: string;
    try {
      ({ activityId } = await post());
    } catch (err) {
      // A remembered chat whose app was removed since: a 403 before delivery, so installing again is safe.
      if (!(remembered && err instanceof Stop && err.reason === 'not-installed')) throw err;
      conversationId = await openFresh();
      ({ activityId } = await post());
    }
    return await finish('sent', undefined, { activityId });
  } catch (err) {
    // Refused by the fence: nothing was sent, and this run records nothing (its job carries on elsewhere).
    if (err instanceof FencedError) throw err;
    if (err instanceof ConflictError) return { upn, state: 'skipped', reason: 'in-progress', attempts };
    const reason = err instanceof Stop ? err.reason : 'failed';
    deps.logger?.warn({ upn, reason, err: err instanceof Error ? err.message : String(err) }, 'guidance delivery failed');
    try {
      if (deps.mail && found && rendered && MAIL_FALLBACK.has(reason)) return await byMail(deps.mail, found, reason);
      return await finish('failed', reason);
    } catch (inner) {
      if (inner instanceof ConflictError) return { upn, state: 'skipped', reason: 'in-progress', attempts };
      return { upn, state: 'failed', reason, attempts };
    }
  }

  /** Teams cannot reach this person (`why`): the same guidance by e-mail, at most once. */
  async function byMail(mail: MailFallback<R>, user: DirectoryUser, why: FailureReason): Promise<DeliveryOutcome> {
    let message: { to: string; subject: string; html: string };
    try {
      message = await mail.compose(recipient, user);
    } catch (err) {
      return notMailed(why, err);
    }
    // From here the e-mail may reach the person: a worker that stops now is not followed by a second one
    // (a stale 'posting' claim becomes 'interrupted'), and the record says which channel was used.
    held = await store.update(held, { phase: 'posting', channel: 'email' }, clock.now());
    try {
      // Sent once: the tenant pipeline has retried throttling already.
      await paced(limits.mail ? [[limits.mail, mail.from.toLowerCase()]] : [], clock,
        () => mail.send(mail.from, message.to, message.subject, message.html));
    } catch (err) {
      // Refused (throttled to the end, or a 4xx): nothing went out. Anything else (a reset, a 5xx) may
      // have been sent: at most once, so it is not tried again by itself.
      if (err instanceof ThrottledError || (err instanceof TenantError && (err.httpStatus ?? 500) < 500)) return notMailed(why, err);
      deps.logger?.warn({ upn, err: err instanceof Error ? err.message : String(err) }, 'guidance e-mail cut off: it may have been sent');
      const out = await finish('failed', 'interrupted');
      return { ...out, mailError: messageOf(err) };
    }
    const out = await finish('sent', undefined, { channel: 'email' });
    return { ...out, reason: why, channel: 'email' };
  }

  async function notMailed(why: FailureReason, err: unknown): Promise<DeliveryOutcome> {
    deps.logger?.warn({ upn, why, err: messageOf(err) }, 'guidance e-mail fallback not sent');
    const out = await finish('failed', why, { channel: undefined });
    return { ...out, mailError: messageOf(err) };
  }
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
}

/** How a failed call ends the delivery: a Stop with its reason, or the fence's refusal as it is. */
function ended(err: unknown): Error {
  return err instanceof Stop || err instanceof FencedError ? err : new Stop(classify(err));
}

/** A call whose retries belong to the layer that sends it: tried once, its failure classified. */
async function once<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw ended(err);
  }
}

/**
 * A connector call, tried once more only for what botbuilder's own retries cannot see: a not-installed
 * answer (a new installation takes a moment to reach Teams) and a DeliveryError marked retryOnce (a 412,
 * a chat creation our deadline cut off). Throttled and other transient answers come here after its
 * retries: never again. Worst case per call: 2 × 4 connector tries. The op paces itself.
 */
async function withOneRetry<T>(op: () => Promise<T>, pauseMs: number, clock: Clock): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (!(err instanceof DeliveryError && (err.kind === 'not-installed' || err.retryOnce))) throw ended(err);
    await clock.sleep(pauseMs);
    return once(op);
  }
}

/** Why a person's delivery ended, from the error of the call that ended it. */
function classify(err: unknown): FailureReason {
  if (err instanceof DeliveryError) return err.kind === 'not-found' ? 'notFound' : err.kind === 'no-onedrive' ? 'noOneDrive' : err.kind;
  if (err instanceof ThrottledError) return 'throttled';
  if (err instanceof UnreachableError) return 'transient';
  if (err instanceof TenantError) {
    if (err.httpStatus === 429) return 'throttled';
    if ([412, 502, 503, 504].includes(err.httpStatus ?? 0)) return 'transient';
    if (err.httpStatus === 404) return 'notFound';
  }
  return 'failed';
}

export interface DeliverAllResult {
  outcomes: DeliveryOutcome[];
  counts: { sent: number; failed: number; skipped: number; failedByReason: Record<string, number> };
}

/** Delivers to everyone with at most `concurrency` people in flight; outcomes in the input's order. */
export async function deliverAll<R extends GuidanceRecipient>(recipients: R[], deps: DeliveryDeps<R>, options: { concurrency?: number } = {}): Promise<DeliverAllResult> {
  const ended = await mapBounded(recipients, options.concurrency ?? 8, (r) => deliver(r, deps));
  const outcomes = ended.map((o, i): DeliveryOutcome => {
    if (o.ok) return o.value;
    // Only the store itself failing gets here (deliver turns call failures into outcomes).
    deps.logger?.error({ upn: recipients[i]!.targetUpn, err: String(o.error) }, 'guidance delivery could not record');
    return { upn: recipients[i]!.targetUpn, state: 'failed', reason: 'failed', attempts: 0 };
  });
  const counts = { sent: 0, failed: 0, skipped: 0, failedByReason: {} as Record<string, number> };
  for (const o of outcomes) {
    counts[o.state]++;
    if (o.state === 'failed') counts.failedByReason[o.reason ?? 'failed'] = (counts.failedByReason[o.reason ?? 'failed'] ?? 0) + 1;
  }
  return { outcomes, counts };
}
