// `refresh`: every move state and both tenants' redirect sites read again now. A part another instance of
// the bot is already reading (it holds that part's lease) is not read a second time: the card says so and
// waits for that read to end, so the answer that follows shows it, not what was known before it.
import { StillReadingError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { TenantSide } from '../tenants/types.js';
import type { LedgerReading, MoveLedger } from './moveLedger.js';
import { DEFAULT_WAIT_MS, listingText } from './readingText.js';
import type { RedirectSnapshots } from './redirectSnapshots.js';

export interface ReadAgainOptions {
  clock: Clock;
  /** The tenant's name as admins know it (contoso), for the card's lines. */
  tenantOf: (side: TenantSide) => string;
  /** One line per part still being read; undefined once that part is done. */
  onLine: (part: string, line: string | undefined) => void;
  waitMs?: number;
  pollMs?: number;
}

const SIDES: readonly TenantSide[] = ['source', 'target'];
const count = (n: number) => n.toLocaleString('en-US');

export async function readAgain(moves: MoveLedger, redirects: RedirectSnapshots, o: ReadAgainOptions): Promise<void> {
  const deadline = o.clock.now().getTime() + (o.waitMs ?? DEFAULT_WAIT_MS);
  const pause = async (what: string) => {
    if (o.clock.now().getTime() >= deadline) {
      throw new StillReadingError(`Still waiting for another instance of the bot to finish reading ${what}. Ask again in a few minutes: that read goes on.`);
    }
    await o.clock.sleep(o.pollMs ?? 1000);
  };
  await Promise.all([movesAgain(moves, o, pause), ...SIDES.map((side) => listingAgain(side, redirects, o, pause))]);
}

async function movesAgain(moves: MoveLedger, o: ReadAgainOptions, pause: (what: string) => Promise<void>): Promise<void> {
  const tick = setInterval(() => {
    const p = moves.reading;
    if (p.reading) o.onLine('moves', `Move states: ${count(p.ended)} of ${count(p.total)} read again`);
  }, 500);
  try {
    if (await moves.refresh('all')) return;
    // Another instance holds the lease: wait for the read it stores as running to end.
    const idOf = (r: LedgerReading) => `${r.owner}|${r.startedAt}`;
    let awaited: string | undefined;
    for (;;) {
      const r = await moves.lastReading();
      if (r && !r.endedAt) {
        awaited = idOf(r);
        o.onLine('moves', `Move states: another instance of the bot is already reading them (${count(r.ended)} of ${count(r.total)} read); this card shows that read when it ends`);
      } else if (r && awaited === idOf(r)) {
        return;
      } else if (await moves.refresh('all')) {
        return; // the lease was free again before its holder said it was reading: read here
      }
      await pause('the move states');
    }
  } finally {
    clearInterval(tick);
    o.onLine('moves', undefined);
  }
}

async function listingAgain(side: TenantSide, redirects: RedirectSnapshots, o: ReadAgainOptions, pause: (what: string) => Promise<void>): Promise<void> {
  const tenant = o.tenantOf(side);
  const tick = setInterval(() => {
    const listing = redirects.listing(side);
    if (listing) o.onLine(side, listingText(tenant, listing));
  }, 500);
  try {
    const before = (await redirects.summary(side))?.listedAt;
    if (await redirects.refresh(side)) return;
    // Another instance holds the lease: its snapshot is stored before it lets the lease go.
    for (;;) {
      o.onLine(side, `Redirect sites on ${tenant}: another instance of the bot is already listing them; this card shows that listing when it ends`);
      await pause(`the redirect sites on ${tenant}`);
      if ((await redirects.summary(side))?.listedAt !== before) return;
      if (await redirects.refresh(side)) return;
    }
  } finally {
    clearInterval(tick);
    o.onLine(side, undefined);
  }
}
