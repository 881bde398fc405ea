// Accuracy on phrasings written by admins who never saw the command list (test/fixtures/phrasingsUnseen.json).
// Kept apart from the training phrasings (phrasings.json): nothing in the vocabulary may be tuned by reading
// this file's entries one by one. Measured through interpret(), i.e. what the bot itself would do.
import { readFileSync } from 'node:fs';
import type { Recognizer } from '../../../bot/nlu/recognizer.js';
import { COMMANDS } from '../../../bot/commands/index.js';
import { interpret } from '../../../bot/interpret.js';
import { createRecognizer } from '../../../bot/nlu/recognizer.js';

export interface UnseenPhrasing { text: string; command: string | null }
export interface UnseenResult { p: UnseenPhrasing; got: string; correct: boolean }

export const UNSEEN: readonly UnseenPhrasing[] = JSON.parse(
  readFileSync(new URL('../../fixtures/phrasingsUnseen.json', import.meta.url), 'utf8'),
) as UnseenPhrasing[];

/** The sandbox's tenant names, as createBot() passes them. */
export function unseenRecognizer(): Recognizer {
  return createRecognizer(COMMANDS, { tenantNames: { source: ['contoso'], target: ['fabrikam'] } });
}

/**
 * Right when: a read-only command runs with arguments its parser takes; a changing command runs from its
 * exact text or is offered alone (it never runs on a guess); nothing runs where no command was meant.
 */
export function judge(p: UnseenPhrasing, recognizer: Recognizer): UnseenResult {
  const what = interpret(p.text, recognizer);
  if (what.kind === 'none') return { p, got: 'none', correct: p.command === null };
  if (what.kind === 'offer') {
    const offered = COMMANDS.find((c) => c.name === what.names[0]);
    const confirm = what.names.length === 1 && offered?.changesTenant === true;
    return { p, got: `offer ${what.names.join(' / ')}`, correct: p.command === null ? !confirm : confirm && what.names[0] === p.command };
  }
  try {
    what.command.parse(what.argText);
  } catch (err) {
    return { p, got: `${what.command.name} → error: ${(err as Error).message}`, correct: false };
  }
  return { p, got: `run ${what.command.name} ${what.argText}`.trim(), correct: what.command.name === p.command };
}

export function measureUnseen(): { total: number; correct: number; accuracy: number; misses: UnseenResult[] } {
  const recognizer = unseenRecognizer();
  const results = UNSEEN.map((p) => judge(p, recognizer));
  const correct = results.filter((r) => r.correct).length;
  return { total: results.length, correct, accuracy: (100 * correct) / results.length, misses: results.filter((r) => !r.correct) };
}
