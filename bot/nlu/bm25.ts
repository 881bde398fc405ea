// Second reader, for what the word lists don't cover: BM25 ranking (wink-bm25-text-search) over one document
// per command, made of everything the bot says about the command (name, usage, help-card summary, its words
// in vocabulary.ts) and example phrasings, plus one document of requests that are no command. Chosen over
// NLP.js and wink-nlp lemmas because it generalised best on phrasings none of them was tuned on
// (docs/language-candidates/README.md). It only ranks; recognizer.ts decides what a ranking may do.
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
  /** The raw BM25 score: how much of the text the document explains, unbounded. */
  readonly score: number;
  /** Distinct words of the text found in the document: one shared word ("menu") is a coincidence. */
  readonly shared: number;
}

const STOP = new Set([...FILLER_WORDS, ...ARTICLES]);

/** The product's own tokens and plural folding, without words that carry no intent. */
function prepare(text: string): string[] {
  return tokenize(String(text)).filter((w) => !STOP.has(w)).map(stem);
}

/** One text per command: what the bot says about it and how people asked for it. */
function documentOf(command: DocumentedCommand, examples: readonly Example[]): string {
  const words = (lookup(COMMAND_VOCABULARY, command.name)?.groups ?? [])
    .flatMap((g) => g.terms).filter((t) => !t.startsWith('#'));
  const asked = examples.filter((e) => e.command === command.name).map((e) => e.text);
  return [command.name, command.usage ?? '', command.summary ?? '', ...words, ...asked].join(' . ');
}

export interface Bm25Ranker {
  /** The documents that explain the text, best first (the no-command document among them). */
  rank(text: string): Bm25Hit[];
}

export function createBm25Ranker(commands: readonly DocumentedCommand[], examples: readonly Example[]): Bm25Ranker {
  const engine = bm25();
  engine.defineConfig({ fldWeights: { body: 1 } });
  engine.definePrepTasks([prepare]);
  const words = new Map<string, ReadonlySet<string>>();
  const add = (name: string, body: string) => {
    engine.addDoc({ body }, name);
    words.set(name, new Set(prepare(body)));
  };
  for (const c of commands) add(c.name, documentOf(c, examples));
  const none = examples.filter((e) => e.command === null).map((e) => e.text);
  if (none.length > 0) add(NO_COMMAND, none.join(' . '));
  engine.consolidate();
  return {
    rank: (text) => {
      const typed = new Set(prepare(text));
      return engine.search(text, 5).map(([name, score]) => ({
        name, score, shared: [...typed].filter((w) => words.get(name)?.has(w)).length,
      }));
    },
  };
}
