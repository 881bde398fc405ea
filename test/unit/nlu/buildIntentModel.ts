// Rebuilds bot/nlu/intentModel.json, the trained model the bot ships (bot/nlu/intentModel.ts), from the command
// table and every example phrasing (bot/nlu/examples.ts). Run it whenever the examples or the commands' help
// change; test/unit/nlu/intentModel.test.ts fails while the shipped file differs from what training gives.
//   npx tsx test/unit/nlu/buildIntentModel.ts
import { writeFileSync } from 'node:fs';
import { COMMANDS } from '../../../bot/commands/index.js';
import { allExamples } from '../../../bot/nlu/examples.js';
import { trainIntentModel, type IntentModelFile } from '../../../bot/nlu/intentModel.js';

/** One feature a line: small diffs when the examples change. */
export function serialise(file: IntentModelFile): string {
  const lines = Object.entries(file.weights).map(([f, w]) => `${JSON.stringify(f)}: ${JSON.stringify(w)}`);
  return `{\n"labels": ${JSON.stringify(file.labels)},\n"bias": ${JSON.stringify(file.bias)},\n"weights": {\n${lines.join(',\n')}\n}\n}\n`;
}

if (process.argv[1]?.endsWith('buildIntentModel.ts')) {
  const started = Date.now();
  const file = trainIntentModel(COMMANDS, allExamples());
  writeFileSync(new URL('../../../bot/nlu/intentModel.json', import.meta.url), serialise(file));
  console.log(`${Object.keys(file.weights).length} features, ${file.labels.length} labels, trained in ${Date.now() - started} ms`);
}
