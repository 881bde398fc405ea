// Example phrasings the readers learn from, in two files:
// - examples.json: the training phrasings of test/fixtures/phrasings.json and corpora A to H
//   (test/fixtures/phrasingsA.json … phrasingsH.json), the corpora tuning may read (B to H since they were
//   measured, docs/language.md). Never the unseen corpus: it measures what the bot never saw.
// - examplesWritten.json: phrasings written for the reader from the README command table, the help card and
//   each command's help line (at least 25 per command, in every register admins write in) and requests that
//   are no command (near misses, things the bot does not do, chit-chat), so it learns from breadth rather than
//   from one set of writers' words.
// The second reader learns from examples.json; the trained model (intentModel.ts) from both, when it is built
// (test/unit/nlu/buildIntentModel.ts). The bot reads the built model, so examplesWritten.json is read only when
// asked for: kept in memory it cost the running bot about a megabyte of heap for nothing.
import { readFileSync } from 'node:fs';
import type examplesFile from './examples.json';
import type writtenFile from './examplesWritten.json';
import type { Example } from './bm25.js';

export type { examplesFile as ExamplesFile, writtenFile as WrittenExamplesFile };

const read = (file: string): Example[] => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as Example[];

/** The phrasings of the corpora and the training set (examples.json). */
export const CORPUS_EXAMPLES: readonly Example[] = Object.freeze(read('./examples.json'));
let written: readonly Example[] | undefined;
/** The phrasings written for the readers (examplesWritten.json), read on first use. */
export function writtenExamples(): readonly Example[] {
  written ??= Object.freeze(read('./examplesWritten.json'));
  return written;
}
/** Every example phrasing: the corpora's, then the written ones. */
export function allExamples(): readonly Example[] {
  return [...CORPUS_EXAMPLES, ...writtenExamples()];
}
