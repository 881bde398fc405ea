// Bench: how long the bot takes to decide what a phrase asks for (interpret(): exact syntax, word lists,
// second reader), over every phrasing of the three corpora, against the same decision for exact command text
// (the fast path every typed command takes), in the same run. The corpora's texts are only timed here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../bot/commands/index.js';
import { interpret } from '../../bot/interpret.js';
import { createRecognizer } from '../../bot/nlu/recognizer.js';
import { projectRoot } from '../../bot/projectRoot.js';

export interface PhraseFigures {
  phrases: number;
  /** Microseconds per phrase, median of the rounds. */
  phraseMicros: number;
  exactMicros: number;
  ratio: number;
  /** Building the recogniser (word lists and second reader), ms. */
  buildMs: number;
}

function corpusTexts(): string[] {
  return ['phrasingsUnseen', 'phrasingsA', 'phrasingsB'].flatMap((name) => (JSON.parse(
    readFileSync(join(projectRoot(), 'test', 'fixtures', `${name}.json`), 'utf8'),
  ) as { text: string }[]).map((p) => p.text));
}

function microsPer(texts: readonly string[], decide: (text: string) => unknown, rounds: number): number {
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const started = process.hrtime.bigint();
    for (const t of texts) decide(t);
    perRound.push(Number(process.hrtime.bigint() - started) / 1000 / texts.length);
  }
  return perRound.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

export function benchPhrases(rounds = 21): PhraseFigures {
  const started = performance.now();
  const recognizer = createRecognizer(COMMANDS, { tenantNames: { source: ['contoso'], target: ['fabrikam'] } });
  const buildMs = performance.now() - started;
  const phrases = corpusTexts();
  const exact = COMMANDS.map((c) => c.name);
  const decide = (text: string) => interpret(text, recognizer);
  microsPer(phrases, decide, 3);
  const phraseMicros = microsPer(phrases, decide, rounds);
  const exactMicros = microsPer(exact, decide, rounds * 10);
  return { phrases: phrases.length, phraseMicros, exactMicros, ratio: phraseMicros / exactMicros, buildMs };
}
