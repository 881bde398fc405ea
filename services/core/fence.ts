// Fencing for work done under a lease. An instance may act on a tenant only while its lease is valid by its
// own clock: a process that was stalled (paused, swapped out, a long GC) can wake up after its lease ran out
// and another instance took the work over, and must then send nothing more, not even the retry of a request
// that timed out while it slept. Waiting for the lease's renewal to notice is too late: the renewal needs a
// store round trip, and in-flight steps carry on meanwhile. So the check is local and synchronous, made just
// before every request leaves (services/tenants/pipeline/retry.ts, the guidance sender) and before every
// result is recorded.
//
// The fence travels with the work through AsyncLocalStorage rather than as an argument through every tenant
// operation: the same operations serve chat reads, which run under no lease and are never fenced.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError } from '../errors.js';

export interface Fence {
  /** Whether work under this fence may still act. Once false it stays false. */
  readonly valid: boolean;
}

/** Thrown instead of sending when the work's fence is no longer valid; nothing was sent. */
export class FencedError extends DomainError {
  constructor() {
    super('conflict', 'Not sent: this instance no longer holds the job (its lease ran out), so another instance carries it on.');
  }
}

const current = new AsyncLocalStorage<Fence>();

/** Runs `work` with `fence` as the fence of every request it makes, however deep. */
export function runFenced<T>(fence: Fence, work: () => Promise<T>): Promise<T> {
  return current.run(fence, work);
}

/** The fence of the calling work, if it runs under one. */
export function currentFence(): Fence | undefined {
  return current.getStore();
}

/** Throws FencedError when the calling work runs under a fence that is no longer valid; unfenced work passes. */
export function assertFenced(): void {
  const fence = current.getStore();
  if (fence && !fence.valid) throw new FencedError();
}
