// Once the cross-tenant trust is gone Graph answers 422 for move states: the states a trust removal recorded
// just before (services/approvals/moveRecordStore.ts) answer instead, and say when they were recorded.
import { TenantError } from '../errors.js';
import type { MoveState, TenantOperations } from '../tenants/types.js';

/** Where move states recorded before trust removal can be read back. */
export interface RecordedMoveStates {
  record(sourceUpn: string): Promise<{ state: MoveState | null; recordedAt: string } | null>;
}

/** One person's move state from the source, or its record once trust is gone (`recordedAt` tells them apart). */
export async function readMoveState(
  source: Pick<TenantOperations, 'getMoveState'>, recorded: RecordedMoveStates | undefined, sourceUpn: string,
): Promise<{ state: MoveState | null; recordedAt?: string }> {
  try {
    return { state: await source.getMoveState(sourceUpn) };
  } catch (err) {
    if (!(err instanceof TenantError && err.httpStatus === 422) || !recorded) throw err;
    const record = await recorded.record(sourceUpn);
    if (!record) throw err;
    return record;
  }
}
