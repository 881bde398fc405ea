// Prints the accuracy on the unseen phrasings and every miss: npx tsx test/unit/nlu/measureUnseen.ts
import { measureUnseen } from './unseenCorpus.js';

const m = measureUnseen();
console.log(`Unseen phrasings: ${m.correct}/${m.total} correct, accuracy ${m.accuracy.toFixed(1)}%`);
for (const miss of m.misses) console.log(`  ${JSON.stringify(miss.p.text)} expected ${miss.p.command ?? 'no command'}, got ${miss.got}`);
