// Chooses the second reader's thresholds (SECOND_READER in bot/nlu/recognizer.ts) on corpus A alone, by
// 5-fold cross-validation: the reader learns from the training phrasings and four fifths of A, and is judged
// on the fifth it never saw. A request that is no command run as one costs 5 right answers.
// npx tsx test/unit/nlu/tuneSecondReader.ts
import { readFileSync } from 'node:fs';
import { COMMANDS } from '../../../bot/commands/index.js';
import type { Example } from '../../../bot/nlu/bm25.js';
import { createRecognizer, type SecondReaderThresholds } from '../../../bot/nlu/recognizer.js';
import { judge, loadCorpus } from './unseenCorpus.js';

const FOLDS = 5;
const NON_COMMAND_COST = 5;
const training = (JSON.parse(readFileSync(new URL('../../fixtures/phrasings.json', import.meta.url), 'utf8')) as Example[])
  .map(({ text, command }) => ({ text, command }));
const a = loadCorpus('A');

function crossValidated(secondReader: SecondReaderThresholds | false): { correct: number; nonCommandsRun: number } {
  let correct = 0;
  let nonCommandsRun = 0;
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const held = a.filter((_, i) => i % FOLDS === fold);
    const examples = [...training, ...a.filter((_, i) => i % FOLDS !== fold)];
    const recognizer = createRecognizer(COMMANDS, { tenantNames: { source: ['contoso'], target: ['fabrikam'] }, examples, secondReader });
    for (const p of held) {
      const r = judge(p, recognizer);
      if (r.correct) correct += 1;
      if (p.command === null && r.got.startsWith('run ')) nonCommandsRun += 1;
    }
  }
  return { correct, nonCommandsRun };
}

const off = crossValidated(false);
console.log(`word lists alone: ${off.correct}/${a.length}, no-command requests run: ${off.nonCommandsRun}`);
let best: { t: SecondReaderThresholds; correct: number; nonCommandsRun: number; score: number } | undefined;
for (const minScore of [0, 1, 2, 3, 4, 5, 6, 8]) {
  for (const margin of [0, 0.5, 1, 2, 3]) {
    const t = { minScore, margin };
    const m = crossValidated(t);
    const score = m.correct - NON_COMMAND_COST * m.nonCommandsRun;
    console.log(`minScore ${minScore} margin ${margin}: ${m.correct}/${a.length}, no-command requests run: ${m.nonCommandsRun}`);
    if (!best || score > best.score) best = { t, ...m, score };
  }
}
console.log(`best: ${JSON.stringify(best!.t)}: ${best!.correct}/${a.length}, no-command requests run: ${best!.nonCommandsRun}`);
