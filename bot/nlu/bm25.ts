// Second reader, for what the word lists don't cover: BM25 ranking over one document per command made of
// everything the bot says about it (name, usage, help-card summary, its words in vocabulary.ts), and one
// document per example phrasing (examples.ts), labelled with its command or as a request that is no command.
// A command scores the mean of its best few documents: pooled into one document per command, a thousand
// examples hardly moved the ranking (a word's weight saturates, and every command's document holds the common
// words), while one phrasing close to the text is what carries across writers (docs/language.md, round 3).
// BM25 was chosen over NLP.js and wink-nlp lemmas because it generalised best on phrasings none of them was
// tuned on (docs/language-candidates/README.md). The scores are wink-bm25-text-search's (its k1, b and idf),
// computed here over compact postings: wink keeps each document's frequencies in an object indexed by word
// number, about 9 KB a document, +12 MB of heap for 1,800 phrasings. It only ranks; recognizer.ts decides
// what a ranking may do.
import { lookup } from './lookup.js';
import { stem, tokenize } from './normalize.js';
import { ARTICLES, COMMAND_VOCABULARY, FILLER_WORDS } from './vocabulary.js';

/** The label of the example phrasings that are no command. */
export const NO_COMMAND = '(no command)';

export interface DocumentedCommand {
  readonly name: string;
  readonly usage?: string;
  readonly summary?: string;
}

export interface Example { readonly text: string; readonly command: string | null }

export interface Bm25Hit {
  readonly name: string;
  /** The mean raw BM25 score of its best BEST_DOCUMENTS documents: how much of the text they explain, unbounded. */
  readonly score: number;
  /** Distinct words of the text found in its documents: one shared word ("menu") is a coincidence. */
  readonly shared: number;
}

const STOP = new Set([...FILLER_WORDS, ...ARTICLES]);

/** The product's own tokens and plural folding, without words that carry no intent. */
function prepare(text: string): string[] {
  return tokenize(String(text)).filter((w) => !STOP.has(w)).map(stem);
}

/** What the help card says of a command: its name, usage and summary. The learned readers' description of it. */
export function helpTextOf(command: DocumentedCommand): string {
  return [command.name, command.usage ?? '', command.summary ?? ''].join(' ');
}

/** What the bot says about a command, as one document: its help text and its words in vocabulary.ts. */
function documentOf(command: DocumentedCommand): string {
  const words = (lookup(COMMAND_VOCABULARY, command.name)?.groups ?? [])
    .flatMap((g) => g.terms).filter((t) => !t.startsWith('#'));
  return [helpTextOf(command), ...words].join(' . ');
}

/**
 * How many of a command's best-scoring documents its score averages: one lone close phrasing is a weaker sign
 * than three (chosen by cross-validation with the thresholds, test/unit/nlu/tuneSecondReader.ts).
 */
export const BEST_DOCUMENTS = 3;
/** Okapi BM25's term-frequency saturation and length normalisation, as wink-bm25-text-search sets them. */
const K1 = 1.2;
const B = 0.75;

export interface Bm25Ranker {
  /** The commands (and the label of requests that are no command) that explain the text, best first. */
  rank(text: string): Bm25Hit[];
}

/** Each word's documents (ascending) and its weight in each: the whole index the ranking reads. */
type Postings = Map<string, { docs: number[]; weights: number[] }>;

function postingsOf(documents: readonly (readonly string[])[]): Postings {
  const postings: Postings = new Map();
  let total = 0;
  documents.forEach((words, doc) => {
    total += words.length;
    for (const w of words) {
      const p = postings.get(w) ?? { docs: [], weights: [] };
      // Documents arrive in order, so a word already seen in this one is the last entry: count it again.
      if (p.docs[p.docs.length - 1] === doc) p.weights[p.weights.length - 1]! += 1;
      else {
        p.docs.push(doc);
        p.weights.push(1);
      }
      postings.set(w, p);
    }
  });
  const average = total / Math.max(1, documents.length);
  for (const p of postings.values()) {
    const idf = Math.log((documents.length - p.docs.length + 0.5) / (p.docs.length + 0.5) + 1);
    p.docs.forEach((doc, i) => {
      const tf = p.weights[i]!;
      const norm = 1 - B + (B * documents[doc]!.length) / average;
      // Rounded to 4 places as wink rounds, so the thresholds chosen on its scores still hold.
      p.weights[i] = Number((((tf * (K1 + 1)) / (K1 * norm + tf)) * idf).toFixed(4));
    });
  }
  return postings;
}

/**
 * Every word the reader knows, as typed (not folded): what the bot says about each command and the example
 * phrasings. The words nearWords.json may stand for, and the ones it needs no entry for.
 */
export function knownWords(commands: readonly DocumentedCommand[], examples: readonly Example[]): Set<string> {
  return new Set([...commands.map(documentOf), ...examples.map((e) => e.text)].flatMap((t) => tokenize(String(t))));
}

export function createBm25Ranker(commands: readonly DocumentedCommand[], examples: readonly Example[]): Bm25Ranker {
  const labels: string[] = [];
  const documents: string[][] = [];
  const words = new Map<string, Set<string>>();
  const add = (label: string, body: string) => {
    const prepared = prepare(body);
    if (prepared.length === 0) return;
    labels.push(label);
    documents.push(prepared);
    const known = words.get(label) ?? new Set<string>();
    for (const w of prepared) known.add(w);
    words.set(label, known);
  };
  for (const c of commands) add(c.name, documentOf(c));
  for (const e of examples) add(e.command ?? NO_COMMAND, e.text);
  const postings = postingsOf(documents);
  const names = [...new Set(labels)];
  const labelOf = Int32Array.from(labels, (label) => names.indexOf(label));
  // Reused by every ranking: each document's score, and each label's best BEST_DOCUMENTS scores.
  const scores = new Float64Array(documents.length);
  const best = new Float64Array(names.length * BEST_DOCUMENTS);
  return {
    rank: (text) => {
      const asked = prepare(text);
      const touched: number[] = [];
      // A word typed twice counts twice, as in wink.
      for (const w of asked) {
        const p = postings.get(w);
        if (!p) continue;
        for (let i = 0; i < p.docs.length; i += 1) {
          const doc = p.docs[i]!;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc] += p.weights[i]!;
        }
      }
      const hit = new Set<number>();
      for (const doc of touched) {
        const label = labelOf[doc]!;
        hit.add(label);
        // Insert into the label's best scores, kept in descending order.
        let score = scores[doc]!;
        scores[doc] = 0;
        for (let k = label * BEST_DOCUMENTS; k < (label + 1) * BEST_DOCUMENTS; k += 1) {
          if (score > best[k]!) [best[k], score] = [score, best[k]!];
        }
      }
      const typed = new Set(asked);
      const ranked = [...hit].map((label) => {
        let sum = 0;
        for (let k = label * BEST_DOCUMENTS; k < (label + 1) * BEST_DOCUMENTS; k += 1) {
          sum += best[k]!;
          best[k] = 0;
        }
        const name = names[label]!;
        return { label, name, score: sum / BEST_DOCUMENTS, shared: [...typed].filter((w) => words.get(name)?.has(w)).length };
      });
      // Equal scores rank in command-table order (the label of requests that are no command last), so results never vary.
      return ranked.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, 5)
        .map(({ name, score, shared }) => ({ name, score, shared }));
    },
  };
}
