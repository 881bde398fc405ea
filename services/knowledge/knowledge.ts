// What the bot knows of the tenants (each person's move state, each tenant's redirect sites), kept in the
// store and refreshed in the background, so commands answer from it at once at any tenant size:
//  - at start: everyone never read, every move that can still change (and finished ones a day old), and
//    both tenants' redirect sites;
//  - then every `moveRefreshMs` the moves that can still change, every `redirectRefreshMs` the redirect sites;
//  - after an identity-map import: the people new to the map;
//  - on `refresh`: everything, now.
// Every room above reads move states and redirect listings through here, one person or everyone: what is read
// lands in the ledger, so `status`, exports and plans never contradict the last answer given.
// Reads go through each tenant client's throttle gate and the adaptive pool (readMoveStates.ts).
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import type { TenantOperations, TenantSide } from '../tenants/types.js';
import { moveReaderByKey, type MoveTaskState } from './moveKeys.js';
import { MoveLedger, type LedgerEntry } from './moveLedger.js';
import { movesReadText } from './readingText.js';
import { readAgain } from './readAgain.js';
import { readMoveStates, type MoveRead, type MoveStateReader } from './readMoveStates.js';
import { readMoveState, type RecordedMoveStates } from './recordedMoves.js';
import { RedirectSnapshots } from './redirectSnapshots.js';

export const DEFAULT_MOVE_REFRESH_MS = 60_000;
export const DEFAULT_REDIRECT_REFRESH_MS = 15 * 60_000;
/**
 * A plan about at most this many people the ledger lacks reads them now; more (everyone, on a fresh start)
 * waits for the ledger's own read rather than reading them twice.
 */
export const MAX_PEOPLE_READ_FOR_A_PLAN = 200;

export interface KnowledgeDeps {
  store: KeyValueStore;
  tenants: Record<TenantSide, Pick<TenantOperations, 'getMoveState' | 'getSiteMoveState' | 'throttleCount' | 'listRedirectSites'>>;
  /** The states a trust removal recorded: the source answers 422 for move states once trust is gone. */
  recorded?: RecordedMoveStates;
  identityMap: () => Promise<IdentityMap>;
  /** Sites and group sites moved (SITE_MAP_PATH or one sent in chat); none when absent. */
  siteMap?: () => Promise<SiteMap>;
  clock: Clock;
  logger: Logger;
  owner: string;
  moveRefreshMs?: number;
  redirectRefreshMs?: number;
  maxReadsInFlight?: number;
  /** How long a command waits for another instance's read before it answers with what it waits for. */
  waitMs?: number;
  /** How often a waiting command looks at the store again (default 1 s). */
  pollMs?: number;
}

const SIDES: readonly TenantSide[] = ['source', 'target'];

/** Move states for a plan: each person's outcome (undefined: unreadable) and the oldest read among them. */
export interface MoveStatesRead {
  get(upn: string): MoveRead | undefined;
  oldestReadAt?: string;
}
export type MoveStatesOf = (side: TenantSide, upns: readonly string[], onProgress?: (text: string) => void) => Promise<MoveStatesRead>;

/** One person's (or site's) move as read just now, or as recorded before trust removal (`recordedAt`). */
export interface PersonMove { state: MoveTaskState | null; readAt: string; recordedAt?: string }

export class Knowledge {
  readonly moves: MoveLedger;
  readonly redirects: RedirectSnapshots;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly logger: Logger;

  /** The source's moves by UPN or move key, falling back to the records a trust removal kept. */
  private readonly source: MoveStateReader;

  constructor(private readonly d: KnowledgeDeps) {
    this.logger = d.logger.child({ part: 'knowledge' });
    const source = d.tenants.source;
    this.source = {
      getMoveState: async (upn) => (await readMoveState(source, d.recorded, upn)).state,
      throttleCount: () => source.throttleCount?.() ?? 0,
    };
    this.moves = new MoveLedger({
      store: d.store, source: this.source, identityMap: d.identityMap, siteMap: d.siteMap, clock: d.clock, logger: this.logger,
      owner: d.owner, maxInFlight: d.maxReadsInFlight, waitMs: d.waitMs, pollMs: d.pollMs,
    });
    this.redirects = new RedirectSnapshots({ store: d.store, tenants: d.tenants, clock: d.clock, logger: this.logger, owner: d.owner, waitMs: d.waitMs, pollMs: d.pollMs });
  }

