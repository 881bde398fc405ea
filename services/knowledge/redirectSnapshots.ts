// Each tenant's redirect sites with the time they were listed, kept in the store and refreshed in the
// background: a tenant with 20,000 redirect sites takes hundreds of CSOM pages to list, far longer than a
// chat answer may take. `list redirects`, `status` and plans read the snapshot and say its age; each
// removal still re-checks its own site just before acting.
// One instance lists a tenant at a time (a store lease per side); the others wait for its snapshot.
import { StillReadingError } from '../errors.js';
import { JobLeases } from '../core/jobLease.js';
import { DEFAULT_WAIT_MS } from './readingText.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import type { ListProgress, RedirectSite, TenantOperations, TenantSide } from '../tenants/types.js';

export interface RedirectSnapshot {
  side: TenantSide;
  listedAt: string;
  sites: RedirectSite[];
}

export interface RedirectSnapshotsDeps {
  store: KeyValueStore;
  tenants: Record<TenantSide, Pick<TenantOperations, 'listRedirectSites'>>;
  clock: Clock;
  logger: Logger;
  owner: string;
  /** How long a command waits between looks at a listing another instance is making (default 1 s). */
  pollMs?: number;
  /** How long a command waits for another instance's listing before it answers with what it waits for (default 3 min). */
  waitMs?: number;
}

const keyOf = (side: TenantSide) => `knowledge/redirects-${side}`;
// Beside each snapshot, when it was listed and how many sites it holds: `status` needs only that, and
// parsing 20,000 sites to count them on every ask cost more memory than everything else the bot holds.
const summaryKeyOf = (side: TenantSide) => `knowledge/redirects-${side}-summary`;

export interface SnapshotSummary { side: TenantSide; listedAt: string; count: number }
const leaseOf = (side: TenantSide) => `knowledge-redirects-${side}`;

export class RedirectSnapshots {
  private readonly leases: JobLeases;
  private readonly running = new Map<TenantSide, Promise<RedirectSnapshot | null>>();
  private readonly progress = new Map<TenantSide, ListProgress>();
  private readonly halt = new AbortController();
  /** The last snapshot of each side this instance read or wrote: reused while the summary says it is current. */
  private readonly cached = new Map<TenantSide, RedirectSnapshot>();

  constructor(private readonly d: RedirectSnapshotsDeps) {
    this.leases = new JobLeases(d.store, d.clock, d.logger, d.owner);
  }

  /** The stored snapshot of one side, or null before the first listing ends. */
  async latest(side: TenantSide): Promise<RedirectSnapshot | null> {
    const summary = await this.summary(side);
    const cached = this.cached.get(side);
    if (cached && summary && cached.listedAt === summary.listedAt) return cached;
    const item = (await this.d.store.read([keyOf(side)]))[keyOf(side)];
    const snapshot = (item?.snapshot as RedirectSnapshot | undefined) ?? null;
    if (snapshot) this.cached.set(side, snapshot);
    return snapshot;
  }

  /** When the side was last listed and how many redirect sites it had, or null before the first listing. */
  async summary(side: TenantSide): Promise<SnapshotSummary | null> {
    const item = (await this.d.store.read([summaryKeyOf(side)]))[summaryKeyOf(side)];
    return (item?.summary as SnapshotSummary | undefined) ?? null;
  }

  /** Pages listed so far by this instance's running listing of that side. */
  listing(side: TenantSide): ListProgress | undefined {
    const p = this.progress.get(side);
    return p && { ...p };
  }

  /**
   * Lists the side again and stores the snapshot. Joins this instance's listing of that side if one runs;
   * null when another instance holds the lease (its snapshot will come) or when stopped.
   */
  refresh(side: TenantSide): Promise<RedirectSnapshot | null> {
    const running = this.running.get(side);
    if (running) return running;
    const run = this.list(side).finally(() => { this.running.delete(side); this.progress.delete(side); });
    this.running.set(side, run);
    return run;
  }

  /** The stored snapshot, or the first one, listed now (or awaited from the instance listing it). */
  async current(side: TenantSide, onProgress?: (p: ListProgress | undefined) => void): Promise<RedirectSnapshot> {
    return this.whenListed(side, () => this.latest(side), onProgress);
  }

  /** The stored summary, or the first listing's, listed now (or awaited). */
  async currentSummary(side: TenantSide, onProgress?: (p: ListProgress | undefined) => void): Promise<SnapshotSummary> {
    return this.whenListed(side, () => this.summary(side), onProgress);
  }

  private async whenListed<T>(side: TenantSide, stored: () => Promise<T | null>, onProgress?: (p: ListProgress | undefined) => void): Promise<T> {
    const deadline = this.d.clock.now().getTime() + (this.d.waitMs ?? DEFAULT_WAIT_MS);
    for (;;) {
      const found = await stored();
      if (found) return found;
      const tick = setInterval(() => onProgress?.(this.listing(side)), 500);
      let listed: RedirectSnapshot | null;
      try { listed = await this.refresh(side); } finally { clearInterval(tick); }
      if (listed) continue; // stored now: read back in the form asked for
      if (this.halt.signal.aborted) throw new Error('stopping');
      onProgress?.(undefined);
      if (this.d.clock.now().getTime() >= deadline) {
        throw new StillReadingError(`Still waiting for another instance of the bot to list the redirect sites on the ${side} tenant. Ask again in a few minutes: the listing goes on.`, { side });
      }
      await this.d.clock.sleep(this.d.pollMs ?? 1000).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.halt.abort();
    await Promise.all([...this.running.values()].map((p) => p.catch(() => null)));
  }

  private async list(side: TenantSide): Promise<RedirectSnapshot | null> {
    const lease = await this.leases.take(leaseOf(side));
    if (!lease) return null;
    try {
      const started = this.d.clock.now().getTime();
      this.progress.set(side, { pages: 0, sitesSeen: 0, redirectsKept: 0 });
      const sites = await this.d.tenants[side].listRedirectSites({
        signal: AbortSignal.any([lease.lost, this.halt.signal]),
        onProgress: (p) => this.progress.set(side, p),
      });
      const snapshot: RedirectSnapshot = { side, listedAt: this.d.clock.now().toISOString(), sites };
      // Sites first: a reader that sees the new summary finds the sites it counts.
      await this.d.store.write({ [keyOf(side)]: { snapshot } });
      await this.d.store.write({ [summaryKeyOf(side)]: { summary: { side, listedAt: snapshot.listedAt, count: sites.length } } });
      this.cached.set(side, snapshot);
      this.d.logger.info({ side, sites: sites.length, ms: this.d.clock.now().getTime() - started }, 'redirect snapshot stored');
      return snapshot;
    } finally {
      await lease.release();
    }
  }
}
