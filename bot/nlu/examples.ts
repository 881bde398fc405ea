// Example phrasings the second reader (bm25.ts) learns from: the training phrasings of test/fixtures/
// phrasings.json and corpus A (test/fixtures/phrasingsA.json), the corpus tuning may read. Never corpus B, nor
// the unseen corpus: those measure how well the bot understands what it never saw.
import { readFileSync } from 'node:fs';
import type examplesFile from './examples.json';
import type { Example } from './bm25.js';

export type { examplesFile as ExamplesFile };

export const EXAMPLES: readonly Example[] = Object.freeze(
  JSON.parse(readFileSync(new URL('./examples.json', import.meta.url), 'utf8')) as Example[],
);
