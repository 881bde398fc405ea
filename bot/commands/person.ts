// A person named in a command may be given by either of their UPNs (source or target): the identity map
// says which UPN they have on the side a command needs. One helper, so every command reads people alike.
import { findUser } from '../../services/identityMap/identityMap.js';
import type { TenantSide } from '../../services/tenants/types.js';
import type { BotServices } from '../botServices.js';

/** The person's UPN on that side; the typed UPN itself when the identity map does not know it. */
export async function upnOn(services: Pick<BotServices, 'identityMap'>, side: TenantSide, typed: string): Promise<string> {
  const person = findUser(await services.identityMap.load(), typed);
  if (!person) return typed;
  return side === 'source' ? person.sourceUpn : person.targetUpn;
}
