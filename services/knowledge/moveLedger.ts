// The move-state ledger: every mapped person's last known move state and when it was read, in the store
// (file or Azure Blob), so every instance shares one and a restart keeps it. Commands read it and say how
// fresh it is; they never wait for 10,000 Graph reads. It informs plans, never decides what runs: each
// item is re-checked against the tenant just before it is acted on.
//
// One instance reads the tenant at a time (a store lease, as jobs use); the others, and commands that need
// people not read yet, watch the stored ledger fill. Results reach the store every few seconds while a read
// runs, merged per person by read time, so nothing read is lost to a crash or a concurrent writer.
import { StillReadingError } from '../errors.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { JobLeases } from '../core/jobLease.js';
import { isFinishedMove } from './moveStates.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import { countMoves, mappedKeys, NO_SITES, LedgerDocument, type LedgerEntry, type MoveCounts } from './ledgerDocument.js';
import { moveKey, siteMoveKey } from './moveKeys.js';
import { DEFAULT_WAIT_MS, movesReadText } from './readingText.js';
import { readMoveStates, type MoveStateReader } from './readMoveStates.js';

export type { LedgerEntry, MoveCounts } from './ledgerDocument.js';

/** What the ledger knows of the people in the identity map and the sites in the site map now. */
export interface LedgerView {
  /** People in the identity map plus rows of the site map. */
  mapped: number;
  /** By move key (moveKeys.ts: a person's lower-case source UPN, `site:` or `group:` keys), only what the maps hold. */
  entries: Map<string, LedgerEntry>;
  /** Oldest and newest read among them (ISO), absent when nothing is known yet. */
  oldestReadAt?: string;
  newestReadAt?: string;
}

export interface RefreshProgress { reading: boolean; ended: number; total: number }

/** A read of the tenant as stored for every instance to see: who reads, how far, and when it ended. */
export interface LedgerReading { owner: string; ended: number; total: number; startedAt: string; endedAt?: string }

/** How many of the map are known; `elsewhere` when another instance is the one reading them. */
export type MovesProgress = (known: number, mapped: number, elsewhere: boolean) => void;

/** `missing`: people never read; `changeable`: those plus moves that can still change; `all`: everyone. */
export type RefreshScope = 'missing' | 'changeable' | 'all';

export interface MoveLedgerDeps {
  store: KeyValueStore;
  /** Reads the move of a person (by UPN) or of a site or group (by its move key) on the source. */
  source: MoveStateReader;
  identityMap: () => Promise<IdentityMap>;
  /** The sites and group sites moved (none when no site map is set). */
  siteMap?: () => Promise<SiteMap>;
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
  /** How long a command waits for the ledger to fill before it answers with what it is waiting for (default 3 min). */
  waitMs?: number;
}

const LEASE = 'knowledge-moves';
const READING_KEY = 'knowledge/moves-reading';
const DAY_MS = 24 * 60 * 60 * 1000;

export class MoveLedger {
  private readonly leases: JobLeases;
  private readonly document: LedgerDocument;
  private running: Promise<void> | null = null;
  private runningScope: RefreshScope = 'missing';
  private progress: RefreshProgress = { reading: false, ended: 0, total: 0 };
  private readonly halt = new AbortController();

  constructor(private readonly d: MoveLedgerDeps) {
    this.leases = new JobLeases(d.store, d.clock, d.logger, d.owner);
    this.document = new LedgerDocument(d.store, d.identityMap, this.sites);
  }

  /** How far this instance's read has got (reading false when none runs here). */
  get reading(): RefreshProgress { return { ...this.progress }; }

  /** The latest read of the tenant any instance stored (running when it has no end). */
  async lastReading(): Promise<LedgerReading | null> {
    return ((await this.d.store.read([READING_KEY]))[READING_KEY]?.reading as LedgerReading | undefined) ?? null;
  }

  private readonly sites = (): Promise<SiteMap> => this.d.siteMap?.() ?? Promise.resolve(NO_SITES);

  /** Per-move entries: downloads the ledger only when it changed since this instance last held it. */
  async view(map?: IdentityMap): Promise<LedgerView> {
    const [people, sites] = await Promise.all([map ?? this.d.identityMap(), this.sites()]);
    const stored = (await this.document.load()).entries;
    const entries = new Map<string, LedgerEntry>();
    const keys = mappedKeys(people, sites);
    for (const { key } of keys) {
      const entry = stored[key];
      if (entry) entries.set(key, entry);
    }
    const { oldestReadAt, newestReadAt } = countMoves(stored, people, sites);
    return { mapped: keys.length, entries, oldestReadAt, newestReadAt };
  }

  /** How many of the maps are known, by status and kind: from the small summary, without the ledger when it can. */
  async counts(map?: IdentityMap): Promise<MoveCounts> {
    const [people, sites] = await Promise.all([map ?? this.d.identityMap(), this.sites()]);
    return this.document.counts(people, sites);
  }

