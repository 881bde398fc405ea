// Move state is kept by the tenant the content left (the source), keyed by the source UPN. People
// often know only their new address, so a target UPN is mapped back through the identity map.
import type { IdentityMap } from '../identityMap/identityMap.js';
import { findUser } from '../identityMap/identityMap.js';
import type { MoveState } from '../tenants/types.js';
import type { TenantPair } from './tenantPair.js';

export interface MoveStatusView {
  askedFor: string;
  sourceUpn: string;
  targetUpn?: string;
  /** null when the service has no move for that user. */
  state: MoveState | null;
}

export async function getMoveStatus(tenants: TenantPair, identityMap: IdentityMap, upn: string): Promise<MoveStatusView> {
  const person = findUser(identityMap, upn);
  const sourceUpn = person?.sourceUpn ?? upn;
  const state = await tenants.source.getMoveState(sourceUpn);
  return { askedFor: upn, sourceUpn, targetUpn: person?.targetUpn, state };
}
