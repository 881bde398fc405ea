// Per-item results of a plan's run: one `job/<planId>` item holding every result in plan order. Writes
// are coalesced: while one write is in flight, later changes wait and go out together in the next, so
// 2,000 items cost far fewer than 2,000 rewrites, yet the record is never more than one write behind.
// A crash can therefore lose only the latest results; the runner re-checks every item not recorded as
// finished against the tenant before acting, so a lost "done" is found done again, never redone.
import type { KeyValueStore } from '../ports.js';
import type { ItemResult, ItemState, Plan } from '../approvals/types.js';

export const jobKey = (planId: string): string => `job/${planId}`;

export class JobStore {
  constructor(private readonly store: KeyValueStore) {}

  /** Stored results, or every item pending when the run has not started. */
  async results(plan: Plan): Promise<ItemResult[]> {
    const item = (await this.store.read([jobKey(plan.id)]))[jobKey(plan.id)];
    const stored = new Map(((item?.items as ItemResult[] | undefined) ?? []).map((r) => [r.key, r]));
    return plan.items.map((i) => stored.get(i.key) ?? { key: i.key, state: 'pending', attempts: 0, updatedAt: plan.requestedAt });
  }

  async open(plan: Plan): Promise<JobResults> {
    return new JobResults(this.store, plan.id, await this.results(plan));
  }
}

export class JobResults {
  private readonly byKey: Map<string, ItemResult>;
  private dirty = false;
  private writing: Promise<void> | null = null;

  constructor(private readonly store: KeyValueStore, private readonly planId: string, private readonly items: ItemResult[]) {
    this.byKey = new Map(items.map((r) => [r.key, r]));
  }

  get(key: string): ItemResult { return this.byKey.get(key)!; }

  all(): ItemResult[] { return this.items.map((r) => ({ ...r })); }

  count(state: ItemState): number { return this.items.filter((r) => r.state === state).length; }

  /** Changes one item and schedules a write; `saved()` waits until everything set so far is stored. */
  set(key: string, change: Partial<ItemResult>): ItemResult {
    const current = this.byKey.get(key)!;
    Object.assign(current, change);
    this.dirty = true;
    this.writing ??= this.writeLoop();
    return current;
  }

  async saved(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await this.store.write({ [jobKey(this.planId)]: { planId: this.planId, items: this.all() } });
      }
    } finally {
      this.writing = null;
    }
  }
}
