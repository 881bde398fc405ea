// Move state is kept by the tenant the content left (the source), keyed by the source UPN. People
// often know only their new address, so a target UPN is mapped back through the identity map.
import { TenantError } from '../errors.js';
import type { MoveState } from '../tenants/types.js';
import type { TenantPair } from './tenantPair.js';

export interface MoveStatusView {
  askedFor: string;
  sourceUpn: string;
  targetUpn?: string;
  /** null when the service has no move for that user. */
  state: MoveState | null;
}


/** Where move states recorded before trust removal can be read back (services/approvals/moveRecordStore.ts). */
export interface RecordedMoveStates {
  record(sourceUpn: string): Promise<{ state: MoveState | null; recordedAt: string } | null>;
}

/**
 * One person's move state: from the service, or, once trust is gone and Graph answers 422, from the
 * record the trust plan made just before. `recordedAt` tells the two apart.
 */
export async function readMoveState(
  source: Pick<TenantPair['source'], 'getMoveState'>, recorded: RecordedMoveStates | undefined, sourceUpn: string,
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
