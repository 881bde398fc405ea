// The move-state ledger: every mapped person's last known move state and when it was read, in the store
// (file or Azure Blob), so every instance shares one and a restart keeps it. Commands read it and say how
// fresh it is; they never wait for 10,000 Graph reads. It informs plans, never decides what runs: each
// item is re-checked against the tenant just before it is acted on.
//
// One instance reads the tenant at a time (a store lease, as jobs use); the others, and commands that need
// people not read yet, watch the stored ledger fill. Results reach the store every few seconds while a read
// runs, merged per person by read time, so nothing read is lost to a crash or a concurrent writer.
import { ConflictError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import { JobLeases } from '../core/jobLease.js';
import { isFinishedMove } from '../approvals/moveStates.js';
import { IF_ABSENT, type Clock, type KeyValueStore, type Logger } from '../ports.js';
import type { MoveState, TenantOperations } from '../tenants/types.js';
import { readMoveStates } from './readMoveStates.js';

export interface LedgerEntry {
  /** null: the service has no move for this person. */
  state: MoveState | null;
  readAt: string;
}

interface LedgerDoc { entries: Record<string, LedgerEntry> }

/** What the ledger knows of the people in the identity map now. */
export interface LedgerView {
  /** People in the identity map. */
  mapped: number;
  /** By lower-case source UPN, only people in the map. */
  entries: Map<string, LedgerEntry>;
  /** Oldest and newest read among them (ISO), absent when nothing is known yet. */
  oldestReadAt?: string;
  newestReadAt?: string;
}

export interface RefreshProgress { reading: boolean; ended: number; total: number }

/** `missing`: people never read; `changeable`: those plus moves that can still change; `all`: everyone. */
export type RefreshScope = 'missing' | 'changeable' | 'all';

export interface MoveLedgerDeps {
  store: KeyValueStore;
  source: Pick<TenantOperations, 'getMoveState' | 'throttleCount'>;
  identityMap: () => Promise<IdentityMap>;
  clock: Clock;
  logger: Logger;
  /** Lease owner name of this instance (jobLease.leaseOwnerName()). */
  owner: string;
  maxInFlight?: number;
  /** How often results read so far reach the store during a read (default 2 s). */
  flushMs?: number;
  /** A finished move is read again once its entry is this old (default 24 h): a failed move may be restarted. */
  finishedMaxAgeMs?: number;
  /** How long a command waits between looks at a ledger another instance is filling (default 1 s). */
  pollMs?: number;
}

const KEY = 'knowledge/moves';
const LEASE = 'knowledge-moves';
const DAY_MS = 24 * 60 * 60 * 1000;
const keyOf = (upn: string) => upn.toLowerCase();

export class MoveLedger {
  private readonly leases: JobLeases;
  private running: Promise<void> | null = null;
  private runningScope: RefreshScope = 'missing';
  private progress: RefreshProgress = { reading: false, ended: 0, total: 0 };
  private readonly halt = new AbortController();
  /**
   * The ledger as this instance last wrote it: the next flush of a read starts from it rather than reading
   * the whole document back (3 MB at 10,000 people, every 2 s); compare-and-set still refuses it if another
   * writer got in between, and the store is read then.
   */
  private written: { doc: LedgerDoc; eTag: string } | null = null;

  constructor(private readonly d: MoveLedgerDeps) {
    this.leases = new JobLeases(d.store, d.clock, d.logger, d.owner);
  }

  /** How far this instance's read has got (reading false when none runs here). */
  get reading(): RefreshProgress { return { ...this.progress }; }

  async view(map?: IdentityMap): Promise<LedgerView> {
    const people = map ?? await this.d.identityMap();
    const stored = (await this.load()).doc.entries;
    const entries = new Map<string, LedgerEntry>();
    let oldest: string | undefined;
    let newest: string | undefined;
    for (const person of people.users) {
      const entry = stored[keyOf(person.sourceUpn)];
      if (!entry) continue;
      entries.set(keyOf(person.sourceUpn), entry);
      if (!oldest || entry.readAt < oldest) oldest = entry.readAt;
      if (!newest || entry.readAt > newest) newest = entry.readAt;
    }
    return { mapped: people.users.length, entries, oldestReadAt: oldest, newestReadAt: newest };
  }

  /**
   * Re-reads part of the ledger from the tenant. Starts nothing when this instance is already reading
   * (the running read is joined) or another instance holds the lease (false: it reads for us).
   */
  refresh(scope: RefreshScope): Promise<boolean> {
    // A re-read of everyone asked for during a narrower one runs once that one ends.
    if (this.running) return this.running.then(() => (scope === 'all' && this.runningScope !== 'all' ? this.refresh('all') : true));
    this.runningScope = scope;
    const run = this.read(scope).finally(() => { this.running = null; });
    this.running = run.then(() => undefined, () => undefined);
    return run;
  }

  /**
   * The ledger with everyone in the map read at least once: reads the missing people (or waits for the
   * instance that reads them), reporting how many of the map are known. People whose read failed stay
   * missing; the view then says so rather than waiting for ever.
   */
  async complete(onProgress?: (known: number, mapped: number) => void): Promise<LedgerView> {
    let view = await this.view();
    while (view.entries.size < view.mapped && !this.halt.signal.aborted) {
      onProgress?.(view.entries.size, view.mapped);
      const base = view.entries.size;
      const mapped = view.mapped;
      const reading = this.refresh('missing'); // joins this instance's read if one runs
      // While our own read runs, progress comes from its counter (the store sees results every 2 s).
      const tick = setInterval(() => onProgress?.(Math.min(mapped, base + this.progress.ended), mapped), 500);
      let readHere: boolean;
      try { readHere = await reading; } finally { clearInterval(tick); }
      view = await this.view();
      if (readHere) {
        if (!this.running) return view; // read what could be read: the rest is unreadable for now
        continue;
      }
      // Another instance holds the lease and reads for everyone: watch the stored ledger fill.
      await this.d.clock.sleep(this.d.pollMs ?? 1000).catch(() => undefined);
      view = await this.view();
    }
    return view;
  }

  /** Stops a running read at the next person (shutdown). */
  async stop(): Promise<void> {
    this.halt.abort();
    await this.running;
  }

  private async read(scope: RefreshScope): Promise<boolean> {
    const lease = await this.leases.take(LEASE);
    if (!lease) return false;
    const halt = AbortSignal.any([lease.lost, this.halt.signal]);
    const pending = new Map<string, LedgerEntry>();
    let flushing: Promise<void> = Promise.resolve();
    const flush = () => {
      flushing = flushing.then(() => this.merge(pending)).catch((err: unknown) =>
        this.d.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'move ledger: results not stored this time'));
      return flushing;
    };
    const timer = setInterval(() => { void flush(); }, this.d.flushMs ?? 2000);
    try {
      const map = await this.d.identityMap();
      const stored = (await this.load()).doc.entries;
      const upns = map.users.map((u) => u.sourceUpn).filter((upn) => this.due(scope, stored[keyOf(upn)]));
      this.progress = { reading: true, ended: 0, total: upns.length };
      const started = this.d.clock.now().getTime();
      let unreadable = 0;
      await readMoveStates(this.d.source, upns, {
        clock: this.d.clock, max: this.d.maxInFlight, signal: halt,
        onRead: (ended) => { this.progress.ended = ended; },
        onResult: (upn, outcome) => {
          if (outcome.ok) pending.set(keyOf(upn), { state: outcome.value, readAt: this.d.clock.now().toISOString() });
          else if (unreadable++ === 0) this.d.logger.warn({ err: describe(outcome.error) }, 'move ledger: a move state could not be read');
        },
      });
      this.d.logger.info({ scope, read: upns.length, unreadable, ms: this.d.clock.now().getTime() - started }, 'move ledger refreshed');
      return true;
    } finally {
      clearInterval(timer);
      await flush();
      this.progress = { reading: false, ended: 0, total: 0 };
      await lease.release();
    }
  }

  private due(scope: RefreshScope, entry: LedgerEntry | undefined): boolean {
    if (!entry || scope === 'all') return true;
    if (scope === 'missing') return false;
    if (!isFinishedMove(entry.state)) return true;
    return this.d.clock.now().getTime() - Date.parse(entry.readAt) >= (this.d.finishedMaxAgeMs ?? DAY_MS);
  }

  private async load(): Promise<{ doc: LedgerDoc; eTag?: string }> {
    const item = (await this.d.store.read([KEY]))[KEY];
    return { doc: (item?.ledger as LedgerDoc | undefined) ?? { entries: {} }, eTag: item?.eTag };
  }

  /** Moves `pending` into the stored ledger by compare-and-set; per person, the later read wins. */
  private async merge(pending: Map<string, LedgerEntry>): Promise<void> {
    if (!pending.size) return;
    const batch = new Map(pending);
    for (const key of batch.keys()) pending.delete(key);
    for (let tries = 1; ; tries++) {
      const { doc, eTag } = (tries === 1 && this.written) || await this.load();
      this.written = null; // its entries change below: kept again only once the write lands
      for (const [key, entry] of batch) {
        const had = doc.entries[key];
        if (!had || had.readAt <= entry.readAt) doc.entries[key] = entry;
      }
      try {
        const eTags = await this.d.store.write({ [KEY]: { ledger: doc, eTag: eTag ?? IF_ABSENT } });
        this.written = { doc, eTag: eTags[KEY]! };
        return;
      } catch (err) {
        if (!(err instanceof ConflictError) || tries >= 5) {
          for (const [key, entry] of batch) if (!pending.has(key)) pending.set(key, entry);
          throw err;
        }
      }
    }
  }
}

function describe(error: unknown): object {
  return { message: error instanceof Error ? error.message : String(error) };
}
