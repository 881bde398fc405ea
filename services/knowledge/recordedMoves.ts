// Once the cross-tenant trust is gone Graph answers 422 for move states: the states a trust removal recorded
// just before (services/approvals/moveRecordStore.ts) answer instead, and say when they were recorded.
import { TenantError } from '../errors.js';
import { readMoveByKey, type MoveReader, type MoveTaskState } from './moveKeys.js';

/** Where move states recorded before trust removal can be read back (by source UPN or move key). */
export interface RecordedMoveStates {
  record(sourceUpnOrKey: string): Promise<{ state: MoveTaskState | null; recordedAt: string } | null>;
}

/**
 * The move of a person (by source UPN) or of a site or group (by move key) from the source, or its record once
 * trust is gone (`recordedAt` tells them apart).
 */
export async function readMoveState(
  source: MoveReader, recorded: RecordedMoveStates | undefined, sourceUpnOrKey: string,
): Promise<{ state: MoveTaskState | null; recordedAt?: string }> {
  try {
    return { state: await readMoveByKey(source, sourceUpnOrKey) };
  } catch (err) {
    if (!(err instanceof TenantError && err.httpStatus === 422) || !recorded) throw err;
    const record = await recorded.record(sourceUpnOrKey);
    if (!record) throw err;
    return record;
  }
}
