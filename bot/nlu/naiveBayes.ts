// A second opinion for the second reader (recognizer.ts): multinomial naive Bayes over the same documents as
// bm25.ts (what the bot says about each command, and the example phrasings, each labelled with its command or as
// no command), words and pairs of neighbouring words as features. Where BM25's best command falls short of its
// thresholds, naive Bayes naming the same command, and sure of it, settles it: the two weigh words differently
// (BM25 by rarity and its best few documents, naive Bayes by how often a word comes with each label), so their
// agreement is a surer sign than either's lead. Measured leave one corpus out (test/unit/nlu/crossValidate.ts);
// in place of BM25 it ran more requests that are no command (docs/language.md, round 4). The formula is a few
// lines; wink-naive-bayes-text-classifier would bring its own preparation and keep its counts per label in
// plain objects, for the same result.
import { helpTextOf, NO_COMMAND, type Bm25Hit, type DocumentedCommand, type Example } from './bm25.js';
import { stem, tokenize } from './normalize.js';
import { ARTICLES, FILLER_WORDS } from './vocabulary.js';

const STOP = new Set([...FILLER_WORDS, ...ARTICLES]);
/** Additive smoothing: a word never seen with a label makes it unlikely, not impossible. */
const ALPHA = 0.1;

function features(text: string): string[] {
  const words = tokenize(String(text)).filter((w) => !STOP.has(w)).map(stem);
  return [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
}

export interface BayesRanker {
  /** Labels best first; `score` is 10 × the label's probability given the text, `shared` its words found in the text. */
  rank(text: string): Bm25Hit[];
}

export function createBayesRanker(commands: readonly DocumentedCommand[], examples: readonly Example[]): BayesRanker {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const documents = new Map<string, number>();
  const vocabulary = new Set<string>();
  const add = (label: string, text: string) => {
    const c = counts.get(label) ?? new Map<string, number>();
    for (const f of features(text)) {
      c.set(f, (c.get(f) ?? 0) + 1);
      totals.set(label, (totals.get(label) ?? 0) + 1);
      vocabulary.add(f);
    }
    counts.set(label, c);
    documents.set(label, (documents.get(label) ?? 0) + 1);
  };
  for (const c of commands) add(c.name, helpTextOf(c));
  for (const e of examples) add(e.command ?? NO_COMMAND, e.text);
  const allDocuments = [...documents.values()].reduce((a, b) => a + b, 0);
  return {
    rank: (text) => {
      const asked = features(text).filter((f) => vocabulary.has(f));
      if (asked.length === 0) return [];
      const logs = [...counts].map(([label, c]) => {
        let lp = Math.log(documents.get(label)! / allDocuments);
        const denominator = totals.get(label)! + ALPHA * vocabulary.size;
        for (const f of asked) lp += Math.log(((c.get(f) ?? 0) + ALPHA) / denominator);
        return { label, lp, c };
      });
      // Normalised in the log domain: fifty words' probabilities multiplied underflow.
      const max = Math.max(...logs.map((l) => l.lp));
      const z = logs.reduce((a, l) => a + Math.exp(l.lp - max), 0);
      const words = [...new Set(asked.filter((f) => !f.includes(' ')))];
      return logs.map(({ label, lp, c }) => ({
        name: label, score: (10 * Math.exp(lp - max)) / z, shared: words.filter((w) => c.has(w)).length,
      })).sort((a, b) => b.score - a.score).slice(0, 5);
    },
  };
}
