// One record per recipient per campaign (`guidance/<campaignId>/<targetUpn lower>`), moved only by
// compare-and-set on its eTag: pending → sending (a claim) → sent | failed(reason), later done | help.
//
// Duplicate sends. A worker claims a person before any call for them; the claim records a phase:
// 'preparing' (lookup, install, open conversation: all safe to repeat) then 'posting', written just
// before the card goes out. A claim older than the lease belongs to a worker that stopped:
// - still 'preparing': nothing was sent, so it is claimed again (attempts + 1);
// - 'posting': the card may or may not have reached the person and the connector offers no way to ask
//   without reading the chat. We choose AT-MOST-ONCE: the record becomes failed 'interrupted' and is not
//   re-sent by itself. A duplicate is what the campaign promises never to do; a missing card shows up in
//   `notify status` and an admin can remind that person on purpose.
// A younger claim belongs to a live worker (another process, or a second run at once): left alone.
//
// A record is created create-only (IF_ABSENT), so instances sharing a store never overwrite each other's
// first write; within this process creation is also queued per key, which spares the store the conflicts.
import { randomUUID } from 'node:crypto';
import { ConflictError } from '../errors.js';
import { IF_ABSENT, type KeyValueStore, type StoreItem } from '../ports.js';

export type RecipientState = 'pending' | 'sending' | 'sent' | 'failed' | 'done' | 'help';
export type FailureReason = 'notFound' | 'blocked' | 'not-installed' | 'throttled' | 'transient' | 'noOneDrive' | 'failed' | 'interrupted';

export interface RecipientRecord {
  campaignId: string;
  targetUpn: string;
  state: RecipientState;
  reason?: FailureReason;
  /** Claims taken so far (one per delivery run that worked on this person). */
  attempts: number;
  phase?: 'preparing' | 'posting';
  claimToken?: string;
  claimedAt?: string;
  /** The job (plan) and the run of it that holds the claim, when a job runner made it. */
  claimJob?: string;
  claimRun?: string;
  aadObjectId?: string;
  /** The 1:1 conversation, kept for reminders. */
  conversationId?: string;
  /** How the guidance went out (or was going out, while posting): absent = Teams; 'email' = the e-mail fallback. */
  channel?: 'email';
  activityId?: string;
  /** What the person wrote when they pressed "I need help" (latest only). */
  help?: { text: string; at: string };
  updatedAt: string;
}

export interface Claimed { record: RecipientRecord; eTag: string }
export interface ClaimOwner { job: string; run: string }
export type ClaimResult =
  | { claimed: true; handle: Claimed }
  | { claimed: false; why: 'finished' | 'in-progress' | 'interrupted'; record: RecipientRecord };

export const recipientKey = (campaignId: string, targetUpn: string) => `guidance/${campaignId}/${targetUpn.toLowerCase()}`;
const FINISHED: ReadonlySet<RecipientState> = new Set(['sent', 'done', 'help']);
/**
 * Failures a later run does not retry by itself: the answer would be the same (blocked, no such user) or
 * a re-send could be a duplicate (interrupted). Throttled, transient and other failures are retried.
 */
export const FINAL_FAILURES: ReadonlySet<FailureReason> = new Set(['blocked', 'notFound', 'interrupted']);
/** Keys per store read when many records are wanted (status of a 100,000-person map). */
const READ_BATCH = 500;
const creating = new WeakMap<KeyValueStore, Map<string, Promise<void>>>();

export class RecipientStore {
  constructor(private readonly store: KeyValueStore, readonly leaseMs = 10 * 60_000) {}

  async get(campaignId: string, targetUpn: string): Promise<Claimed | null> {
    const key = recipientKey(campaignId, targetUpn);
    const item = (await this.store.read([key]))[key];
    return item?.eTag ? { record: item.record as RecipientRecord, eTag: item.eTag } : null;
  }

  /** Records for many people at once (missing ones left out), read in batches: one store call per batch. */
  async getMany(campaignId: string, targetUpns: readonly string[]): Promise<Map<string, RecipientRecord>> {
    const found = new Map<string, RecipientRecord>();
    for (let i = 0; i < targetUpns.length; i += READ_BATCH) {
      const keys = targetUpns.slice(i, i + READ_BATCH).map((upn) => recipientKey(campaignId, upn));
      const items = await this.store.read(keys);
      for (const item of Object.values(items)) {
        const record = item.record as RecipientRecord | undefined;
        if (record?.targetUpn) found.set(record.targetUpn.toLowerCase(), record);
      }
    }
    return found;
  }

  /**
   * Records of many (campaign, person) pairs at once, by `recipientKey` (missing ones left out), read in
   * batches: the site owners' notices span one campaign per site.
   */
  async getPairs(pairs: readonly { campaignId: string; targetUpn: string }[]): Promise<Map<string, RecipientRecord>> {
    const found = new Map<string, RecipientRecord>();
    for (let i = 0; i < pairs.length; i += READ_BATCH) {
      const items = await this.store.read(pairs.slice(i, i + READ_BATCH).map((p) => recipientKey(p.campaignId, p.targetUpn)));
      for (const [key, item] of Object.entries(items)) if ((item.record as RecipientRecord | undefined)?.targetUpn) found.set(key, item.record as RecipientRecord);
    }
    return found;
  }

  /** Creates the pending records that do not exist yet (existing ones are left as they are). */
  async register(campaignId: string, targetUpns: string[], now: Date): Promise<void> {
    for (const upn of targetUpns) await this.ensure(campaignId, upn, now);
  }

