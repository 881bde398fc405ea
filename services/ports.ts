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

/** Shaped like botbuilder's Storage (items carry an `eTag`): the file store and the blob store serve it. */
export interface StoreItem { eTag?: string; [key: string]: unknown }
export interface KeyValueStore {
  read(keys: string[]): Promise<Record<string, StoreItem>>;
  /**
   * A write whose item carries an eTag other than '*' fails with ConflictError unless it matches the stored
   * one; with IF_ABSENT it fails unless nothing is stored under the key (create only). No eTag, or '*',
   * writes whatever is there. Resolves with the new eTag of each key written: a writer's next
   * compare-and-set starts from its own write, not from a read that another writer may have overtaken.
   */
  write(changes: Record<string, StoreItem>): Promise<Record<string, string>>;
  delete(keys: string[]): Promise<void>;
}

/** The eTag of a write that must create the item: first writers race, exactly one wins. */
export const IF_ABSENT = 'if-absent';
