// Per-item results of a plan's run: one `job/<planId>` item holding every result in plan order. Writes
// are coalesced: while one write is in flight, later changes wait and go out together in the next, so
// 2,000 items cost far fewer than 2,000 rewrites, yet the record is never more than one write behind.
// A crash can therefore lose only the latest results; the runner re-checks every item not recorded as
// finished against the tenant before acting, so a lost "done" is found done again, never redone.
//
// Several instances: each write is a compare-and-set on the eTag of this run's previous write. A conflict
// means someone else wrote the record since: if this instance still holds the job's lease (the store's
// lease record says so), the other writer was a stalled instance that lost the job, and our view is
// written over theirs; otherwise we are that stalled instance, and we stop writing, leaving the record to
// the instance that took the job over. And before that, by its own clock: once the run's fence has lapsed
// (services/core/fence.ts) nothing more is written, so a stalled instance does not even try.
import { ConflictError } from '../errors.js';
import { IF_ABSENT, type KeyValueStore, type StoreItem } from '../ports.js';
import type { Fence } from '../core/fence.js';
import type { ItemResult, ItemState, Plan } from '../approvals/types.js';

export const jobKey = (planId: string): string => `job/${planId}`;

export class JobStore {
  constructor(private readonly store: KeyValueStore) {}

  /** Stored results, or every item pending when the run has not started. */
  async results(plan: Plan): Promise<ItemResult[]> {
    return resultsOf(plan, (await this.store.read([jobKey(plan.id)]))[jobKey(plan.id)]);
  }

  /**
   * `holdsLease`: asked on a write conflict, whether this instance still holds the job. `fence`: nothing is
   * written once it has lapsed.
   */
  async open(plan: Plan, holdsLease: () => Promise<boolean> = async () => true, fence: Fence = ALWAYS): Promise<JobResults> {
    const item = (await this.store.read([jobKey(plan.id)]))[jobKey(plan.id)];
    return new JobResults(this.store, plan.id, resultsOf(plan, item), item?.eTag ?? IF_ABSENT, holdsLease, fence);
  }
}

const ALWAYS: Fence = { valid: true };

function resultsOf(plan: Plan, item: StoreItem | undefined): ItemResult[] {
  const stored = new Map(((item?.items as ItemResult[] | undefined) ?? []).map((r) => [r.key, r]));
  return plan.items.map((i) => stored.get(i.key) ?? { key: i.key, state: 'pending', attempts: 0, updatedAt: plan.requestedAt });
}

export class JobResults {
  private readonly byKey: Map<string, ItemResult>;
  private dirty = false;
  private writing: Promise<void> | null = null;
  /** Set once another instance took the job over: this run writes nothing more. */
  private superseded = false;

  constructor(
    private readonly store: KeyValueStore,
    private readonly planId: string,
    private readonly items: ItemResult[],
    private eTag: string,
    private readonly holdsLease: () => Promise<boolean>,
    private readonly fence: Fence,
  ) {
    this.byKey = new Map(items.map((r) => [r.key, r]));
  }

  /** True once a write found the job taken over by another instance. */
  get lost(): boolean { return this.superseded; }

  get(key: string): ItemResult { return this.byKey.get(key)!; }

  all(): ItemResult[] { return this.items.map((r) => ({ ...r })); }

  count(state: ItemState): number { return this.items.filter((r) => r.state === state).length; }

  /** Changes one item and schedules a write; `saved()` waits until everything set so far is stored. */
  set(key: string, change: Partial<ItemResult>): ItemResult {
    const current = this.byKey.get(key)!;
    Object.assign(current, change);
    this.dirty = true;
    // Once superseded nothing is written; a loop started now would end before `writing` is assigned and
    // leave it set for good, so that saved() never returned.
    if (this.writable()) this.writing ??= this.writeLoop();
    return current;
  }

  async saved(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.dirty && this.writable()) {
        this.dirty = false;
        await this.writeOnce();
      }
    } finally {
      this.writing = null;
    }
  }

  private writable(): boolean { return !this.superseded && this.fence.valid; }

  private async writeOnce(): Promise<void> {
    const key = jobKey(this.planId);
    for (;;) {
      try {
        this.eTag = (await this.store.write({ [key]: { planId: this.planId, items: this.all(), eTag: this.eTag } }))[key]!;
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
      if (!(await this.holdsLease())) {
        this.superseded = true;
        return;
      }
      this.eTag = (await this.store.read([key]))[key]?.eTag ?? IF_ABSENT;
    }
  }
}
