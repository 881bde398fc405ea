// Chooses the second reader's thresholds (SECOND_READER in bot/nlu/recognizer.ts) by cross-validation on the
// corpora tuning may read (A, B and C): the reader learns from the training phrasings, the written examples
// (bot/nlu/examplesWritten.json) and the rest of the corpora, and is judged on phrasings it never saw.
// - 5-fold: every fifth phrasing of A, B and C held out in turn;
// - leave one corpus out: learns from all but corpus X, judged on X, for X in A, B, C.
// A request that is no command run as one costs 5 right answers.
// npx tsx test/unit/nlu/tuneSecondReader.ts [--without-written] [--grid]
//   --without-written: the examples as they were before the written ones (the "before" figure);
//   --grid: every threshold pair, not only SECOND_READER and the word lists alone.
import { readFileSync } from 'node:fs';
import { COMMANDS } from '../../../bot/commands/index.js';
import type { Example } from '../../../bot/nlu/bm25.js';
import { writtenExamples } from '../../../bot/nlu/examples.js';
import { createRecognizer, SECOND_READER, type SecondReaderThresholds } from '../../../bot/nlu/recognizer.js';
import { judge, loadCorpus, type UnseenPhrasing } from './unseenCorpus.js';

const FOLDS = 5;
const NON_COMMAND_COST = 5;
const CORPORA = ['A', 'B', 'C'] as const;
const training = (JSON.parse(readFileSync(new URL('../../fixtures/phrasings.json', import.meta.url), 'utf8')) as Example[])
  .map(({ text, command }) => ({ text, command }));
const written = process.argv.includes('--without-written') ? [] : writtenExamples();
const corpora = new Map(CORPORA.map((name) => [name, loadCorpus(name)]));

interface Figures { correct: number; total: number; nonCommandsRun: number }
type PerCorpus = Map<string, Figures>;

function judged(held: ReadonlyMap<string, readonly UnseenPhrasing[]>, learned: readonly Example[],
  secondReader: SecondReaderThresholds | false, into: PerCorpus): void {
  const recognizer = createRecognizer(COMMANDS, {
    tenantNames: { source: ['contoso'], target: ['fabrikam'] }, examples: [...training, ...written, ...learned], secondReader,
    // Learned from every corpus: crossValidate.ts builds it per fold.
    nearWords: false,
  });
  for (const [name, phrasings] of held) {
    const f = into.get(name) ?? { correct: 0, total: 0, nonCommandsRun: 0 };
    for (const p of phrasings) {
      const r = judge(p, recognizer);
      f.total += 1;
      if (r.correct) f.correct += 1;
      if (p.command === null && r.got.startsWith('run ')) f.nonCommandsRun += 1;
    }
    into.set(name, f);
  }
}

function fiveFold(secondReader: SecondReaderThresholds | false): PerCorpus {
  const out: PerCorpus = new Map();
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const held = new Map([...corpora].map(([n, c]) => [n, c.filter((_, i) => i % FOLDS === fold)]));
    const learned = [...corpora.values()].flatMap((c) => c.filter((_, i) => i % FOLDS !== fold));
    judged(held, learned, secondReader, out);
  }
  return out;
}

function leaveOneCorpusOut(secondReader: SecondReaderThresholds | false): PerCorpus {
  const out: PerCorpus = new Map();
  for (const name of CORPORA) {
    judged(new Map([[name, corpora.get(name)!]]), [...corpora].filter(([n]) => n !== name).flatMap(([, c]) => c), secondReader, out);
  }
  return out;
}

const sum = (m: PerCorpus): Figures => [...m.values()].reduce(
  (a, f) => ({ correct: a.correct + f.correct, total: a.total + f.total, nonCommandsRun: a.nonCommandsRun + f.nonCommandsRun }),
  { correct: 0, total: 0, nonCommandsRun: 0 });
const line = (m: PerCorpus): string => [...m, ['all', sum(m)] as const]
  .map(([n, f]) => `${n} ${f.correct}/${f.total} (${((100 * f.correct) / f.total).toFixed(1)} %, ${f.nonCommandsRun} run)`).join(' · ');

console.log(`examples: ${training.length} training, ${written.length} written, corpora ${CORPORA.join(', ')}`);
const settings: [string, SecondReaderThresholds | false][] = [['word lists alone', false], [`SECOND_READER ${JSON.stringify(SECOND_READER)}`, SECOND_READER]];
for (const [label, t] of settings) {
  console.log(`${label}\n  5-fold:        ${line(fiveFold(t))}\n  leave one out: ${line(leaveOneCorpusOut(t))}`);
}
if (process.argv.includes('--grid')) {
  let best: { t: SecondReaderThresholds; f: Figures; score: number } | undefined;
  for (const minScore of [0, 1, 2, 3, 4, 5, 6, 8, 10, 12]) {
    for (const margin of [0, 0.5, 1, 2, 3]) {
      const t = { ...SECOND_READER, minScore, margin };
      const f = sum(fiveFold(t));
      const score = f.correct - NON_COMMAND_COST * f.nonCommandsRun;
      console.log(`minScore ${minScore} margin ${margin}: 5-fold ${f.correct}/${f.total}, no-command requests run: ${f.nonCommandsRun}`);
      if (!best || score > best.score) best = { t, f, score };
    }
  }
  console.log(`best: ${JSON.stringify(best!.t)}: ${best!.f.correct}/${best!.f.total}, no-command requests run: ${best!.f.nonCommandsRun}`);
}
