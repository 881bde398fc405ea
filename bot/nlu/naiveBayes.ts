// Candidate second reader of round 4 (docs/language.md): multinomial naive Bayes over the same documents as
// bm25.ts (each command's own words and the example phrasings), words and word pairs as features. Its score is
// ten times the posterior probability, so SECOND_READER's minScore 6 and margin 1 read as p ≥ 0.6 and a lead of
// 0.1. Written here rather than taken from wink-naive-bayes-text-classifier, which wants its own preparation
// pipeline and holds its counts in objects per label; this is the textbook formula in a few lines.
import { knownWords, NO_COMMAND, type Bm25Hit, type Bm25Ranker, type DocumentedCommand, type Example } from './bm25.js';
import { stem, tokenize } from './normalize.js';
import { ARTICLES, FILLER_WORDS } from './vocabulary.js';

const STOP = new Set([...FILLER_WORDS, ...ARTICLES]);
/** Laplace smoothing. */
const ALPHA = 0.1;

function features(text: string): string[] {
  const words = tokenize(String(text)).filter((w) => !STOP.has(w)).map(stem);
  return [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
}

export function createBayesRanker(commands: readonly DocumentedCommand[], examples: readonly Example[]): Bm25Ranker {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const docs = new Map<string, number>();
  const vocabulary = new Set<string>();
  const add = (label: string, text: string) => {
    const c = counts.get(label) ?? new Map<string, number>();
    for (const f of features(text)) {
      c.set(f, (c.get(f) ?? 0) + 1);
      totals.set(label, (totals.get(label) ?? 0) + 1);
      vocabulary.add(f);
    }
    counts.set(label, c);
    docs.set(label, (docs.get(label) ?? 0) + 1);
  };
  for (const c of commands) add(c.name, [c.name, c.usage ?? '', c.summary ?? ''].join(' '));
  for (const e of examples) add(e.command ?? NO_COMMAND, e.text);
  const allDocs = [...docs.values()].reduce((a, b) => a + b, 0);
  const labelWords = new Map([...counts].map(([l, c]) => [l, new Set([...c.keys()].filter((f) => !f.includes(' ')))]));
  void knownWords;
  return {
    rank: (text): Bm25Hit[] => {
      const fs = features(text).filter((f) => vocabulary.has(f));
      if (fs.length === 0) return [];
      const logs = [...counts].map(([label, c]) => {
        let lp = Math.log(docs.get(label)! / allDocs);
        const denominator = totals.get(label)! + ALPHA * vocabulary.size;
        for (const f of fs) lp += Math.log(((c.get(f) ?? 0) + ALPHA) / denominator);
        return { label, lp };
      });
      const max = Math.max(...logs.map((l) => l.lp));
      const z = logs.reduce((a, l) => a + Math.exp(l.lp - max), 0);
      const typed = new Set(fs.filter((f) => !f.includes(' ')));
      return logs.map(({ label, lp }) => ({
        name: label, score: (10 * Math.exp(lp - max)) / z,
        shared: [...typed].filter((w) => labelWords.get(label)?.has(w)).length,
      })).sort((a, b) => b.score - a.score).slice(0, 5);
    },
  };
}
