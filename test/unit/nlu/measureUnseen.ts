// Prints the accuracy on one corpus, per command: npx tsx test/unit/nlu/measureUnseen.ts [unseen|A|B|C|D|E|F|G|H|I] [--misses]
// Misses are printed for unseen, A and B; corpora C to I are measured only, their misses shown only with --misses.
import { CORPUS_NAMES, loadCorpus, measure, MISSES_SHOWN, type CorpusName } from './unseenCorpus.js';

const name = (process.argv[2] ?? 'unseen') as CorpusName;
if (!CORPUS_NAMES.includes(name)) throw new Error(`Unknown corpus "${name}": ${CORPUS_NAMES.join(', ')}.`);
// Corpora nobody may tune on: printing their misses would make them readable.
const neverRead = !MISSES_SHOWN.includes(name);
const showMisses = !neverRead || process.argv.includes('--misses');
const m = measure(loadCorpus(name));
console.log(`Corpus ${name}: ${m.correct}/${m.total} correct, accuracy ${m.accuracy.toFixed(1)}%, `
  + `requests that are no command run as one: ${m.nonCommandsRun}`);
for (const [command, row] of [...m.perCommand].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${command.padEnd(18)} ${row.correct}/${row.total}`);
}
if (showMisses) {
  for (const miss of m.misses) console.log(`  ${JSON.stringify(miss.p.text)} expected ${miss.p.command ?? 'no command'}, got ${miss.got}`);
}
