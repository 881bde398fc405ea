// What a reading card says while the bot reads a tenant: one line per part still being read, in words an
// admin reads at a glance. Status, plans, exports and refresh all report through these.
import type { ListProgress } from '../tenants/types.js';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * How long a command waits for another instance's read before it answers with what it is waiting for: long
 * enough for a cold read of 10,000 people (about 40 s), short enough that nobody watches a card for ever.
 */
export const DEFAULT_WAIT_MS = 3 * 60_000;

/** "Redirect sites on contoso: 12 pages, 3,000 sites listed" (or waiting for another instance's listing). */
export function listingText(tenant: string, p: ListProgress | undefined): string {
  return p ? `Redirect sites on ${tenant}: ${p.pages} pages, ${count(p.sitesSeen)} sites listed` : `Redirect sites on ${tenant}: waiting for another instance of the bot to list them`;
}

/** "Move states: 3,200 of 10,000 people read" while the ledger fills, and who fills it when not this instance. */
export function movesReadText(known: number, mapped: number, elsewhere = false): string {
  return `Move states: ${count(known)} of ${count(mapped)} people read${elsewhere ? ' by another instance of the bot' : ''}`;
}

/** The lines of a reading card: one per part still being read, in a stable order. */
export class ReadingText {
  private readonly lines = new Map<string, string>();
  constructor(private readonly onText?: (text: string) => void) {}
  set(part: string, line: string | undefined): void {
    // An unchanged line is no news: a card edit costs a connector call.
    if (!this.onText || this.lines.get(part) === line) return;
    if (line === undefined) this.lines.delete(part); else this.lines.set(part, line);
    if (this.lines.size) this.onText([...this.lines.values()].join('\n'));
  }
}
