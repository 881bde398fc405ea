// Example phrasings the second reader (bm25.ts) learns from: the training phrasings of test/fixtures/
// phrasings.json and corpora A and B (test/fixtures/phrasingsA.json, phrasingsB.json), the corpora tuning may
// read (B since it was measured, docs/language.md). Never the unseen corpus nor C: those measure how well the
// bot understands what it never saw.
import { readFileSync } from 'node:fs';
import type examplesFile from './examples.json';
import type { Example } from './bm25.js';

export type { examplesFile as ExamplesFile };

export const EXAMPLES: readonly Example[] = Object.freeze(
  JSON.parse(readFileSync(new URL('./examples.json', import.meta.url), 'utf8')) as Example[],
);
