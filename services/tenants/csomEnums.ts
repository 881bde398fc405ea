// The one table of CSOM enum integers. Names and order come from the public CSOM assembly listings; the
// INTEGERS ARE INFERRED (value = position in the listing): no public capture shows them on the wire.
// Every use logs the integer beside its name, so a wrong guess shows up in the first log line.
// (IncludePersonalSite 0/1/2 is the exception: those values are confirmed in tenant-apis.md.)
import type { PartnerRole, TrustVerification } from './types.js';

export const OrgRelationScenario = { None: 0, MnA: 1 } as const;

export const OrgRelationRole = { None: 0, Source: 1, Target: 2 } as const satisfies Record<'None' | PartnerRole, number>;

const VERIFICATION_NAMES = [
  'NotEstablished', 'NotEstablishedByPartner', 'Dormant', 'DormantByPartner', 'GoodToProceed', 'CouldNotContactPartner',
] as const satisfies readonly TrustVerification[];

/** `SPOSitePropertiesEnumerableFilter.IncludePersonalSite`: 0 server default, 1 include, 2 exclude. */
export const PersonalSiteFilter = { Default: 0, Include: 1, Exclude: 2 } as const;

/** An integer (or, defensively, a name) from the wire → the verification name; unknown values stay visible. */
export function verificationFromWire(value: unknown): TrustVerification {
  if (typeof value === 'string' && (VERIFICATION_NAMES as readonly string[]).includes(value)) return value as TrustVerification;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= 0 && n < VERIFICATION_NAMES.length) return VERIFICATION_NAMES[n];
  return `Unknown(${Number.isFinite(n) ? n : -1})`; // -1: no integer at all (null, missing, text)
}
