// What services need from outside. Implementations are handed in by the composition root (bot/index.ts).

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
    }),
};

/** Shaped like botbuilder's Storage (items carry an `eTag`), so botbuilder's blob storage can serve later. */
export interface StoreItem { eTag?: string; [key: string]: unknown }
export interface KeyValueStore {
  read(keys: string[]): Promise<Record<string, StoreItem>>;
  /** A write whose item carries an eTag other than '*' fails with ConflictError unless it matches the stored one. */
  write(changes: Record<string, StoreItem>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}
