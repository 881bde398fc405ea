// Bounded concurrency that backs off when the tenant throttles: each throttled attempt halves the number of
// items in flight and pauses new starts; a run of successes adds one slot back, up to the maximum
// (additive increase, multiplicative decrease). Throttled items go back in the queue; an item that got its
// answer but saw the tenant push back on the way ('slowed': the pipeline's retries absorbed a 429) is done,
// and the pool slows down all the same.
import type { Clock } from '../ports.js';

export type Attempt = 'ok' | 'throttled' | 'slowed';

export interface PoolOptions {
  max: number;
  clock: Clock;
  /** Pause after a throttled attempt, doubled per consecutive one, capped at 30 s. */
  backoffMs?: number;
  onLimitChange?: (limit: number) => void;
}

export class AdaptivePool {
  private limit: number;
  private successes = 0;
  private throttles = 0;
  private pausedUntil = 0;

  constructor(private readonly options: PoolOptions) {
    this.limit = Math.max(1, options.max);
  }

  get currentLimit(): number { return this.limit; }

  /** Runs `attempt` for every item until each answers 'ok'; an attempt that throws stops the pool. */
  run<T>(items: readonly T[], attempt: (item: T) => Promise<Attempt>): Promise<void> {
    const queue = [...items];
    let active = 0;
    return new Promise<void>((resolve, reject) => {
      let failed = false;
      const pump = (): void => {
        if (failed) return;
        if (!queue.length && !active) return resolve();
        const wait = this.pausedUntil - this.options.clock.now().getTime();
        if (wait > 0 && queue.length && active < this.limit) {
          void this.options.clock.sleep(wait).then(pump);
          return;
        }
        while (active < this.limit && queue.length) {
          const item = queue.shift() as T;
          active++;
          attempt(item).then((result) => {
            active--;
            if (result === 'throttled') { this.throttled(); queue.push(item); } else if (result === 'slowed') this.throttled(); else this.succeeded();
            pump();
          }, (err: unknown) => { failed = true; reject(err); });
        }
      };
      pump();
    });
  }

  private throttled(): void {
    this.successes = 0;
    this.throttles++;
    const backoff = Math.min(30_000, (this.options.backoffMs ?? 500) * 2 ** Math.min(this.throttles - 1, 6));
    this.pausedUntil = Math.max(this.pausedUntil, this.options.clock.now().getTime() + backoff);
    this.setLimit(Math.max(1, Math.floor(this.limit / 2)));
  }

  private succeeded(): void {
    this.throttles = 0;
    if (++this.successes >= this.limit * 2 && this.limit < this.options.max) {
      this.successes = 0;
      this.setLimit(this.limit + 1);
    }
  }

  private setLimit(limit: number): void {
    if (limit === this.limit) return;
    this.limit = limit;
    this.options.onLimitChange?.(limit);
  }
}
