// Reads many people's move states at once, as fast as the tenant lets us: through the adaptive bounded map
// removals use (more in flight while the tenant answers, half as many after it pushes back) and, below it,
// the tenant client's throttle gate and retry layer (every 429 closes the gate for all requests for its
// Retry-After). A person whose read fails after the pipeline's retries keeps an error outcome, and is not
// read again here (that would multiply the pipeline's tries): one unreadable move must not hide the
// other 9,999, and the next refresh reads them again.
import { mapBounded, type Outcome } from '../core/mapBounded.js';
import type { Clock } from '../ports.js';
import type { MoveTaskState } from './moveKeys.js';

/** In flight at most: 32 reads at 100 ms each is 320 a second, past what Graph lets one app spend for long. */
export const MAX_READS_IN_FLIGHT = 32;

export interface ReadMoveStatesOptions {
  clock: Clock;
  max?: number;
  /** Called after each person's read ends (read or not), with how many have ended so far. */
  onRead?: (ended: number) => void;
  /** Each person's outcome as soon as it is known (a long read stores results as it goes). */
  onResult?: (upn: string, outcome: MoveRead) => void;
  signal?: AbortSignal;
}

export type MoveRead = Outcome<MoveTaskState | null>;

/** Reads one move by a person's UPN (or, where the reader knows them, a site's or group's move key: moveKeys.ts). */
export interface MoveStateReader {
  getMoveState(upnOrKey: string): Promise<MoveTaskState | null>;
  throttleCount?(): number;
}

export async function readMoveStates(
  tenant: MoveStateReader,
  upns: readonly string[],
  options: ReadMoveStatesOptions,
): Promise<Map<string, MoveRead>> {
  const results = new Map<string, MoveRead>();
  // The tenant client counts every 429/503 it sees; one push-back halves the pool once, not once per
  // read that was in flight when it came.
  let acknowledged = tenant.throttleCount?.() ?? 0;
  const read = async (upn: string, pushedBack: () => void): Promise<void> => {
    if (options.signal?.aborted) return;
    let outcome: MoveRead;
    try {
      outcome = { ok: true, value: await tenant.getMoveState(upn) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    results.set(upn, outcome);
    options.onResult?.(upn, outcome);
    options.onRead?.(results.size);
    const seen = tenant.throttleCount?.() ?? 0;
    if (seen > acknowledged) {
      acknowledged = seen;
      pushedBack();
    }
  };
  await mapBounded(upns, { limit: options.max ?? MAX_READS_IN_FLIGHT, adaptive: true }, read);
  return results;
}
