// How values read on a card. Instants go through Adaptive Cards' DATE()/TIME() so each reader sees them
// in their own time zone and format; state codes from tenants and services read as words (stateWords.ts).
// DATE()/TIME() rules (learn.microsoft.com/adaptive-cards/authoring-cards/text-features): upper case, no
// spaces inside the braces or parentheses, strict RFC 3339 (no fractional seconds), TextBlock text only:
// a FactSet value or a TextRun shows the raw string, so templates put instants in TextBlocks.

import { ageText } from '../services/knowledge/freshness.js';

const NONE = '—';

/** RFC 3339 to the second, in UTC; undefined for anything that is not an instant. */
function rfc3339(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

/** Date and time of an instant, for TextBlock text; '—' when there is none. */
export function when(iso: string | undefined): string {
  const t = rfc3339(iso);
  return t ? `{{DATE(${t}, SHORT)}} {{TIME(${t})}}` : NONE;
}

/**
 * Free text written by a service ("started 2026-09-14T12:49:15.423Z", "completed at …") with each instant
 * in it shown as date and time in the reader's zone; for TextBlock text.
 */
export function instantsIn(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => when(iso));
}

/**
 * An instant where no DATE()/TIME() is formatted (Teams' own file consent card): to the minute, in UTC,
 * absolute, so it never goes stale the way an age would.
 */
export function inUtc(iso: string | undefined): string {
  const t = rfc3339(iso);
  return t ? `${t.slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

/** The date of an instant, for TextBlock text; '—' when there is none. */
export function onDay(iso: string | undefined): string {
  const t = rfc3339(iso);
  return t ? `{{DATE(${t}, SHORT)}}` : NONE;
}

/**
 * When something was read and how long ago, e.g. "{{DATE(…)}} {{TIME(…)}} (3 min ago)", for TextBlock text.
 * The age is worked out now, when the card is rendered: pass the render time, never the time of the read.
 */
export function readWhen(iso: string | undefined, renderedAt: Date): string {
  return rfc3339(iso) ? `${when(iso)} (${ageText(iso, renderedAt)})` : ageText(undefined, renderedAt);
}

export { inWords } from '../services/stateWords.js';