  /**
   * Takes the claim for one person, or says why not. `owner` names the job and run claiming: a claim left
   * by an earlier run of the same job is stale at once, whatever the lease says, because a job runs in one
   * run at a time (a resumed run means the earlier one stopped).
   */
  async claim(campaignId: string, targetUpn: string, now: Date, owner?: ClaimOwner): Promise<ClaimResult> {
    await this.ensure(campaignId, targetUpn, now);
    for (;;) {
      const current = (await this.get(campaignId, targetUpn))!;
      const r = current.record;
      if (FINISHED.has(r.state) || (r.state === 'failed' && r.reason !== undefined && FINAL_FAILURES.has(r.reason))) return { claimed: false, why: 'finished', record: r };
      if (r.state === 'sending') {
        const age = now.getTime() - Date.parse(r.claimedAt ?? r.updatedAt);
        const earlierRunOfOurs = owner !== undefined && r.claimJob === owner.job && r.claimRun !== owner.run;
        if (age < this.leaseMs && !earlierRunOfOurs) return { claimed: false, why: 'in-progress', record: r };
        if (r.phase === 'posting') {
          const closed = await this.tryWrite(current, { ...r, state: 'failed', reason: 'interrupted', phase: undefined, claimToken: undefined, updatedAt: now.toISOString() });
          if (closed) return { claimed: false, why: 'interrupted', record: closed.record };
          continue;
        }
      }
      // pending, failed for a reason worth another run, or a stale claim that never reached 'posting'.
      const token = randomUUID();
      const next: RecipientRecord = {
        ...r, state: 'sending', reason: undefined, phase: 'preparing', claimToken: token,
        claimedAt: now.toISOString(), attempts: r.attempts + 1, updatedAt: now.toISOString(),
        claimJob: owner?.job, claimRun: owner?.run,
      };
      const handle = await this.tryWrite(current, next);
      if (handle) return { claimed: true, handle };
    }
  }

  /**
   * Changes a record we hold by CAS; the new handle. Throws ConflictError when someone else changed it
   * (our claim was taken over), so the caller stops before sending.
   */
  async update(held: Claimed, patch: Partial<RecipientRecord>, now: Date): Promise<Claimed> {
    const next = { ...held.record, ...patch, updatedAt: now.toISOString() };
    const handle = await this.tryWrite(held, next);
    if (!handle) throw new ConflictError('Another worker took over this recipient.', { key: recipientKey(held.record.campaignId, held.record.targetUpn) });
    return handle;
  }

  /**
   * Makes a person who could not be reached (blocked the bot, not found) claimable again: an approved plan
   * naming them is the decision to try once more. Interrupted sends stay closed (they may have arrived).
   */
  async reopen(campaignId: string, targetUpn: string, now: Date): Promise<void> {
    for (;;) {
      const current = await this.get(campaignId, targetUpn);
      const r = current?.record;
      if (!current || r!.state !== 'failed' || (r!.reason !== 'blocked' && r!.reason !== 'notFound')) return;
      if (await this.tryWrite(current, { ...r!, state: 'pending', reason: undefined, updatedAt: now.toISOString() })) return;
    }
  }

  /**
   * The person pressed Done or I need help on a card they received (or got by writing to the bot, so the
   * record is made when missing). A claim in flight is left to finish: its own write would fail its CAS.
   */
  async acknowledge(campaignId: string, targetUpn: string, answer: 'done' | 'help', now: Date, helpText?: string): Promise<RecipientRecord> {
    await this.ensure(campaignId, targetUpn, now);
    for (;;) {
      const current = (await this.get(campaignId, targetUpn))!;
      const help = answer === 'help' && helpText !== undefined ? { text: helpText, at: now.toISOString() } : current.record.help;
      const next: RecipientRecord = { ...current.record, state: answer, phase: undefined, claimToken: undefined, claimJob: undefined, claimRun: undefined, help, updatedAt: now.toISOString() };
      const handle = await this.tryWrite(current, next);
      if (handle) return handle.record;
    }
  }

  /** CAS write; null on conflict. Re-reads for the new eTag and checks the record is still ours. */
  private async tryWrite(held: Claimed, next: RecipientRecord): Promise<Claimed | null> {
    const key = recipientKey(next.campaignId, next.targetUpn);
    const item: StoreItem = { record: stripUndefined(next), eTag: held.eTag };
    try {
      await this.store.write({ [key]: item });
    } catch (err) {
      if (err instanceof ConflictError) return null;
      throw err;
    }
    const after = await this.get(next.campaignId, next.targetUpn);
    if (!after || after.record.updatedAt !== next.updatedAt || after.record.claimToken !== next.claimToken || after.record.state !== next.state) return null;
    return after;
  }

  private async ensure(campaignId: string, targetUpn: string, now: Date): Promise<void> {
    const key = recipientKey(campaignId, targetUpn);
    let locks = creating.get(this.store);
    if (!locks) { locks = new Map(); creating.set(this.store, locks); }
    const before = locks.get(key) ?? Promise.resolve();
    const run = before.then(async () => {
      if ((await this.store.read([key]))[key]) return;
      const record: RecipientRecord = { campaignId, targetUpn, state: 'pending', attempts: 0, updatedAt: now.toISOString() };
      try {
        await this.store.write({ [key]: { record, eTag: IF_ABSENT } });
      } catch (err) {
        // Another instance made it first: theirs is as good.
        if (!(err instanceof ConflictError)) throw err;
      }
    });
    const settled = run.catch(() => undefined);
    locks.set(key, settled);
    try { await run; } finally { if (locks.get(key) === settled) locks.delete(key); }
  }
}

function stripUndefined(record: RecipientRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