  /** States read just now by a command or a plan (by source UPN or move key): kept for status, exports and plans. */
  async remember(read: ReadonlyMap<string, LedgerEntry>): Promise<void> {
    if (read.size) await this.document.merge(new Map([...read].map(([key, entry]) => [moveKey(key), entry])));
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

  /** The ledger with everyone in the map read at least once (see whenComplete). */
  async complete(onProgress?: MovesProgress): Promise<LedgerView> {
    await this.whenComplete(onProgress);
    return this.view();
  }

  /**
   * Everyone in the map read at least once: reads the missing people (or waits for the instance that reads
   * them), reporting how many of the map are known. People whose read failed stay missing; the counts then
   * say so rather than waiting for ever. Past `waitMs`, answers with what it was waiting for.
   */
  async whenComplete(onProgress?: MovesProgress): Promise<MoveCounts> {
    const deadline = this.d.clock.now().getTime() + (this.d.waitMs ?? DEFAULT_WAIT_MS);
    let counts = await this.counts();
    let elsewhere = false; // the lease is another instance's: it reads, this one watches
    while (counts.known < counts.mapped && !this.halt.signal.aborted) {
      onProgress?.(counts.known, counts.mapped, elsewhere);
      const { known: base, mapped } = counts;
      const reading = this.refresh('missing'); // joins this instance's read if one runs
      // While our own read runs, progress comes from its counter (the store sees results every 2 s).
      const tick = setInterval(() => onProgress?.(Math.min(mapped, base + this.progress.ended), mapped, false), 500);
      let readHere: boolean;
      try { readHere = await reading; } finally { clearInterval(tick); }
      counts = await this.counts();
      elsewhere = !readHere;
      if (readHere) {
        if (!this.running) return counts; // read what could be read: the rest is unreadable for now
        continue;
      }
      // Another instance holds the lease and reads for everyone: watch the stored ledger fill.
      if (this.d.clock.now().getTime() >= deadline) {
        throw new StillReadingError(`Still waiting for another instance of the bot to read the move states (${movesReadText(counts.known, counts.mapped)}). Ask again in a few minutes: the read goes on.`, { known: counts.known, mapped: counts.mapped });
      }
      onProgress?.(counts.known, counts.mapped, elsewhere);
      await this.d.clock.sleep(this.d.pollMs ?? 1000).catch(() => undefined);
      counts = await this.counts();
    }
    return counts;
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
    const startedAt = this.d.clock.now().toISOString();
    const pending = new Map<string, LedgerEntry>();
    let flushing: Promise<void> = Promise.resolve();
    const flush = (endedAt?: string) => {
      flushing = flushing.then(() => this.flush(pending, { owner: this.d.owner, ended: this.progress.ended, total: this.progress.total, startedAt, endedAt }))
        .catch((err: unknown) => this.d.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'move ledger: results not stored this time'));
      return flushing;
    };
    const timer = setInterval(() => { void flush(); }, this.d.flushMs ?? 2000);
    try {
      // Said first, so an instance refused the lease finds a read running rather than the last one ended.
      this.progress = { reading: true, ended: 0, total: 0 };
      await flush();
      const [map, sites] = await Promise.all([this.d.identityMap(), this.sites()]);
      const stored = (await this.document.load()).entries;
      // People are asked for by their UPN as the map writes it; sites and groups by their key.
      const people = map.users.map((u) => u.sourceUpn);
      const upns = [...people, ...sites.entries.map(siteMoveKey)]
        .filter((key) => this.due(scope, stored[moveKey(key)]));
      this.progress = { reading: true, ended: 0, total: upns.length };
      const started = this.d.clock.now().getTime();
      let unreadable = 0;
      await readMoveStates(this.d.source, upns, {
        clock: this.d.clock, max: this.d.maxInFlight, signal: halt,
        onRead: (ended) => { this.progress.ended = ended; },
        onResult: (upn, outcome) => {
          if (outcome.ok) pending.set(moveKey(upn), { state: outcome.value, readAt: this.d.clock.now().toISOString() });
          else if (unreadable++ === 0) this.d.logger.warn({ err: describe(outcome.error) }, 'move ledger: a move state could not be read');
        },
      });
      this.d.logger.info({ scope, read: upns.length, unreadable, ms: this.d.clock.now().getTime() - started }, 'move ledger refreshed');
      return true;
    } finally {
      clearInterval(timer);
      await flush(this.d.clock.now().toISOString());
      this.progress = { reading: false, ended: 0, total: 0 };
      await lease.release();
    }
  }

  /** Results so far into the ledger, then where the read stands, for instances waiting on it. */
  private async flush(pending: Map<string, LedgerEntry>, reading: LedgerReading): Promise<void> {
    if (pending.size) {
      const batch = new Map(pending);
      for (const key of batch.keys()) pending.delete(key);
      try {
        await this.document.merge(batch);
      } catch (err) {
        for (const [key, entry] of batch) if (!pending.has(key)) pending.set(key, entry);
        throw err;
      }
    }
    await this.d.store.write({ [READING_KEY]: { reading } });
  }

  private due(scope: RefreshScope, entry: LedgerEntry | undefined): boolean {
    if (!entry || scope === 'all') return true;
    if (scope === 'missing') return false;
    if (!isFinishedMove(entry.state)) return true;
    return this.d.clock.now().getTime() - Date.parse(entry.readAt) >= (this.d.finishedMaxAgeMs ?? DAY_MS);
  }
}

function describe(error: unknown): object {
  return { message: error instanceof Error ? error.message : String(error) };
}
