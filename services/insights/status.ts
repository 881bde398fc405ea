// The dashboard. Moves and redirect sites come from what the bot keeps (services/knowledge/), so the
// answer takes the same time for 250 people or 10,000; only the trust, two calls per side, is read live.
// Each part is read on its own, so one tenant failing shows as that part's problem while the rest arrives.
import { DomainError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { MovesProgress } from '../knowledge/moveLedger.js';
import { listingText, movesReadText, ReadingText } from '../knowledge/readingText.js';
import type { Logger } from '../ports.js';
import type { TenantSide, TrustVerification } from '../tenants/types.js';
import { licenceView, type LicenceView } from './licence.js';
import type { TenantPair } from './tenantPair.js';
import { SIDES, tenantName } from './tenantPair.js';
import { getTrustBothSides, trustRemains } from './trust.js';
import type { OrchestratorMoves } from '../knowledge/orchestratorMoves.js';
import { orchestratorStatus, type OrchestratorStatus } from './orchestratorStatus.js';

export type Part<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface StatusCount { status: string; count: number }
/** Sites and group sites of the site map, counted apart from the OneDrives. */
export interface SiteKindCounts { kind: 'site' | 'group'; mapped: number; byStatus: StatusCount[] }

export interface StatusView {
  trust: Part<{ side: TenantSide; tenant: string; verification: TrustVerification; remains: boolean }[]>;
  /** `asOf`: the oldest move read counted (what "as of" means everywhere); `newestReadAt`: the latest one. ISO instants. */
  /** `total` and `byStatus`: the identity map's people (OneDrives); `sites`: the site map's kinds; `unreadable`: of all kinds. */
  moves: { total: number; byStatus: StatusCount[]; sites: SiteKindCounts[]; unreadable: number; asOf?: string; newestReadAt?: string };
  /** `asOf`: when the tenant's redirect sites were listed (ISO), unset when never. */
  redirects: { side: TenantSide; tenant: string; count: Part<number>; asOf?: string }[];
  licence: LicenceView | null;
  identityMapProblems: number;
  /** The orchestrator's jobs when people's moves come from them (null: from the identity map's move tasks). */
  orchestrator: Part<OrchestratorStatus | null>;
}

export interface StatusInput {
  tenants: TenantPair; knowledge: Pick<Knowledge, 'moves' | 'redirects'>; identityMap: IdentityMap; licenceExpiry?: string; now: () => Date; logger: Logger;
  /** What is being read and how far it has got, while the ledger or a snapshot is still being filled. */
  onProgress?: (text: string) => void;
  /** Where people's moves come from; absent: the identity map's move tasks. */
  orchestrator?: Pick<OrchestratorMoves, 'source' | 'snapshot'>;
}

export async function getStatus(input: StatusInput): Promise<StatusView> {
  const { tenants, knowledge, identityMap, licenceExpiry, now, logger } = input;
  const reading = new ReadingText(input.onProgress);
  const orchestrator = input.orchestrator;
  const jobs = orchestrator ? part(logger, 'orchestrator', () => orchestratorStatus(orchestrator)) : Promise.resolve({ ok: true as const, value: null });
  const [trust, moves, ...redirects] = await Promise.all([
    part(logger, 'trust', async () => {
      const both = await getTrustBothSides(tenants);
      return SIDES.map((side) => ({ side, tenant: both[side].tenant, verification: both[side].verification, remains: trustRemains(both[side]) }));
    }),
    countMoves(knowledge, identityMap, (known, mapped, elsewhere) => reading.set('moves', movesReadText(known, mapped, elsewhere))),
    ...SIDES.map(async (side) => {
      const tenant = tenantName(tenants[side].adminUrl);
      let listedAt: string | undefined;
      const count = await part(logger, `redirects ${side}`, async () => {
        const summary = await knowledge.redirects.currentSummary(side, (p) => reading.set(side, listingText(tenant, p)));
        reading.set(side, undefined);
        listedAt = summary.listedAt;
        return summary.count;
      });
      return { side, tenant, count, asOf: listedAt };
    }),
  ]);
  return {
    trust,
    moves,
    redirects,
    licence: licenceExpiry ? licenceView(licenceExpiry, now()) : null,
    identityMapProblems: identityMap.problems.length,
    orchestrator: await jobs,
  };
}

/** From the ledger's summary: the whole ledger is read only when the summary was written under other maps. */
async function countMoves(knowledge: StatusInput['knowledge'], identityMap: IdentityMap, onProgress: MovesProgress): Promise<StatusView['moves']> {
  const counts = await knowledge.moves.whenComplete(onProgress);
  const sites = (['site', 'group'] as const).flatMap((kind) => {
    const of = counts.byKind[kind];
    return of ? [{ kind, mapped: of.mapped, byStatus: sorted(of.byStatus) }] : [];
  });
  return {
    total: identityMap.users.length, byStatus: sorted(counts.byKind.onedrive?.byStatus ?? {}), sites, unreadable: counts.mapped - counts.known,
    asOf: counts.oldestReadAt, newestReadAt: counts.newestReadAt,
  };
}

const sorted = (byStatus: Record<string, number>): StatusCount[] =>
  Object.entries(byStatus).map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));

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
