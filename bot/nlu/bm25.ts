// Second reader, for what the word lists don't cover: BM25 ranking (wink-bm25-text-search) over one document
// per command made of everything the bot says about it (name, usage, help-card summary, its words in
// vocabulary.ts), and one document per example phrasing (examples.ts), labelled with its command or as a
// request that is no command. A command scores the mean of its best few documents: pooled into one document
// per command, a thousand examples hardly moved the ranking (a word's weight saturates, and every command's
// document holds the common words), while one phrasing close to the text is what carries across writers
// (docs/language.md, round 3). Chosen over NLP.js and wink-nlp lemmas because it generalised best on phrasings
// none of them was tuned on (docs/language-candidates/README.md). It only ranks; recognizer.ts decides what a
// ranking may do.
import bm25 from 'wink-bm25-text-search';
import { lookup } from './lookup.js';
import { stem, tokenize } from './normalize.js';
import { ARTICLES, COMMAND_VOCABULARY, FILLER_WORDS } from './vocabulary.js';

/** The label of the document of requests that are no command. */
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

/** What the bot says about a command, as one document. */
function documentOf(command: DocumentedCommand): string {
  const words = (lookup(COMMAND_VOCABULARY, command.name)?.groups ?? [])
    .flatMap((g) => g.terms).filter((t) => !t.startsWith('#'));
  return [command.name, command.usage ?? '', command.summary ?? '', ...words].join(' . ');
}

/**
 * How many of a command's best-scoring documents its score averages: one lone close phrasing is a weaker sign
 * than three (chosen by cross-validation with the thresholds, test/unit/nlu/tuneSecondReader.ts).
 */
export const BEST_DOCUMENTS = 3;
/** Documents read per search: enough to hold the best few of every command that relates. */
const SEARCHED = 200;

export interface Bm25Ranker {
  /** The commands (and the label of requests that are no command) that explain the text, best first. */
  rank(text: string): Bm25Hit[];
}

export function createBm25Ranker(commands: readonly DocumentedCommand[], examples: readonly Example[]): Bm25Ranker {
  const engine = bm25();
  engine.defineConfig({ fldWeights: { body: 1 } });
  engine.definePrepTasks([prepare]);
  const labels: string[] = [];
  const words = new Map<string, Set<string>>();
  const add = (label: string, body: string) => {
    const prepared = prepare(body);
    if (prepared.length === 0) return;
    // Document ids are their index in `labels`: several documents share a label.
    engine.addDoc({ body }, String(labels.length));
    labels.push(label);
    const known = words.get(label) ?? new Set<string>();
    for (const w of prepared) known.add(w);
    words.set(label, known);
  };
  for (const c of commands) add(c.name, documentOf(c));
  for (const e of examples) add(e.command ?? NO_COMMAND, e.text);
  engine.consolidate();
  return {
    rank: (text) => {
      const typed = new Set(prepare(text));
      const scores = new Map<string, number[]>();
      // Best first, so each label's first BEST_DOCUMENTS scores are its best.
      for (const [id, score] of engine.search(text, SEARCHED)) {
        const label = labels[Number(id)]!;
        const own = scores.get(label) ?? [];
        if (own.length < BEST_DOCUMENTS) own.push(score);
        scores.set(label, own);
      }
      return [...scores].map(([name, best]) => ({
        name, score: best.reduce((a, b) => a + b, 0) / BEST_DOCUMENTS,
        shared: [...typed].filter((w) => words.get(name)?.has(w)).length,
      })).sort((a, b) => b.score - a.score).slice(0, 5);
    },
  };
}
