// The one pace for card edits. A 2,000-item job would otherwise edit its card thousands of times and hit
// Teams' per-conversation limits (7 messages a second, 60 in 30 s), and a reading card would be redrawn on
// every line a read reports. Per key (a plan, a card, a person): the first edit goes out at once, then at
// most one per interval, each carrying the latest value, and the last value is never dropped. Generic (no
// botbuilder): the job runner's progress and the bot's cards share it.

/** Teams' limits allow this on every card of a conversation at once, with room for messages. */
export const CARD_EDIT_INTERVAL_MS = 2_000;

/** Slots kept past their last edit (for its interval), at most: the oldest idle ones go first. */
const IDLE_SLOTS_KEPT = 10_000;

export interface EditThrottleOptions<K, V> {
  intervalMs: number;
  /** Sends one value. A failure goes to `failed`; a newer value is still sent after it. */
  send: (key: K, value: V) => Promise<void>;
  failed: (key: K, err: unknown) => void;
  /** Folds a value still waiting into the newer one (default: the newer one replaces it). */
  merge?: (waiting: V, next: V) => V;
  now?: () => number;
}

interface Slot<V> {
  waiting?: { value: V };
  lastSentAt: number;
  timer?: NodeJS.Timeout;
  sending?: Promise<void>;
  /** Resolved when nothing waits or is in flight for the key. */
  settled?: { promise: Promise<void>; resolve: () => void };
}

export class EditThrottle<K, V> {
  private readonly slots = new Map<K, Slot<V>>();
  private readonly now: () => number;

  constructor(private readonly o: EditThrottleOptions<K, V>) {
    this.now = o.now ?? Date.now;
  }

  /** Returns at once: the value goes out now, or when the key's interval is over (unless a newer one replaces it). */
  change(key: K, value: V): void {
    const slot = this.slots.get(key) ?? this.open(key);
    slot.waiting = { value: slot.waiting && this.o.merge ? this.o.merge(slot.waiting.value, value) : value };
    slot.settled ??= settledSignal();
    this.schedule(key, slot);
  }

  /** Waits until what was asked for `key` has been sent, at the key's pace. */
  async settled(key: K): Promise<void> {
    await this.slots.get(key)?.settled?.promise;
  }

  /** Drops what still waits for `key` and waits for the edit in flight (its owner writes the last state itself). */
  async cancel(key: K): Promise<void> {
    const slot = this.slots.get(key);
    if (!slot) return;
    if (slot.timer) { clearTimeout(slot.timer); slot.timer = undefined; }
    slot.waiting = undefined;
    if (!slot.sending) this.quiet(slot);
    await slot.settled?.promise;
  }

  /** Sends what waits now, without waiting out the intervals, and waits for every edit (shutdown, tests). */
  async flush(): Promise<void> {
    for (;;) {
      const busy = [...this.slots.entries()].filter(([, s]) => s.settled);
      if (busy.length === 0) return;
      for (const [key, slot] of busy) {
        if (slot.timer) { clearTimeout(slot.timer); slot.timer = undefined; void this.send(key, slot); }
        // A send that ends with a newer value waiting sets a timer again: the next round sends it.
        await slot.sending;
      }
    }
  }

  private open(key: K): Slot<V> {
    if (this.slots.size >= IDLE_SLOTS_KEPT) this.forgetIdle();
    const slot: Slot<V> = { lastSentAt: -Infinity };
    this.slots.set(key, slot);
    return slot;
  }

  private schedule(key: K, slot: Slot<V>): void {
    if (slot.timer || slot.sending) return; // the running send or the timer picks up `waiting`
    const wait = slot.lastSentAt + this.o.intervalMs - this.now();
    if (wait <= 0) { void this.send(key, slot); return; }
    slot.timer = setTimeout(() => { slot.timer = undefined; void this.send(key, slot); }, wait);
  }

  private send(key: K, slot: Slot<V>): Promise<void> {
    const waiting = slot.waiting;
    if (!waiting) { this.quiet(slot); return Promise.resolve(); }
    slot.waiting = undefined;
    slot.lastSentAt = this.now();
    slot.sending = this.o.send(key, waiting.value).catch((err: unknown) => this.o.failed(key, err)).finally(() => {
      slot.sending = undefined;
      if (slot.waiting) this.schedule(key, slot);
      else this.quiet(slot);
    });
    return slot.sending;
  }

  private quiet(slot: Slot<V>): void {
    if (slot.waiting || slot.timer || slot.sending) return;
    slot.settled?.resolve();
    slot.settled = undefined;
  }

  /** A slot whose interval is over and that has nothing to send carries nothing worth keeping. */
  private forgetIdle(): void {
    const now = this.now();
    for (const [key, slot] of this.slots) {
      if (!slot.settled && slot.lastSentAt + this.o.intervalMs <= now) this.slots.delete(key);
    }
    // Still full (all busy or within their interval): the oldest idle one goes, its pace forgotten.
    if (this.slots.size >= IDLE_SLOTS_KEPT) {
      for (const [key, slot] of this.slots) if (!slot.settled) { this.slots.delete(key); return; }
    }
  }
}

function settledSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}
