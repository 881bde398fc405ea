// Entity extraction. Span entities (URLs, UPNs, plan ids, numbers) are taken from the cleaned text and
// blanked out before tokenising, so a domain inside a UPN never reads as a tenant name or a keyword.
// Word entities (side, both, all) are read from tokens after typo correction.
import { lookup } from './lookup.js';
import { REFUSAL_WORDS, SIDE_WORDS, TENANT_NOUNS } from './vocabulary.js';

export type Side = 'source' | 'target';

export interface Entities {
  side?: Side;
  both?: boolean;
  all?: boolean;
  upns: string[];
  urls: string[];
  count?: number;
  planId?: string;
  /** Asked for what was refused (REFUSAL_WORDS): the audit's refusals. */
  refusals?: boolean;
}

/**
 * Plan ids: "p-" and 8 Crockford base32 characters (digits and letters without i, l, o, u), which is
 * why p-7k3m9q2x is valid. The one definition the bot and the recogniser share.
 */
export const PLAN_ID_PATTERN = /\bp-[0-9abcdefghjkmnpqrstvwxyz]{8}\b/i;

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Local parts may hold apostrophes (o'brien), plus and hyphen; the domain needs a dot and a TLD.
const UPN_RE = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const PLAN_ID_RE = new RegExp(PLAN_ID_PATTERN.source, 'gi');
const NUMBER_RE = /(?<![\p{L}\p{N}.-])\d{1,6}(?![\p{L}\p{N}]|\.\d)/gu;

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  five: 5, ten: 10, fifteen: 15, twenty: 20, thirty: 30, fifty: 50, hundred: 100,
};

export interface SpanEntities {
  upns: string[];
  urls: string[];
  planId?: string;
  count?: number;
  /** The text with every span entity replaced by a space. */
  rest: string;
}

function trimUrl(url: string): string {
  // Sentence punctuation after a URL belongs to the sentence; an unbalanced ")" to surrounding prose.
  let u = url.replace(/[.,;:!?'"]+$/, '');
  while (u.endsWith(')') && (u.match(/\(/g) ?? []).length < (u.match(/\)/g) ?? []).length) u = u.slice(0, -1);
  return u.replace(/[.,;:!?'"]+$/, '');
}

function trimUpn(upn: string): string {
  // Quotes and dots wrapped around an address are not part of it.
  return upn.replace(/^['.\-]+/, '');
}

/** A SharePoint Online site URL (the only sites the bot knows moves of: the site map accepts these alone). */
export function isSharePointUrl(url: string): boolean {
  return /^https:\/\/[a-z0-9][a-z0-9-]*\.sharepoint\.com(\/|$)/i.test(url);
}

/** Pulls URLs, UPNs, a plan id and a count out of cleaned text, in the order typed. */
export function extractSpans(text: string): SpanEntities {
  const urls: string[] = [];
  let rest = text.replace(URL_RE, (m) => {
    const url = trimUrl(m);
    if (url.length > 'https://'.length) urls.push(url);
    return ' ';
  });
  const upns: string[] = [];
  rest = rest.replace(UPN_RE, (m) => {
    const upn = trimUpn(m);
    if (upn.indexOf('@') > 0) upns.push(upn);
    return ' ';
  });
  let planId: string | undefined;
  rest = rest.replace(PLAN_ID_RE, (m) => {
    // Crockford base32 is case-insensitive; ids are issued in lower case.
    planId ??= m.toLowerCase();
    return ' ';
  });
  let count: number | undefined;
  rest = rest.replace(NUMBER_RE, (m) => {
    count ??= Number(m);
    return ' ';
  });
  return { upns, urls, planId, count, rest };
}

export function numberFromWords(tokens: readonly string[]): number | undefined {
  for (const t of tokens) {
    const n = lookup(NUMBER_WORDS, t);
    if (n !== undefined) return n;
  }
  return undefined;
}

export interface TenantNames {
  source?: string[];
  target?: string[];
}

// Generic labels in tenant domains that identify neither tenant.
const GENERIC_LABELS = new Set(['www', 'com', 'net', 'org', 'onmicrosoft', 'sharepoint', 'my', 'admin', 'co', 'uk']);

/** Distinctive lower-case labels of each tenant's names and domains ("contoso.onmicrosoft.com" → contoso). */
export function tenantLabels(names: TenantNames | undefined): Map<string, Side> {
  const labels = new Map<string, Side>();
  const ambiguous = new Set<string>();
  for (const side of ['source', 'target'] as const) {
    for (const name of names?.[side] ?? []) {
      for (const label of String(name).toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
        if (label.length < 3 || GENERIC_LABELS.has(label)) continue;
        if (labels.has(label) && labels.get(label) !== side) ambiguous.add(label);
        labels.set(label, side);
      }
    }
  }
  // A label shared by both tenants says nothing about the side.
  for (const label of ambiguous) labels.delete(label);
  return labels;
}

const REFUSALS = new Set(REFUSAL_WORDS);
const BOTH_WORDS = new Set(['both']);
const EACH_WORDS = new Set(['each', 'every', 'all', 'either']);
const ALL_WORDS = new Set(['all', 'everyone', 'everybody', 'every', 'everything']);

function nearTenantNoun(tokens: readonly string[], i: number): boolean {
  // "old tenant", "the old one", "old contoso tenant": the noun may be up to two words later.
  return [1, 2].some((k) => TENANT_NOUNS.includes(tokens[i + k] ?? ''));
}

/** Side, both, all and refusals from (typo-corrected) tokens. Side rule: see SIDE_WORDS in vocabulary.ts. */
export function extractWordEntities(
  tokens: readonly string[],
  labels: ReadonlyMap<string, Side>,
): Pick<Entities, 'side' | 'both' | 'all' | 'refusals'> {
  const sides = new Set<Side>();
  const directional = new Set<Side>();
  let both = false;
  let all = false;
  const isNoun = (j: number): boolean => TENANT_NOUNS.includes(tokens[j] ?? '');
  tokens.forEach((t, i) => {
    if (BOTH_WORDS.has(t)) both = true;
    if (EACH_WORDS.has(t) && isNoun(i + 1) && tokens[i + 1] !== 'one') both = true;
    else if (ALL_WORDS.has(t)) all = true;
    const strong = lookup(SIDE_WORDS.strong, t);
    const weak = lookup(SIDE_WORDS.weak, t);
    const label = labels.get(t);
    if (strong) sides.add(strong);
    else if (weak && nearTenantNoun(tokens, i)) sides.add(weak);
    else if (label) sides.add(label);
    // "from tenant", "to the tenant": direction only, so it never overrides a word naming the side.
    const dir = lookup(SIDE_WORDS.directional, t);
    if (dir && (isNoun(i + 1) || (tokens[i + 1] === 'the' && isNoun(i + 2)))) directional.add(dir);
  });
  const found = sides.size > 0 ? sides : directional;
  if (found.size === 2) both = true;
  const out: Pick<Entities, 'side' | 'both' | 'all' | 'refusals'> = {};
  if (tokens.some((t) => REFUSALS.has(t))) out.refusals = true;
  if (found.size === 1 && !both) out.side = [...found][0];
  if (both) out.both = true;
  if (all) out.all = true;
  return out;
}
