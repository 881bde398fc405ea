// What a line of text asks for, decided without running anything: the exact command text first,
// otherwise the recogniser's reading. The router acts on the result; the unseen-phrasing measurement
// (test/unit/nlu/measureUnseen.ts) reads it too, so what is measured is what the bot does.
import type { Command, CommandEntities } from './commands/command.js';
import { findCommand, matchCommandText } from './commands/index.js';
import type { Recognizer } from './nlu/recognizer.js';

export type Interpretation =
  /** Run this command with this argument text (typed exactly, or a read-only command recognised). */
  | { kind: 'run'; command: Command<any>; argText: string }
  /** Offer these commands as buttons: the reading is unsure, or it names a changing command. */
  | { kind: 'offer'; names: string[]; entities: CommandEntities }
  /** Nothing fits. */
  | { kind: 'none' };

export function interpret(text: string, recognizer: Recognizer): Interpretation {
  const exact = matchCommandText(text);
  if (exact) return { kind: 'run', command: exact.command, argText: exact.argText };
  const r = recognizer.recognize(text);
  const matched = r.kind === 'match' ? findCommand(r.command) : undefined;
  if (r.kind === 'match' && matched && (r.exact || !matched.changesTenant)) {
    return { kind: 'run', command: matched, argText: matched.argsFromEntities(r.entities) };
  }
  if (r.kind === 'match' && matched) return { kind: 'offer', names: [matched.name], entities: r.entities };
  if (r.kind === 'unsure') return { kind: 'offer', names: [...r.candidates], entities: r.entities };
  return { kind: 'none' };
}
