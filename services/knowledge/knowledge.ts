// What the bot knows of the tenants (each person's move state, each tenant's redirect sites), kept in the
// store and refreshed in the background, so commands answer from it at once at any tenant size:
//  - at start: everyone never read, every move that can still change (and finished ones a day old), and
//    both tenants' redirect sites;
//  - then every `moveRefreshMs` the moves that can still change, every `redirectRefreshMs` the redirect sites;
//  - after an identity-map import: the people new to the map;
//  - on `refresh`: everything, now.
// Reads go through each tenant client's throttle gate and the adaptive pool (readMoveStates.ts).
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import type { TenantOperations, TenantSide } from '../tenants/types.js';
import { MoveLedger } from './moveLedger.js';
import { movesReadText } from './readingText.js';
import { readMoveStates, type MoveRead } from './readMoveStates.js';
import { RedirectSnapshots } from './redirectSnapshots.js';

export const DEFAULT_MOVE_REFRESH_MS = 60_000;
export const DEFAULT_REDIRECT_REFRESH_MS = 15 * 60_000;

export interface KnowledgeDeps {
  store: KeyValueStore;
  tenants: Record<TenantSide, Pick<TenantOperations, 'getMoveState' | 'throttleCount' | 'listRedirectSites'>>;
  identityMap: () => Promise<IdentityMap>;
  clock: Clock;
  logger: Logger;
  owner: string;
  moveRefreshMs?: number;
  redirectRefreshMs?: number;
  maxReadsInFlight?: number;
}

const SIDES: readonly TenantSide[] = ['source', 'target'];

/** Move states for a plan: each person's outcome (undefined: unreadable) and the oldest read among them. */
export interface MoveStatesRead {
  get(upn: string): MoveRead | undefined;
  oldestReadAt?: string;
}
export type MoveStatesOf = (side: TenantSide, upns: readonly string[], onProgress?: (text: string) => void) => Promise<MoveStatesRead>;

export class Knowledge {
  readonly moves: MoveLedger;
  readonly redirects: RedirectSnapshots;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly logger: Logger;

  constructor(private readonly d: KnowledgeDeps) {
    this.logger = d.logger.child({ part: 'knowledge' });
    this.moves = new MoveLedger({
      store: d.store, source: d.tenants.source, identityMap: d.identityMap, clock: d.clock, logger: this.logger,
      owner: d.owner, maxInFlight: d.maxReadsInFlight,
    });
    this.redirects = new RedirectSnapshots({ store: d.store, tenants: d.tenants, clock: d.clock, logger: this.logger, owner: d.owner });
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
   * ledger; anyone it lacks, and moves kept by the target (moves back, a few people), are read now.
   */
  readonly moveStatesOf: MoveStatesOf = async (side, upns, onProgress) => {
    const lower = (u: string) => u.toLowerCase();
    const view = side === 'source' ? await this.moves.complete((known, mapped) => onProgress?.(movesReadText(known, mapped))) : undefined;
    const unknown = upns.filter((u) => !view?.entries.has(lower(u)));
    const live = unknown.length ? await readMoveStates(this.d.tenants[side], unknown, {
      clock: this.d.clock, max: this.d.maxReadsInFlight,
      onRead: (n) => onProgress?.(`Move states on the ${side}: ${n.toLocaleString('en-US')} of ${unknown.length.toLocaleString('en-US')} read`),
    }) : new Map<string, MoveRead>();
    const liveAt = this.d.clock.now().toISOString();
    return {
      get: (upn) => {
        const entry = view?.entries.get(lower(upn));
        return entry ? { ok: true, value: entry.state } : live.get(upn);
      },
      oldestReadAt: view?.oldestReadAt && (unknown.length === 0 || view.oldestReadAt < liveAt) ? view.oldestReadAt : liveAt,
    };
  };

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
