// The dashboard. Each part is read on its own, so one tenant failing shows as that part's problem
// while the rest of the picture still arrives.
import { DomainError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { Logger } from '../ports.js';
import type { TenantSide, TrustVerification } from '../tenants/types.js';
import { licenceView, type LicenceView } from './licence.js';
import { mapBounded } from './mapBounded.js';
import type { TenantPair } from './tenantPair.js';
import { SIDES, tenantName } from './tenantPair.js';
import { getTrustBothSides, trustRemains } from './trust.js';

export const MOVE_STATE_CONCURRENCY = 8;

export type Part<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface StatusView {
  trust: Part<{ side: TenantSide; tenant: string; verification: TrustVerification; remains: boolean }[]>;
  moves: { total: number; byStatus: { status: string; count: number }[]; unreadable: number };
  redirects: { side: TenantSide; tenant: string; count: Part<number> }[];
  licence: LicenceView | null;
  identityMapProblems: number;
}

export interface StatusInput { tenants: TenantPair; identityMap: IdentityMap; licenceExpiry?: string; now: Date; logger: Logger }

export async function getStatus({ tenants, identityMap, licenceExpiry, now, logger }: StatusInput): Promise<StatusView> {
  const [trust, moves, ...redirects] = await Promise.all([
    part(logger, 'trust', async () => {
      const both = await getTrustBothSides(tenants);
      return SIDES.map((side) => ({ side, tenant: both[side].tenant, verification: both[side].verification, remains: trustRemains(both[side]) }));
    }),
    countMoves(tenants, identityMap, logger),
    ...SIDES.map(async (side) => ({
      side,
      tenant: tenantName(tenants[side].adminUrl),
      count: await part(logger, `redirects ${side}`, async () => (await tenants[side].listRedirectSites()).length),
    })),
  ]);
  return {
    trust,
    moves,
    redirects,
    licence: licenceExpiry ? licenceView(licenceExpiry, now) : null,
    identityMapProblems: identityMap.problems.length,
  };
}

async function countMoves(tenants: TenantPair, identityMap: IdentityMap, logger: Logger): Promise<StatusView['moves']> {
  const outcomes = await mapBounded(identityMap.users, MOVE_STATE_CONCURRENCY, (u) => tenants.source.getMoveState(u.sourceUpn));
  const counts = new Map<string, number>();
  let unreadable = 0;
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      if (unreadable++ === 0) logger.warn({ err: describe(outcome.error) }, 'status: a move state could not be read');
      continue;
    }
    const status = outcome.value?.status ?? 'no move';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const byStatus = [...counts].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
  return { total: identityMap.users.length, byStatus, unreadable };
}

async function part<T>(logger: Logger, what: string, read: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    logger.warn({ part: what, err: describe(error) }, 'status: part could not be read');
    return { ok: false, problem: error instanceof DomainError ? error.userMessage : 'Could not be read (see the log).' };
  }
}

function describe(error: unknown): object {
  return error instanceof DomainError
    ? { code: error.code, message: error.userMessage, detail: error.detail }
    : { message: error instanceof Error ? error.message : String(error) };
}
