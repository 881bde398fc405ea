// Request-count rate limits as Teams documents them: several sliding windows per key (e.g. 7 per 1 s,
// 8 per 2 s, 60 per 30 s, 1800 per 3600 s for one conversation), every window checked on every request.
//
// The service's bookkeeping is not public; the sandbox's own rules, chosen to be deterministic:
// - A request at time t sees the admitted requests of (t - windowMs, t] in each window.
// - Only admitted requests count. (Unlike the SharePoint budget in budget.ts: Teams counts messages and
//   calls it accepted, so a client that retries a refused request early is refused again, no longer.)
// - Retry-After: whole seconds, rounded up, at least 1, until every window the key breaks has room again.
// - Several limiters can guard one request (a conversation's windows and the tenant's): the request is
//   admitted only when all of them have room, and is then counted in all of them.

export interface RateWindow { limit: number; windowMs: number }

export class SlidingWindows {
  /** Admitted request times per key, oldest first, pruned past the longest window. */
  private readonly logs = new Map<string, number[]>();
  private readonly longestMs: number;

  constructor(readonly windows: readonly RateWindow[]) {
    this.longestMs = Math.max(...windows.map((w) => w.windowMs));
  }

  /** Milliseconds until one more request of `key` fits every window (0 = now). */
  waitMs(key: string, now: number): number {
    const times = this.prune(key, now);
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      if (times.length < limit) continue;
      // Of the last `limit` requests, the oldest must leave this window before one more fits.
      const oldest = times[times.length - limit];
      if (oldest + windowMs > now) wait = Math.max(wait, oldest + windowMs - now);
    }
    return wait;
  }

  record(key: string, now: number): void {
    const times = this.logs.get(key) ?? [];
    times.push(now);
    this.logs.set(key, times);
  }

  private prune(key: string, now: number): number[] {
    const times = this.logs.get(key);
    if (!times) return [];
    let drop = 0;
    while (drop < times.length && times[drop] + this.longestMs <= now) drop++;
    if (drop > 0) times.splice(0, drop);
    return times;
  }
}

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/** Checks `key` of each limiter at `now`; records the request in all of them only when every one has room. */
export function admit(guards: Array<[SlidingWindows, string]>, now: number): Admission {
  const wait = Math.max(0, ...guards.map(([limiter, key]) => limiter.waitMs(key, now)));
  if (wait > 0) return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
  for (const [limiter, key] of guards) limiter.record(key, now);
  return { admitted: true };
}

/**
 * Most requests admitted within any 1 s sliding window, for benchmarks (requests per second at the
 * service). Sliding, like the limits, so a burst across a second boundary is not split in two.
 */
export class PeakPerSecond {
  private readonly times: number[] = [];
  peak = 0;

  hit(now: number): void {
    this.times.push(now);
    let drop = 0;
    while (this.times[drop] + 1_000 <= now) drop++;
    if (drop > 0) this.times.splice(0, drop);
    if (this.times.length > this.peak) this.peak = this.times.length;
  }
}
