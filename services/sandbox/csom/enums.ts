// CSOM enums as they travel over the wire. Names and order come from the public CSOM assembly listings;
// the integers are INFERRED as "value = position" (no public capture shows them). This is the one place
// that maps them: correct it here if a live tenant disagrees.

export const ORG_RELATION_SCENARIO = { None: 0, MnA: 1 } as const;

export const ORG_RELATION_ROLE = { None: 0, Source: 1, Target: 2 } as const;

export const ORG_RELATION_VERIFICATION = {
  NotEstablished: 0,
  NotEstablishedByPartner: 1,
  Dormant: 2,
  DormantByPartner: 3,
  GoodToProceed: 4,
  CouldNotContactPartner: 5,
} as const;

/** IncludePersonalSite on the site filter (confirmed values): 0 server default (exclude), 1 include, 2 exclude. */
export const INCLUDE_PERSONAL_SITE = { Default: 0, Include: 1, Exclude: 2 } as const;

export function enumName(table: Record<string, number>, value: number): string {
  return Object.keys(table).find((k) => table[k] === value) ?? String(value);
}

/**
 * The OrgRelationRole integers the simulated tenants decode (SandboxOptions.trustEnums): 'inferred' is the
 * table above; 'swapped' exchanges Source and Target, so a test can show what a client whose guess is
 * wrong does. Relations are stored with the table above; only the wire integer is translated.
 */
export type TrustEnumEncoding = 'inferred' | 'swapped';

export function roleFromWire(encoding: TrustEnumEncoding | undefined, value: number): number {
  if (encoding !== 'swapped') return value;
  return value === ORG_RELATION_ROLE.Source ? ORG_RELATION_ROLE.Target : value === ORG_RELATION_ROLE.Target ? ORG_RELATION_ROLE.Source : value;
}
