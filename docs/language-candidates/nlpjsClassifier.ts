// Candidate a: NLP.js's intent classifier (a small neural network over stemmed words), trained in process.
// Its answer is asynchronous while the product's Recognizer is synchronous, so each phrase is classified
// ahead (and timed there) and recognize() reads that answer: the bot would need an async interpret().
import { containerBootstrap } from '@nlpjs/core';
import { Nlp } from '@nlpjs/nlp';
import { LangEn } from '@nlpjs/lang-en-min';
import type { Recognition, Recognizer } from '../../bot/nlu/recognizer.js';
import type { UnseenPhrasing } from './corpora.js';
import { decide, NONE, type Scored, type Thresholds } from './decide.js';
import { readEntities } from './readEntities.js';

export interface PreparedRecognizer extends Recognizer {
  /** Classifies the texts ahead; returns the mean time per text in µs. */
  prepare(texts: readonly string[]): Promise<number>;
  /** The scores alone, for the combined candidate. */
  scores(text: string): Scored[];
}

export async function trainNlpjs(
  examples: readonly UnseenPhrasing[], extra: readonly UnseenPhrasing[], t: Thresholds,
): Promise<PreparedRecognizer> {
  const container = await containerBootstrap();
  container.use(LangEn);
  const nlp = new Nlp({ autoSave: false, autoLoad: false, nlu: { log: false }, languages: ['en'] }, container);
  for (const p of [...examples, ...extra]) nlp.addDocument('en', p.text, p.command ?? NONE);
  await nlp.train();
  const answers = new Map<string, Scored[]>();

  async function classify(text: string): Promise<Scored[]> {
    const out = await nlp.nluManager.process('en', text);
    return (out.classifications as Array<{ intent: string; score: number }>).map((c) => ({ name: c.intent, score: c.score }));
  }

  function scores(text: string): Scored[] {
    const s = answers.get(text);
    if (!s) throw new Error('Phrase not classified ahead: call prepare() with it first.');
    return s;
  }

  return {
    async prepare(texts) {
      const start = process.hrtime.bigint();
      for (const text of texts) answers.set(text, await classify(text));
      return Number(process.hrtime.bigint() - start) / 1000 / Math.max(1, texts.length);
    },
    scores,
    recognize(text: string): Recognition {
      const read = readEntities(text);
      if (read.empty) return { kind: 'none', entities: read.entities, nearest: [] };
      return decide(scores(text), read.entities, t);
    },
  };
}