  /** One person's move (by source UPN) or a site's (by move key), read now (`move status`, a help request) and kept in the ledger. */
  async moveStateOf(sourceUpn: string): Promise<PersonMove> {
    const { state, recordedAt } = await readMoveState(this.d.tenants.source, this.d.recorded, sourceUpn);
    const readAt = recordedAt ?? this.d.clock.now().toISOString();
    await this.remember(new Map([[sourceUpn, { state, readAt }]]));
    return { state, readAt, ...(recordedAt ? { recordedAt } : {}) };
  }

  /** Starts the first reads and the timers (which never keep the process alive). */
  start(): void {
    this.background(() => this.moves.refresh('changeable'), 'moves');
    for (const side of SIDES) this.background(() => this.redirects.refresh(side), `redirects ${side}`);
    this.timers.push(setInterval(() => this.background(() => this.moves.refresh('changeable'), 'moves'), this.d.moveRefreshMs ?? DEFAULT_MOVE_REFRESH_MS));
    this.timers.push(setInterval(() => {
      for (const side of SIDES) this.background(() => this.redirects.refresh(side), `redirects ${side}`);
    }, this.d.redirectRefreshMs ?? DEFAULT_REDIRECT_REFRESH_MS));
    for (const t of this.timers) t.unref();
  }

  /**
   * Move states of the people a plan is about. The source's moves (everyone's first move) come from the
   * ledger; the few it lacks are read now and kept there, and only a plan about many of them waits for the
   * ledger's own read. Moves kept by the target (moves back, a few people) are read now.
   */
  readonly moveStatesOf: MoveStatesOf = async (side, upns, onProgress) => {
    const lower = (u: string) => u.toLowerCase();
    let view = side === 'source' ? await this.moves.view() : undefined;
    if (view && upns.filter((u) => !view!.entries.has(lower(u))).length > MAX_PEOPLE_READ_FOR_A_PLAN) {
      view = await this.moves.complete((known, mapped, elsewhere) => onProgress?.(movesReadText(known, mapped, elsewhere)));
    }
    const unknown = upns.filter((u) => !view?.entries.has(lower(u)));
    const live = unknown.length ? await this.readNow(side, unknown, onProgress) : new Map<string, MoveRead>();
    const liveAt = this.d.clock.now().toISOString();
    return {
      get: (upn) => {
        const entry = view?.entries.get(lower(upn));
        return entry ? { ok: true, value: entry.state } : live.get(upn);
      },
      oldestReadAt: view?.oldestReadAt && (unknown.length === 0 || view.oldestReadAt < liveAt) ? view.oldestReadAt : liveAt,
    };
  };

  private async readNow(side: TenantSide, upns: string[], onProgress?: (text: string) => void): Promise<Map<string, MoveRead>> {
    const tenant: MoveStateReader = side === 'source' ? this.source : moveReaderByKey(this.d.tenants[side]);
    const live = await readMoveStates(tenant, upns, {
      clock: this.d.clock, max: this.d.maxReadsInFlight,
      onRead: (n) => onProgress?.(`Move states on the ${side}: ${n.toLocaleString('en-US')} of ${upns.length.toLocaleString('en-US')} read`),
    });
    if (side === 'source') {
      const readAt = this.d.clock.now().toISOString();
      const read = new Map<string, LedgerEntry>();
      for (const [upn, outcome] of live) if (outcome.ok) read.set(upn, { state: outcome.value, readAt });
      await this.remember(read);
    }
    return live;
  }

  /** What a command read, into the ledger; a store that refuses it costs the ledger that read, not the answer. */
  private async remember(read: Map<string, LedgerEntry>): Promise<void> {
    await this.moves.remember(read).catch((err: unknown) =>
      this.logger.warn({ people: read.size, err: err instanceof Error ? err.message : String(err) }, 'move states read for a command not kept in the ledger'));
  }

  /** `refresh`: everything read again now, or the read another instance is making awaited (readAgain.ts). */
  readAgain(tenantOf: (side: TenantSide) => string, onLine: (part: string, line: string | undefined) => void): Promise<void> {
    return readAgain(this.moves, this.redirects, { clock: this.d.clock, tenantOf, onLine, waitMs: this.d.waitMs, pollMs: this.d.pollMs });
  }

  /** A new identity map: read the people it added. */
  identityMapChanged(): void {
    this.background(() => this.moves.refresh('missing'), 'moves after import');
  }

  /** Redirect sites changed (a removal plan ended): list that side again. */
  redirectsChanged(side: TenantSide): void {
    this.background(() => this.redirects.refresh(side), `redirects ${side} after removal`);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await Promise.all([this.moves.stop(), this.redirects.stop()]);
  }

  private background(read: () => Promise<unknown>, what: string): void {
    read().catch((err: unknown) => this.logger.warn({ what, err: err instanceof Error ? err.message : String(err) }, 'background read failed; the next one tries again'));
  }
}
