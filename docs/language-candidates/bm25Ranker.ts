// Candidate b: BM25 (wink-bm25-text-search) over one document per command (commandDocuments.ts) and one
// "None" document made of the requests that are no command. BM25 scores are unbounded, so a command's
// score is its share of the top two; `minScore` (raw) is what the best must reach to be a reading at all.
import bm25 from 'wink-bm25-text-search';
import utils from 'wink-nlp-utils';
import type { Recognition, Recognizer } from '../../bot/nlu/recognizer.js';
import { commandDocuments } from './commandDocuments.js';
import type { UnseenPhrasing } from './corpora.js';
import { decide, NONE, type Scored, type Thresholds } from './decide.js';
import { readEntities } from './readEntities.js';

export interface Bm25Thresholds extends Thresholds { minScore: number }

// Lower case, words, stop words out, Porter stems: the preparation wink's own examples use.
const PREP = [utils.string.lowerCase, utils.string.tokenize0, utils.tokens.removeWords, utils.tokens.stem];

export interface ScoringRecognizer extends Recognizer {
  scores(text: string): Scored[];
}

export function buildBm25(examples: readonly UnseenPhrasing[], t: Bm25Thresholds): ScoringRecognizer {
  const engine = bm25();
  engine.defineConfig({ fldWeights: { body: 1 } });
  engine.definePrepTasks(PREP);
  for (const [name, body] of commandDocuments(examples)) engine.addDoc({ body }, name);
  const nothing = examples.filter((p) => p.command === null).map((p) => p.text);
  if (nothing.length > 0) engine.addDoc({ body: nothing.join(' . ') }, NONE);
  engine.consolidate();

  function scores(text: string): Scored[] {
    const hits = engine.search(text, 5) as Array<[string, number]>;
    if (hits.length === 0 || hits[0][1] < t.minScore) return [];
    const total = hits[0][1] + (hits[1]?.[1] ?? 0);
    return hits.map(([name, raw]) => ({ name, score: raw / total }));
  }

  return {
    scores,
    recognize(text: string): Recognition {
      const read = readEntities(text);
      if (read.empty) return { kind: 'none', entities: read.entities, nearest: [] };
      return decide(scores(text), read.entities, t);
    },
  };
}
