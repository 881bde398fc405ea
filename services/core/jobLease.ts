// One instance runs a job at a time. Before running a plan an instance takes its lease (`lease/<planId>`,
// owner + expiry, by compare-and-set) and renews it while it works; an instance that dies stops renewing,
// and once the lease has run out another instance takes it and resumes from the stored item states. An
// instance that finds it lost its lease (it stalled past the expiry and someone took over) stops starting
// items at once.
//
// Noticing a lost lease takes a store round trip, which a process that was stalled (paused, swapped out) gets
// to only after its in-flight steps have carried on. So each lease also gives a fence (services/core/fence.ts)
// that needs no round trip: it is valid until the lease would run out, counted by this instance's own clock
// from the moment its last successful claim or renewal started, less a margin for clock skew between hosts
// and for a request already on its way. Once the fence has lapsed it stays lapsed for this hold, even if a
// later renewal lands: the run that held it stops, and a new run (a new take) carries the job on.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConflictError } from '../errors.js';
import type { Fence } from './fence.js';
import { IF_ABSENT, type Clock, type KeyValueStore, type Logger } from '../ports.js';

export const DEFAULT_LEASE_MS = 30_000;

/**
 * The share of a lease kept back by the fence: with 30 s leases, work stops 6 s before the lease could be
 * taken over. It covers clock skew between hosts and a request sent just before the fence lapsed; renewals
 * come every third of a lease, so a healthy holder never gets near it.
 */
export const FENCE_MARGIN = 1 / 5;

/**
 * This process's name on leases: host, pid and a random part (a pid can be reused, the whole name can't).
 * `host` is the machine's name unless the instance is told its own (INSTANCE_HOST): containers that share a
 * host name but not a pid space must not read each other's pids.
 */
export function leaseOwnerName(host = hostname()): string {
  return `${host}#${process.pid}#${randomUUID().slice(0, 8)}`;
}

/**
 * A lease whose owner ran on our host (`ours`: the host part of our own lease name) under a pid that no
 * longer exists is dead now, whatever its expiry says: a restarted instance resumes its jobs at once instead
 * of waiting for its own old lease to run out. Owners on other hosts can't be checked and are waited for.
 */
export function ownerIsGone(owner: string, ours = hostname()): boolean {
  const [host, pid] = owner.split('#');
  if (host !== ours || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

interface LeaseRecord { owner: string; until: number }

export interface Lease {
  /** Aborted when the lease was lost (someone else holds it now). */
  readonly lost: AbortSignal;
  /** Valid while this instance may act under the lease, by its own clock (see FENCE_MARGIN). */
  readonly fence: Fence;
  /** Stops renewing and gives the lease up, so another instance may take the job at once. */
  release(): Promise<void>;
}

const keyOf = (planId: string) => `lease/${planId}`;

export class JobLeases {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly owner: string,
    readonly leaseMs = DEFAULT_LEASE_MS,
  ) {}

  /** The lease on this plan for this instance, or null while another live instance holds it. */
  async take(planId: string): Promise<Lease | null> {
    const at = this.clock.now().getTime();
    const eTag = await this.claim(planId);
    if (eTag === null) return null;
    return this.hold(planId, eTag, at);
  }

  /** Writes our lease if the plan has none, or an expired one, or ours; the new ETag, else null. */
  private async claim(planId: string, ours?: string): Promise<string | null> {
    const key = keyOf(planId);
    const item = (await this.store.read([key]))[key];
    const current = item?.lease as LeaseRecord | undefined;
    const now = this.clock.now().getTime();
    if (current && current.owner !== this.owner && current.until > now && !ownerIsGone(current.owner, this.owner.split('#')[0])) return null;
    if (ours !== undefined && item?.eTag !== ours) return null;
    const lease: LeaseRecord = { owner: this.owner, until: now + this.leaseMs };
    try {
      // The eTag of our own write: a read-back could already see the next taker's.
      return (await this.store.write({ [key]: { lease, eTag: item?.eTag ?? IF_ABSENT } }))[key] ?? null;
    } catch (err) {
      if (err instanceof ConflictError) return null;
      throw err;
    }
  }

  /** Whether this instance holds the plan's lease now, as the store says (not as our last renewal saw it). */
  async holds(planId: string): Promise<boolean> {
    const key = keyOf(planId);
    const current = (await this.store.read([key]))[key]?.lease as LeaseRecord | undefined;
    return current?.owner === this.owner && current.until > this.clock.now().getTime();
  }

  private hold(planId: string, firstETag: string, claimedAt: number): Lease {
    const lost = new AbortController();
    let eTag: string | null = firstETag;
    let released = false;
    // Counted from when the claim started, not when it landed: the stored expiry was set no earlier.
    let validUntil = claimedAt + this.leaseMs * (1 - FENCE_MARGIN);
    let lapsed = false;
    const clock = this.clock;
    const fence: Fence = {
      get valid() {
        if (!lapsed && (released || lost.signal.aborted || clock.now().getTime() >= validUntil)) lapsed = true;
        return !lapsed;
      },
    };
    // Renewed three times per lease: two renewals may fail (a slow store) before it runs out.
    const timer = setInterval(() => {
      const at = this.clock.now().getTime();
      void this.claim(planId, eTag ?? undefined).then((next) => {
        if (released) return;
        eTag = next;
        if (next === null) {
          clearInterval(timer);
          this.logger.warn({ planId, owner: this.owner }, 'job lease lost: another instance took the job over');
          lost.abort(new Error('lease lost'));
          return;
        }
        // A renewal that started after the fence lapsed never revives it (a stall ends the run, even when
        // nobody took the job over meanwhile); it only extends a live one.
        if (at < validUntil) validUntil = Math.max(validUntil, at + this.leaseMs * (1 - FENCE_MARGIN));
      }, (err: unknown) => this.logger.warn({ planId, err: err instanceof Error ? err.message : String(err) }, 'job lease not renewed this time'));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    timer.unref();
    return {
      lost: lost.signal,
      fence,
      release: async () => {
        released = true;
        clearInterval(timer);
        if (lost.signal.aborted || !eTag) return;
        // Only our own lease: if someone took it over meanwhile, theirs stays.
        await this.store.write({ [keyOf(planId)]: { lease: { owner: this.owner, until: 0 }, eTag } }).catch(() => undefined);
      },
    };
  }
}
