// Typo-tolerant word lookup. Levenshtein from fastest-levenshtein, plus one adjacent transposition
// counted as a single edit (Damerau), because swapped letters ("lsit", "trsut") are the commonest
// chat typo and plain Levenshtein charges them two.
import { distance } from 'fastest-levenshtein';

/** Cache entries per lexicon; chat traffic repeats a small set of words, and the bound keeps memory flat. */
const CACHE_LIMIT = 2000;

function isOneTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Edit distance where an adjacent swap costs 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const d = distance(a, b);
  return d === 2 && isOneTransposition(a, b) ? 1 : d;
}

/**
 * Edits tolerated for a word of this length (the shorter of the two words decides). Words of three
 * letters or fewer must be exact: "to"/"do" or "log"/"dog" are different words, not typos. Longer
 * words get one edit, and two from seven letters on ("redirections", "relationship").
 */
export function allowedEdits(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

/** 0..1, 1 for identical words: how much a fuzzy hit should count compared with an exact one. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

export interface Resolution {
  /** The lexicon words the token stands for (several when equally close). */
  readonly words: readonly string[];
  /** 1 for an exact hit, less for a typo. */
  readonly similarity: number;
}

/**
 * A fixed word list that resolves typed tokens to its nearest words. A token that is itself in the
 * lexicon never resolves to another word ("last" stays "last", not "list").
 */
export class FuzzyLexicon {
  private readonly words: readonly string[];
  private readonly known: ReadonlySet<string>;
  private readonly cache = new Map<string, Resolution | null>();

  constructor(words: Iterable<string>) {
    this.known = new Set(words);
    this.words = [...this.known].sort();
  }

  has(word: string): boolean {
    return this.known.has(word);
  }

  resolve(token: string): Resolution | undefined {
    if (this.known.has(token)) return { words: [token], similarity: 1 };
    if (token.length <= 3 || token.length > 30 || /^\d+$/.test(token)) return undefined;
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.nearest(token);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, found ?? null);
    return found;
  }

  private nearest(token: string): Resolution | undefined {
    let best = Infinity;
    let words: string[] = [];
    for (const word of this.words) {
      const allowed = allowedEdits(Math.min(word.length, token.length));
      if (allowed === 0 || Math.abs(word.length - token.length) > allowed) continue;
      const d = editDistance(token, word);
      if (d > allowed || d > best) continue;
      if (d < best) {
        best = d;
        words = [];
      }
      words.push(word);
    }
    if (words.length === 0) return undefined;
    return { words, similarity: similarity(token, words[0]) };
  }
}

/**
 * Registered command names whose words are a close misspelling of the first words typed, closest first:
 * "stauts" → ["status"], "trsut status" → ["trust status"]. For "did you mean" replies.
 */
export function suggest(text: string, commandNames: readonly string[]): string[] {
  const typed = String(text ?? '').toLowerCase().slice(0, 200).split(/\s+/).filter(Boolean);
  const scored: Array<{ name: string; d: number }> = [];
  for (const name of commandNames) {
    const words = name.toLowerCase().split(' ');
    if (typed.length < words.length) continue;
    let total = 0;
    let ok = true;
    words.forEach((w, i) => {
      const d = editDistance(w, typed[i]);
      if (d > allowedEdits(Math.min(w.length, typed[i].length)) && d > 0) ok = false;
      total += d;
    });
    if (ok && total > 0) scored.push({ name, d: total });
  }
  return scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name)).map((s) => s.name);
}
