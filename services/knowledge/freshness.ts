// How old what the bot knows is. Answers carry the instants of their reads (ISO strings); an age is worded
// only when a card is rendered, from the clock of that moment, so a card shown again a day later says
// "1 day ago" and nothing stored or hashed ever holds an age.
//
// "As of" has one meaning everywhere (status, lists, plans, exports): the OLDEST read the answer rests on.
// An answer is no fresher than its stalest part: a plan built from a listing of an hour ago and move states
// of a minute ago is "as of an hour ago".

/** The age of a read in words an admin reads at a glance ("3 min ago"); relative ages need no time zone. */
export function ageText(readAt: string | undefined, now: Date): string {
  if (!readAt) return 'not read yet';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(readAt)) / 1000));
  if (seconds < 60) return seconds < 10 ? 'just now' : `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from today (UTC) until a yyyy-mm-dd date; negative once it has passed. */
export function daysUntil(date: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / DAY_MS);
}

/** How far off a yyyy-mm-dd deadline is, as a sentence worked out when a card is rendered ("10 days left."). */
export function daysLeftText(date: string, now: Date): string {
  const days = daysUntil(date, now);
  if (days > 1) return `${days} days left.`;
  if (days === 1) return '1 day left.';
  if (days === 0) return 'That is today.';
  return days === -1 ? 'That was yesterday.' : `That was ${-days} days ago.`;
}

/** The "as of" of an answer resting on these reads: the oldest of them; reads never made are left out. */
export function asOf(...readsAt: (string | undefined)[]): string | undefined {
  let oldest: string | undefined;
  let oldestMs = Infinity;
  for (const at of readsAt) {
    const ms = at ? Date.parse(at) : NaN;
    if (Number.isFinite(ms) && ms < oldestMs) { oldest = at; oldestMs = ms; }
  }
  return oldest;
}
