// Prints how the bot reads phrasings, with the nearest commands' scores: npx tsx test/unit/nlu/explain.ts "text" ["text"…]
import { interpret } from '../../../bot/interpret.js';
import { unseenRecognizer } from './unseenCorpus.js';

const recognizer = unseenRecognizer();
for (const text of process.argv.slice(2)) {
  const r = recognizer.recognize(text);
  const what = interpret(text, recognizer);
  console.log(`${JSON.stringify(text)}: ${what.kind} ${what.kind === 'run' ? `${what.command.name} ${what.argText}` : what.kind === 'offer' ? what.names.join(' / ') : ''}`);
  console.log(`  recognised ${r.kind}${r.kind === 'match' ? ` ${r.command} ${r.confidence}` : ''} ${JSON.stringify(r.entities)}`);
  if (r.kind !== 'match') console.log(`  ${r.nearest.slice(0, 5).map((n) => `${n.name}=${n.score}`).join('  ')}`);
}
