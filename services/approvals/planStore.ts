// Plan records over the KeyValueStore: one `plan/<id>` item each, changed only by compare-and-set on its
// eTag. The store cannot list keys, so an index item names every plan not yet final (pending, approved,
// running): `pending` reads it, and resume() at start finds the jobs to continue. The index is itself
// updated by compare-and-set with retry, so concurrent writers never lose an id.
import { ConflictError } from '../errors.js';
import { IF_ABSENT, type KeyValueStore, type StoreItem } from '../ports.js';
import { canTransition, isFinal } from './stateMachine.js';
import type { PlanRecord, PlanState } from './types.js';

const OPEN_INDEX_KEY = 'plans/open';
const CAS_ATTEMPTS = 50;

export const planKey = (id: string): string => `plan/${id}`;

export interface StoredPlan { record: PlanRecord; eTag: string }

export class PlanStore {
  constructor(private readonly store: KeyValueStore) {}

  async create(record: PlanRecord): Promise<void> {
    // Index first: an id in the index whose record is missing is skipped by readers, while a record
    // missing from the index would be invisible to `pending` and resume().
    await this.updateIndex((ids) => (ids.includes(record.plan.id) ? ids : [...ids, record.plan.id]));
    await this.store.write({ [planKey(record.plan.id)]: { record } });
  }

  async read(id: string): Promise<StoredPlan | null> {
    const item = (await this.store.read([planKey(id)]))[planKey(id)];
    if (!item || !item.eTag) return null;
    return { record: item.record as PlanRecord, eTag: item.eTag };
  }

  /** Writes `next` only if the record still carries `eTag`; throws ConflictError otherwise. */
  async compareAndSet(eTag: string, next: PlanRecord): Promise<void> {
    await this.store.write({ [planKey(next.plan.id)]: { record: next, eTag } });
    if (isFinal(next.state)) await this.updateIndex((ids) => ids.filter((id) => id !== next.plan.id));
  }

  /**
   * A state transition by compare-and-set, checked against the lifecycle table. Returns null (and writes
   * nothing) when the stored state is no longer `from`, so the caller can tell who won.
   */
  async transition(stored: StoredPlan, to: PlanState, change: Partial<PlanRecord> = {}): Promise<PlanRecord | null> {
    if (!canTransition(stored.record.state, to)) return null;
    const next: PlanRecord = { ...stored.record, ...change, state: to };
    try {
      await this.compareAndSet(stored.eTag, next);
      return next;
    } catch (err) {
      if (err instanceof ConflictError) return null;
      throw err;
    }
  }

  /** A change that is not a decision (card address, progress): re-read and retry until it lands. */
  async update(id: string, change: (record: PlanRecord) => PlanRecord): Promise<PlanRecord | null> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const stored = await this.read(id);
      if (!stored) return null;
      const next = change(stored.record);
      if (next === stored.record) return next;
      try {
        await this.compareAndSet(stored.eTag, next);
        return next;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        await jitter(attempt);
      }
    }
    throw new ConflictError('The plan kept changing while it was being updated. Try again.', { planId: id });
  }

  /** Every plan not yet final, in the order they were requested. */
  async openRecords(): Promise<StoredPlan[]> {
    const ids = await this.openIds();
    const items = ids.length ? await this.store.read(ids.map(planKey)) : {};
    const found: StoredPlan[] = [];
    for (const id of ids) {
      const item = items[planKey(id)];
      if (item?.eTag) found.push({ record: item.record as PlanRecord, eTag: item.eTag });
    }
    return found;
  }

  async openIds(): Promise<string[]> {
    const item = (await this.store.read([OPEN_INDEX_KEY]))[OPEN_INDEX_KEY];
    return (item?.ids as string[] | undefined) ?? [];
  }

  // Index updates through one store in this process are queued one after another (fewer conflicts);
  // compare-and-set, and create-only for the first write, keep instances sharing a store from losing ids.
  private updateIndex(change: (ids: string[]) => string[]): Promise<void> {
    const previous = indexQueues.get(this.store) ?? Promise.resolve();
    const next = previous.then(() => this.casIndex(change));
    indexQueues.set(this.store, next.catch(() => undefined));
    return next;
  }

  private async casIndex(change: (ids: string[]) => string[]): Promise<void> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const item: StoreItem | undefined = (await this.store.read([OPEN_INDEX_KEY]))[OPEN_INDEX_KEY];
      const ids = (item?.ids as string[] | undefined) ?? [];
      const next = change(ids);
      if (next === ids) return;
      try {
        await this.store.write({ [OPEN_INDEX_KEY]: { ids: next, eTag: item?.eTag ?? IF_ABSENT } });
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        await jitter(attempt);
      }
    }
    throw new ConflictError('The list of open plans kept changing. Try again.');
  }
}

const indexQueues = new WeakMap<KeyValueStore, Promise<unknown>>();

function jitter(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 + attempt * 5)));
}
