// The one bounded-concurrency helper: one async call per item, at most `limit` in flight, every item's
// outcome kept (one failing user must not hide the answers for the other 999). Low on purpose: every room
// may use it, and it knows nothing of tenants or jobs.
//
// Adaptive (AIMD), for work against a service that throttles: when an item's work reports that the service
// pushed back, half as many run at once from then on; after 2 × limit items without, one more, up to
// `limit`. It never retries and never waits on its own: retrying throttled answers, and waiting out their
// Retry-After, is the tenant pipeline's (services/tenants/pipeline/retry.ts, throttleGate.ts). A second
// layer of waits here would only stack delays on the ones the pipeline already made.
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BoundedOptions {
  /** Items in flight at most. */
  limit: number;
  /** Halve the limit each time the work calls `pushedBack`, grow it back by one after a run of answers. */
  adaptive?: boolean;
  onLimitChange?: (limit: number) => void;
  /**
   * The first failure rejects the whole map at once and no item starts after it (those in flight run out
   * unobserved): for a batch that is worth nothing unless every item succeeds, so nobody waits on the rest.
   */
  failFast?: boolean;
}

/** `pushedBack()`: the service pushed back while serving this item (a 429 absorbed by the pipeline, or not). */
export type BoundedWork<T, R> = (item: T, pushedBack: () => void) => Promise<R>;

/** Outcomes in the input's order; resolves when every item has ended (see failFast). */
export function mapBounded<T, R>(items: readonly T[], options: number | BoundedOptions, work: BoundedWork<T, R>): Promise<Outcome<R>[]> {
  const o: BoundedOptions = typeof options === 'number' ? { limit: options } : options;
  const inFlight = new InFlightLimit(o.limit, o.onLimitChange);
  const results: Outcome<R>[] = new Array(items.length);
  let next = 0;
  let active = 0;
  let failed = false;
  return new Promise((resolve, reject) => {
    const pump = (): void => {
      if (failed) return;
      if (next >= items.length && active === 0) return resolve(results);
      while (active < inFlight.limit && next < items.length) start(next++);
    };
    const start = (index: number): void => {
      active++;
      let pushed = false;
      const settle = (outcome: Outcome<R>) => {
        results[index] = outcome;
        active--;
        if (!outcome.ok && o.failFast && !failed) { failed = true; reject(outcome.error); }
        if (o.adaptive) inFlight.answered(pushed);
        pump();
      };
      // Called through a promise so a work function that throws before its first await is an outcome too.
      Promise.resolve().then(() => work(items[index]!, () => { pushed = true; }))
        .then((value) => settle({ ok: true, value }), (error: unknown) => settle({ ok: false, error }));
    };
    pump();
  });
}

/** Additive increase, multiplicative decrease of the items in flight, between 1 and `max`. */
class InFlightLimit {
  limit: number;
  private quiet = 0;

  constructor(private readonly max: number, private readonly onChange?: (limit: number) => void) {
    this.max = Math.max(1, max);
    this.limit = this.max;
  }

  answered(pushedBack: boolean): void {
    if (pushedBack) {
      this.quiet = 0;
      this.set(Math.max(1, Math.floor(this.limit / 2)));
    } else if (++this.quiet >= this.limit * 2 && this.limit < this.max) {
      this.quiet = 0;
      this.set(this.limit + 1);
    }
  }

  private set(limit: number): void {
    if (limit === this.limit) return;
    this.limit = limit;
    this.onChange?.(limit);
  }
}
