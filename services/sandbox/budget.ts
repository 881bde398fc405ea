// SharePoint's resource-unit budget for app traffic: each app has its own budget in each tenant, so many
// units per window, and every CSOM / REST call costs units. The real service's bookkeeping is not public;
// what follows is the sandbox's own, chosen to be deterministic for a given sequence of request times:
//
// - Sliding window: a request at time t sees the units of every request received in (t - windowMs, t].
//   (A fixed window would let a client burst twice the budget across a boundary; SharePoint speaks of
//   "per minute" usage, which a sliding window models more closely.)
// - A request is admitted if the units already in the window plus its own cost fit the budget.
// - Throttled requests count too (SharePoint's guidance says so): a client that ignores Retry-After keeps
//   itself throttled longer.
// - Retry-After on a 429: whole seconds (rounded up, at least 1) until enough units have left the window
//   for one more request, counting the throttled request's own units.
// - From 80% of the budget used (this request included), every answer carries RateLimit-Limit (the budget),
//   RateLimit-Remaining (units left, not below 0) and RateLimit-Reset: on a 429 the same value as
//   Retry-After (as in Microsoft's published example); otherwise whole seconds until the oldest units in the
//   window leave it, i.e. until Remaining next grows.

export interface BudgetConfig {
  unitsPerWindow: number;
  windowMs: number;
  /** Units each request costs (default 2: CSOM and REST calls cost about 2 RU or more). */
  costPerRequest?: number;
}

export type BudgetVerdict =
  | { admitted: true; headers: Record<string, string> }
  | { admitted: false; retryAfterSeconds: number; headers: Record<string, string> };

export interface BudgetCounts { admitted: number; throttled: number; units: number }

/** Request times and costs of one app in one tenant, oldest first; entries before `head` have left the window. */
interface UsageLog { times: number[]; units: number[]; head: number; used: number }

const WARNING_SHARE = 0.8;

export class ResourceBudget {
  private config: Required<BudgetConfig> | undefined;
  private readonly logs = new Map<string, UsageLog>();
  private readonly counts: BudgetCounts = { admitted: 0, throttled: 0, units: 0 };

  /** Sets or removes the budget; a changed budget starts from an empty window, the same one leaves usage alone. */
  configure(config: BudgetConfig | undefined): void {
    const next = config && { costPerRequest: 2, ...config };
    if (next && !(next.unitsPerWindow > 0 && next.windowMs > 0 && next.costPerRequest >= 0)) {
      throw new Error(`Sandbox budget: unitsPerWindow and windowMs must be above 0 and costPerRequest not below 0 (got ${JSON.stringify(config)}).`);
    }
    if (JSON.stringify(next) === JSON.stringify(this.config)) return;
    this.config = next;
    this.logs.clear();
  }

  stats(): BudgetCounts {
    return { ...this.counts };
  }

  /** Charges one request of `key` (tenant and app) at `now`; null when no budget is set. */
  charge(key: string, now: number): BudgetVerdict | null {
    const config = this.config;
    if (!config) return null;
    const { unitsPerWindow: limit, windowMs, costPerRequest: cost } = config;
    const log = this.expire(key, now);
    const admitted = log.used + cost <= limit;
    log.times.push(now);
    log.units.push(cost);
    log.used += cost;
    this.counts.units += cost;
    if (admitted) this.counts.admitted++;
    else this.counts.throttled++;
    const untilFits = admitted ? 0 : this.msUntilFits(log, now, limit, cost, windowMs);
    const retryAfterSeconds = Math.max(1, Math.ceil(untilFits / 1000));
    const headers: Record<string, string> = {};
    if (log.used >= WARNING_SHARE * limit) {
      const oldestLeaves = log.times[log.head] + windowMs - now;
      headers['ratelimit-limit'] = String(limit);
      headers['ratelimit-remaining'] = String(Math.max(0, limit - log.used));
      headers['ratelimit-reset'] = String(admitted ? Math.max(1, Math.ceil(oldestLeaves / 1000)) : retryAfterSeconds);
    }
    return admitted ? { admitted, headers } : { admitted, retryAfterSeconds, headers };
  }

  /** Drops the entries that have left the window at `now`, keeping the arrays small. */
  private expire(key: string, now: number): UsageLog {
    let log = this.logs.get(key);
    if (!log) {
      log = { times: [], units: [], head: 0, used: 0 };
      this.logs.set(key, log);
    }
    const windowMs = (this.config as Required<BudgetConfig>).windowMs;
    while (log.head < log.times.length && log.times[log.head] + windowMs <= now) {
      log.used -= log.units[log.head];
      log.head++;
    }
    if (log.head > 1024 && log.head * 2 > log.times.length) {
      log.times = log.times.slice(log.head);
      log.units = log.units.slice(log.head);
      log.head = 0;
    }
    return log;
  }

  /** Time until enough of the oldest units have left the window for one more request to fit. */
  private msUntilFits(log: UsageLog, now: number, limit: number, cost: number, windowMs: number): number {
    if (cost > limit) return windowMs;
    let freed = 0;
    for (let i = log.head; i < log.times.length; i++) {
      freed += log.units[i];
      if (log.used - freed + cost <= limit) return log.times[i] + windowMs - now;
    }
    return windowMs;
  }
}
