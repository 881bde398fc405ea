// Client-side pacing for Teams and Graph calls: sliding-window limiters that wait BEFORE each call.
// Pacing up front matters because botbuilder retries a connector 429 on its own, so the bot would never
// see throttling; it would only be slower and count against the tenant's budget.
//
// Source of the numbers: Microsoft Learn, "Rate limiting for bots" (Teams) — per bot per conversation
// (thread), for sends and for conversation creation alike: 7 per 1 s, 8 per 2 s, 60 per 30 s,
// 1800 per 3600 s; per app per tenant 50 requests per second. Graph Teams app installation for users is
// documented at 30 per second per app per tenant; we plan on 25 to leave room for other callers.
import type { Clock } from '../ports.js';

export interface RateWindow { limit: number; windowMs: number }

export const CONVERSATION_WINDOWS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 }, { limit: 8, windowMs: 2_000 }, { limit: 60, windowMs: 30_000 }, { limit: 1800, windowMs: 3_600_000 },
];
export const TENANT_WINDOWS: readonly RateWindow[] = [{ limit: 50, windowMs: 1_000 }];
export const GRAPH_INSTALL_WINDOWS: readonly RateWindow[] = [{ limit: 25, windowMs: 1_000 }];

/**
 * Several windows per key; a call takes a slot in every window at once. `marginMs` widens each window a
 * little, because the service counts a call when it arrives and our clock records it when we send: the
 * gap varies from call to call, and without a margin two calls one window apart here can land inside
 * one window there.
 */
export class SlidingWindowLimiter {
  /** Times of taken slots per key, oldest first, pruned past the longest window. */
  private readonly logs = new Map<string, number[]>();
  private readonly longestMs: number;

  constructor(readonly windows: readonly RateWindow[], readonly marginMs = 0) {
    this.longestMs = Math.max(...windows.map(w => w.windowMs)) + marginMs;
  }

  /** Milliseconds until one more call of `key` fits every window (0 = now). */
  waitMs(key: string, now: number): number {
    const times = this.prune(key, now);
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      if (times.length < limit) continue;
      // Of the last `limit` slots, the oldest must leave this window before one more fits.
      const frees = times[times.length - limit] + windowMs + this.marginMs;
      if (frees > now) wait = Math.max(wait, frees - now);
    }
    return wait;
  }

  take(key: string, now: number): void {
    const times = this.logs.get(key) ?? [];
    times.push(now);
    this.logs.set(key, times);
  }

  /** Waits until `key` has room in every window, then takes the slot. */
  acquire(key: string, clock: Clock): Promise<void> {
    return acquireAll([[this, key]], clock);
  }

  private prune(key: string, now: number): number[] {
    const times = this.logs.get(key);
    if (!times) return [];
    let drop = 0;
    while (drop < times.length && times[drop] + this.longestMs <= now) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) this.logs.delete(key);
    return times;
  }
}

/**
 * Waits until every (limiter, key) has room, then takes a slot in all of them at the same instant. Taking
 * them one after another would date a slot before the call it stands for and let the service see more in
 * a window than we counted. The check and the take run without an await between them, so concurrent
 * callers in this process never both take the last slot.
 */
export async function acquireAll(guards: ReadonlyArray<readonly [SlidingWindowLimiter, string]>, clock: Clock): Promise<void> {
  for (;;) {
    const now = clock.now().getTime();
    const wait = Math.max(0, ...guards.map(([limiter, key]) => limiter.waitMs(key, now)));
    if (wait === 0) {
      for (const [limiter, key] of guards) limiter.take(key, now);
      return;
    }
    await clock.sleep(wait);
  }
}

/** The limiters one bot needs for one target tenant; a restart starts new ones (the store remembers who got what). */
export interface TeamsLimits {
  /** Per conversation: key `create|<user>` before creating, `send|<conversationId>` before sending. */
  conversation: SlidingWindowLimiter;
  /** Per app per tenant, every connector call. */
  tenant: SlidingWindowLimiter;
  /** Graph app installs for users. */
  installs: SlidingWindowLimiter;
}

/**
 * The default margin (100 ms) was measured against the sandbox in this process: 50 ms still let a call
 * land in a full window now and then under load. 50 per 1.1 s is 91% of the documented rate.
 */
export function createTeamsLimits(marginMs = 100): TeamsLimits {
  return {
    conversation: new SlidingWindowLimiter(CONVERSATION_WINDOWS, marginMs),
    tenant: new SlidingWindowLimiter(TENANT_WINDOWS, marginMs),
    installs: new SlidingWindowLimiter(GRAPH_INSTALL_WINDOWS, marginMs),
  };
}
