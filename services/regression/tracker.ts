// Who and what is being moved back, over the KeyValueStore. Moves back are rare (a handful of people and
// sites), so every tracked entry lives in one item, changed by compare-and-set: a claim for a person who already has a
// live entry is refused, so two requests at once make one plan. The store cannot create-if-absent, so
// writes in this process are also queued one after another (the first write has no eTag to compare).
import { ConflictError } from '../errors.js';
import { IF_ABSENT, type Clock, type KeyValueStore, type Logger, type StoreItem } from '../ports.js';
import { moveKindOf, moveSubjectOf } from '../knowledge/moveKeys.js';
import { normalSiteUrl } from '../siteUrl.js';
import { holdsRedirects, trackedName, type TrackedUser, type TrackingState } from './types.js';

const KEY = 'regression/tracked';
const CAS_ATTEMPTS = 50;

type Users = Record<string, TrackedUser>;
export type TrackingListener = (user: TrackedUser, previous: TrackingState | undefined) => void;

/** A UPN in lower case; a site URL (what a site entry is tracked under) in its one compared form. */
export const trackingKey = (originalUpnOrUrl: string): string =>
  (/^https?:\/\//i.test(originalUpnOrUrl.trim()) ? normalSiteUrl(originalUpnOrUrl) : originalUpnOrUrl.toLowerCase());

export class RegressionTracker {
  private cache: Users = {};
  /** Writes made by this process; a read that started before one of them must not roll the cache back. */
  private writes = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners: TrackingListener[] = [];

  constructor(private readonly store: KeyValueStore, private readonly clock: Clock, private readonly logger: Logger) {}

  /** Reads the stored entries (at start), so the synchronous exclusion check knows them. */
  async load(): Promise<TrackedUser[]> {
    await this.read();
    return this.list();
  }

  onChange(listener: TrackingListener): void { this.listeners.push(listener); }

  list(): TrackedUser[] {
    return Object.values(this.cache).sort((a, b) => (a.history[0]?.at ?? '').localeCompare(b.history[0]?.at ?? ''));
  }

  /** By either UPN, or either site URL, case-insensitive (from the last read or write). */
  find(upnOrUrl: string): TrackedUser | undefined {
    const wanted = trackingKey(upnOrUrl);
    return Object.values(this.cache).find((u) => trackingKey(u.originalUpn) === wanted || trackingKey(u.currentUpn) === wanted);
  }

  byPlan(planId: string): TrackedUser | undefined {
    return Object.values(this.cache).find((u) => u.planId === planId || u.cleanupPlanId === planId);
  }

  /**
   * Synchronous, for the redirect planner: true while either redirect of what the move key names (a person's
   * UPN, `site:<url>`, `group:<alias>`, services/knowledge/moveKeys.ts) must stay.
   */
  holdsRedirectsOf(moveKey: string): boolean {
    const kind = moveKindOf(moveKey);
    const subject = moveSubjectOf(moveKey);
    const user = kind === 'group'
      ? Object.values(this.cache).find((u) => [u.aliases?.current, u.aliases?.original].some((a) => a?.toLowerCase() === subject))
      : this.find(subject);
    return user !== undefined && holdsRedirects(user.state);
  }

  /**
   * Stores a new entry unless the person already has one that is still live. `replaceable` decides about
   * an existing entry (e.g. its plan was rejected, or the earlier move back is done or failed).
   */
  async claim(entry: TrackedUser, replaceable: (existing: TrackedUser) => Promise<boolean>): Promise<TrackedUser> {
    const key = trackingKey(entry.originalUpn);
    const other = this.find(entry.currentUpn);
    if (other && trackingKey(other.originalUpn) !== key && !(await replaceable(other))) throw busy(other);
    return this.serialised(async () => {
      for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
        const { users, eTag } = await this.read();
        const existing = users[key];
        if (existing && !(await replaceable(existing))) throw busy(existing);
        if (await this.write({ ...users, [key]: entry }, eTag)) {
          this.notify(entry, undefined);
          return entry;
        }
      }
      throw new ConflictError('The list of people moved back kept changing. Try again.');
    });
  }

  /**
   * Changes one entry by compare-and-set; `change` returns the next entry, the same one (no change) or
   * null (drop it). Resolves with what is stored afterwards.
   */
  async update(originalUpn: string, change: (user: TrackedUser) => TrackedUser | null): Promise<TrackedUser | null> {
    const key = trackingKey(originalUpn);
    return this.serialised(async () => {
      for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
        const { users, eTag } = await this.read();
        const current = users[key];
        if (!current) return null;
        const next = change(current);
        if (next === current) return current;
        const rest = { ...users };
        if (next) rest[key] = next; else delete rest[key];
        if (await this.write(rest, eTag)) {
          if (next && next.state !== current.state) this.notify(next, current.state);
          return next;
        }
      }
      throw new ConflictError('The list of people moved back kept changing. Try again.');
    });
  }

  /** Moves an entry to `state` (once: the same state twice adds nothing), with extra fields and a note. */
  advance(originalUpn: string, state: TrackingState, extra: Partial<TrackedUser> = {}, note?: string): Promise<TrackedUser | null> {
    const at = this.clock.now().toISOString();
    return this.update(originalUpn, (user) => {
      const changed = user.state !== state;
      const fields = Object.entries(extra).some(([k, v]) => (user as unknown as Record<string, unknown>)[k] !== v);
      if (!changed && !fields) return user;
      return {
        ...user, ...extra, state, updatedAt: at,
        history: changed ? [...user.history, { state, at, ...(note ? { note } : {}) }] : user.history,
      };
    });
  }

  private async read(): Promise<{ users: Users; eTag?: string }> {
    const writesBefore = this.writes;
    const item: StoreItem | undefined = (await this.store.read([KEY]))[KEY];
    const users = (item?.users as Users | undefined) ?? {};
    // A load() runs beside the queued writes: if one of them landed while this read was on its way, what it
    // wrote is newer than what this read brings ("Check access" just after the tracker's own advance).
    if (this.writes === writesBefore) this.cache = users;
    return { users, eTag: item?.eTag };
  }

  /** False when someone else wrote first (the caller re-reads and tries again). */
  private async write(users: Users, eTag: string | undefined): Promise<boolean> {
    try {
      await this.store.write({ [KEY]: { users, eTag: eTag ?? IF_ABSENT } });
      this.cache = users;
      this.writes += 1;
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private notify(user: TrackedUser, previous: TrackingState | undefined): void {
    for (const listener of this.listeners) {
      try { listener(user, previous); } catch (err) {
        this.logger.warn({ upn: user.originalUpn, err: err instanceof Error ? err.message : String(err) }, 'tracking listener failed');
      }
    }
  }
}

function busy(existing: TrackedUser): ConflictError {
  return new ConflictError(
    `${trackedName(existing)} is already being moved back (plan ${existing.planId}, ${existing.state}). Type "move status ${existing.currentUpn}" to see where it is.`,
    { planId: existing.planId, state: existing.state },
  );
}
