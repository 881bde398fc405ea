// What a line of text asks for, decided without running anything: the exact command text first,
// otherwise the recogniser's reading. The router acts on the result; the corpus measurement
// (test/unit/nlu/measureUnseen.ts) reads it too, so what is measured is what the bot does.
import type { Command, CommandEntities } from './commands/command.js';
import { COMMANDS, findCommand, matchCommandText } from './commands/index.js';
import { withoutCourtesy } from './nlu/courtesy.js';
import { lookup } from './nlu/lookup.js';
import { MAX_INPUT_CHARS } from './nlu/normalize.js';
import { suggest, type Ranked, type Recognition, type Recognizer } from './nlu/recognizer.js';
import { COMMAND_VOCABULARY } from './nlu/vocabulary.js';

/** How many read-only commands "did you mean" offers. */
export const NEAREST_OFFERED = 3;
/** Offered when fewer read-only commands relate to the text: the overview, the listing, the command list. */
const GENERAL_COMMANDS = ['status', 'list redirects', 'help'];

export type Interpretation =
  /** Run this command with this argument text (typed exactly, or a read-only command recognised). */
  | { kind: 'run'; command: Command<any>; argText: string }
  /** One changing command recognised from a sentence: offered with what it would do, never run. */
  | { kind: 'offer'; names: [string]; entities: CommandEntities }
  /**
   * Unsure: "did you mean" the nearest read-only commands (`readOnly`, with argument text from the
   * entities), and the changing readings only as offers (`changes`).
   */
  | { kind: 'unsure'; readOnly: string[]; changes: string[]; entities: CommandEntities }
  /** Nothing fits: the nearest read-only commands all the same, so the admin learns what is near. */
  | { kind: 'none'; nearest: string[] };

export function interpret(text: string, recognizer: Recognizer): Interpretation {
  const typed = matchCommandText(text);
  if (!typed || parses(typed.command, typed.argText)) {
    return typed ? { kind: 'run', ...typed } : recognised(text, recognizer);
  }
  // A command name followed by words its syntax doesn't take: first without trailing courtesy
  // ("status thanks").
  const polite = matchCommandText(withoutCourtesy(text));
  if (polite?.command === typed.command && parses(polite.command, polite.argText)) return { kind: 'run', ...polite };
  // Past what the recogniser reads, a sentence can't be understood either.
  if (text.length > MAX_INPUT_CHARS) return { kind: 'run', ...typed };
  // A changing command's arguments are never guessed from a sentence: its parse error says what to type.
  if (typed.command.changesTenant && !takesNothing(typed.command)) return { kind: 'run', ...typed };
  // A read-only command that starts a sentence: the sentence decides. Nouns naming the command's own record
  // are no argument ("audit log"), a file of it is its export ("audit csv"), and a command that takes
  // nothing may start a question about a person ("status of alice@…"). Only a read-only reading replaces
  // what was typed; a change is at most offered ("remind the people who…"), never run from a sentence.
  // Otherwise the typed command keeps its parse error, which says what to type.
  const read = recognised(text, recognizer);
  if (read.kind === 'run' && !read.command.changesTenant && parses(read.command, read.argText)) return read;
  if (read.kind === 'offer' && takesNothing(typed.command)) return read;
  return { kind: 'run', ...typed };
}

function recognised(text: string, recognizer: Recognizer): Interpretation {
  const r = recognizer.recognize(text);
  const matched = r.kind === 'match' ? findCommand(r.command) : undefined;
  if (r.kind === 'match' && matched && (r.exact || !matched.changesTenant)) {
    const argText = matched.argsFromEntities(r.entities);
    // A reading whose command can't take what was said (no person for `move status`) is no answer.
    if (r.exact || parses(matched, argText)) return { kind: 'run', command: matched, argText };
  }
  if (r.kind === 'match' && matched?.changesTenant) return { kind: 'offer', names: [matched.name], entities: r.entities };
  return didYouMean(text, r);
}

/** The nearest read-only commands, as they would run with what was said; changing readings as offers. */
function didYouMean(text: string, r: Recognition): Interpretation {
  const nearest: readonly Ranked[] = r.kind === 'match' ? [] : r.nearest;
  const changes = r.kind === 'unsure' ? r.candidates.filter((n) => findCommand(n)?.changesTenant) : [];
  const related = nearest.filter((n) => !n.changes).map((n) => n.name);
  const readOnly = [...new Set([...related, ...suggest(text, READ_ONLY), ...GENERAL_COMMANDS])]
    .slice(0, NEAREST_OFFERED);
  if (related.length === 0 && changes.length === 0) return { kind: 'none', nearest: readOnly };
  return { kind: 'unsure', readOnly, changes, entities: r.entities };
}

const READ_ONLY = COMMANDS.filter((c) => !c.changesTenant).map((c) => c.name);

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
