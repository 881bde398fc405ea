// What a line of text asks for, decided without running anything: the exact command text first,
// otherwise the recogniser's reading. The router acts on the result; the unseen-phrasing measurement
// (test/unit/nlu/measureUnseen.ts) reads it too, so what is measured is what the bot does.
import type { Command, CommandEntities } from './commands/command.js';
import { findCommand, matchCommandText } from './commands/index.js';
import { withoutCourtesy } from './nlu/courtesy.js';
import { lookup } from './nlu/lookup.js';
import { MAX_INPUT_CHARS } from './nlu/normalize.js';
import type { Recognizer } from './nlu/recognizer.js';
import { COMMAND_VOCABULARY } from './nlu/vocabulary.js';

export type Interpretation =
  /** Run this command with this argument text (typed exactly, or a read-only command recognised). */
  | { kind: 'run'; command: Command<any>; argText: string }
  /** Offer these commands as buttons: the reading is unsure, or it names a changing command. */
  | { kind: 'offer'; names: string[]; entities: CommandEntities }
  /** Nothing fits. */
  | { kind: 'none' };

export function interpret(text: string, recognizer: Recognizer): Interpretation {
  const typed = matchCommandText(text);
  if (!typed || parses(typed.command, typed.argText)) {
    return typed ? { kind: 'run', ...typed } : recognised(text, recognizer);
  }
  // A command name followed by words its syntax doesn't take: first without trailing courtesy
  // ("status thanks"). A command that takes nothing may also start a sentence ("status of alice@…" is a
  // person's move); a command that takes arguments keeps its parse error, which says what to type.
  const polite = matchCommandText(withoutCourtesy(text));
  if (polite?.command === typed.command && parses(polite.command, polite.argText)) return { kind: 'run', ...polite };
  // Past what the recogniser reads, a sentence can't be understood either.
  if (!takesNothing(typed.command) || text.length > MAX_INPUT_CHARS) return { kind: 'run', ...typed };
  const read = recognised(text, recognizer);
  // Only a read-only reading replaces what was typed; a change is at most offered, never run from a sentence.
  if (read.kind === 'run' && !read.command.changesTenant && parses(read.command, read.argText)) return read;
  if (read.kind === 'offer' && read.names.length === 1) return read;
  return { kind: 'run', ...typed };
}

function recognised(text: string, recognizer: Recognizer): Interpretation {
  const r = recognizer.recognize(text);
  const matched = r.kind === 'match' ? findCommand(r.command) : undefined;
  if (r.kind === 'match' && matched && (r.exact || !matched.changesTenant)) {
    return { kind: 'run', command: matched, argText: matched.argsFromEntities(r.entities) };
  }
  if (r.kind === 'match' && matched) return { kind: 'offer', names: [matched.name], entities: r.entities };
  if (r.kind === 'unsure') return { kind: 'offer', names: [...r.candidates], entities: r.entities };
  return { kind: 'none' };
}

/** Whether the command's syntax has no argument at all (its name is the whole command). */
function takesNothing(command: Command<any>): boolean {
  const vocab = lookup(COMMAND_VOCABULARY, command.name);
  return vocab !== undefined && vocab.argWords.length === 0 && vocab.argEntities.length === 0;
}

function parses(command: Command<any>, argText: string): boolean {
  try {
    command.parse(argText);
    return true;
  } catch {
    return false;
  }
}
