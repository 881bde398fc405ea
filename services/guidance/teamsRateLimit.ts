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
/** Exchange Online's sending limit: 30 messages a minute per mailbox (the guidance e-mail fallback). */
export const MAIL_WINDOWS: readonly RateWindow[] = [{ limit: 30, windowMs: 60_000 }];

/**
 * Several windows per key; a call takes a slot in every window at once, and the slot is dated when the
 * call's answer comes back, not when it was sent. The service counts a call when it arrives, which is
 * after we send it and before its answer reaches us: a slot dated at the answer can only leave our window
 * after it left the service's, so the service never sees more in a window than we counted, whatever the
 * network's delay and jitter. A call still in flight holds its slot (it cannot leave the window yet).
 * `marginMs` widens each window further if ever needed; by default it is 0.
 */
export class SlidingWindowLimiter {
  /** Slots per key; `at` is when the call finished (Infinity while in flight). Pruned past the longest window. */
  private readonly logs = new Map<string, Slot[]>();
  private readonly longestMs: number;

  constructor(readonly windows: readonly RateWindow[], readonly marginMs = 0) {
    this.longestMs = Math.max(...windows.map(w => w.windowMs)) + marginMs;
  }

  /** Milliseconds until one more call of `key` fits every window (0 = now; IN_FLIGHT = when a call in flight ends). */
  waitMs(key: string, now: number): number {
    const slots = this.prune(key, now);
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      if (slots.length < limit) continue;
      // Of the last `limit` slots, the oldest must leave this window before one more fits.
      const frees = slots[slots.length - limit]!.at + windowMs + this.marginMs;
      if (frees > now) wait = Math.max(wait, frees - now);
    }
    return wait;
  }

  /** Takes a slot now; the returned function dates it when the call has finished. */
  take(key: string): Slot {
    const slot: Slot = { at: Number.POSITIVE_INFINITY };
    const slots = this.logs.get(key) ?? [];
    slots.push(slot);
    this.logs.set(key, slots);
    return slot;
  }

  /** Waits until `key` has room in every window, then takes the slot; call the result when the call is answered. */
  acquire(key: string, clock: Clock): Promise<Release> {
    return acquireAll([[this, key]], clock);
  }

  private prune(key: string, now: number): Slot[] {
    const slots = this.logs.get(key);
    if (!slots) return [];
    // Released slots may finish out of order: keep them sorted, in-flight ones (Infinity) last.
    slots.sort((a, b) => a.at - b.at);
    let drop = 0;
    while (drop < slots.length && slots[drop]!.at + this.longestMs <= now) drop++;
    if (drop > 0) slots.splice(0, drop);
    if (slots.length === 0) this.logs.delete(key);
    return slots;
  }
}

interface Slot { at: number }

/** Dates the slots of one call at the time its answer came back (now, unless given). */
export type Release = (at?: number) => void;

/** How long to look again while the binding slot belongs to a call still in flight. */
const IN_FLIGHT_POLL_MS = 10;

/**
 * Waits until every (limiter, key) has room, then takes a slot in all of them at the same instant. The
 * check and the take run without an await between them, so concurrent callers in this process never both
 * take the last slot.
 */
export async function acquireAll(guards: ReadonlyArray<readonly [SlidingWindowLimiter, string]>, clock: Clock): Promise<Release> {
  for (;;) {
    const now = clock.now().getTime();
    const wait = Math.max(0, ...guards.map(([limiter, key]) => limiter.waitMs(key, now)));
    if (wait === 0) {
      const slots = guards.map(([limiter, key]) => limiter.take(key));
      return (at = clock.now().getTime()) => { for (const slot of slots) slot.at = Math.min(slot.at, at); };
    }
    await clock.sleep(Number.isFinite(wait) ? wait : IN_FLIGHT_POLL_MS);
  }
}

/** Runs `call` inside its slots: paced before, dated when it ends (answered or failed). */
export async function paced<T>(guards: ReadonlyArray<readonly [SlidingWindowLimiter, string]>, clock: Clock, call: () => Promise<T>): Promise<T> {
  const release = await acquireAll(guards, clock);
  try {
    return await call();
  } finally {
    release();
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
  /** Graph sendMail, per sending mailbox (absent: not paced). */
  mail?: SlidingWindowLimiter;
}

export function createTeamsLimits(marginMs = 0): TeamsLimits {
  return {
    conversation: new SlidingWindowLimiter(CONVERSATION_WINDOWS, marginMs),
    tenant: new SlidingWindowLimiter(TENANT_WINDOWS, marginMs),
    installs: new SlidingWindowLimiter(GRAPH_INSTALL_WINDOWS, marginMs),
    mail: new SlidingWindowLimiter(MAIL_WINDOWS, marginMs),
  };
}
