// The phrasings each candidate may learn from, and the corpora it is judged on. Corpus B is only ever
// handed to the judge: nothing here returns its texts for training or prints them.
import { readFileSync } from 'node:fs';
import { loadCorpus, type UnseenPhrasing } from '../../test/unit/nlu/unseenCorpus.js';

export type { UnseenPhrasing };

/** The recogniser's own training phrasings (test/fixtures/phrasings.json). */
export function trainingPhrasings(): UnseenPhrasing[] {
  const raw = JSON.parse(readFileSync(new URL('../../test/fixtures/phrasings.json', import.meta.url), 'utf8')) as
    Array<{ text: string; command: string | null }>;
  return raw.map(({ text, command }) => ({ text, command }));
}

/** Two training sets: without A (honest estimate on A), and with A (the one measured on B). */
export function trainingSets(): { withoutA: UnseenPhrasing[]; withA: UnseenPhrasing[] } {
  const withoutA = [...trainingPhrasings(), ...loadCorpus('unseen')];
  return { withoutA, withA: [...withoutA, ...loadCorpus('A')] };
}
