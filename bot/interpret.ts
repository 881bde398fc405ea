// What a line of text asks for, decided without running anything: the exact command text first,
// otherwise the recogniser's reading. The router acts on the result; the corpus measurement
// (test/unit/nlu/measureUnseen.ts) reads it too, so what is measured is what the bot does.
import type { Command, CommandEntities } from './commands/command.js';
import { COMMANDS, findCommand, matchCommandText } from './commands/index.js';
import { withoutCourtesy } from './nlu/courtesy.js';
import { lookup } from './nlu/lookup.js';
import { MAX_INPUT_CHARS, stem, tokenize } from './nlu/normalize.js';
import { namesInFull, NONE_BELOW, suggest, type Ranked, type Recognition, type Recognizer } from './nlu/recognizer.js';
import { ARTICLES, COMMAND_VOCABULARY, FILLER_WORDS, NEGATION_WORDS, NEUTRAL_WORDS } from './nlu/vocabulary.js';

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
  // A change that takes nothing, followed by a sentence ("remind pls, half of sales still use the old login"):
  // offered, as any change read from a sentence.
  if (typed.command.changesTenant && takesNothing(typed.command) && isSentence(typed.command, typed.argText)) {
    return { kind: 'offer', names: [typed.command.name], entities: recognizer.recognize(text).entities };
  }
  // A changing command's arguments are never guessed from a sentence: its parse error says what to type, unless
  // the sentence reads as that same change, denies nothing, and names what it takes ("cancel plan p-…, I picked
  // the wrong tenant"): then it is offered, its button holding exactly the command it would send, never run.
  if (typed.command.changesTenant && !takesNothing(typed.command)) {
    const r = recognizer.recognize(text);
    const argText = r.kind === 'match' && r.command === typed.command.name ? typed.command.argsFromEntities(r.entities) : '';
    if (argText !== '' && parses(typed.command, argText) && isSentence(typed.command, typed.argText)) {
      return { kind: 'offer', names: [typed.command.name], entities: r.entities };
    }
    return { kind: 'run', ...typed };
  }
  // A read-only command that starts a sentence: the sentence decides. A command that takes nothing may start
  // any sentence ("status of alice@…" is a person's move); one that takes arguments yields only to its own
  // reading when the words after its name are its own vocabulary (nouns naming its record are no argument:
  // "audit log"; "audit -5" or "move status banana" keep their error), or to a command that names it ("audit
  // csv" is `export audit`). Only a read-only reading replaces what was
  // typed; a change is at most offered ("remind the people who…"), never run from a sentence. Otherwise the
  // typed command keeps its parse error, which says what to type.
  const r = recognizer.recognize(text);
  const read = fromRecognition(text, r);
  // The same command, its arguments read from what the sentence names ("audit trail for p-… please", "list
  // redirects over on fabrikam please"), or nouns naming its record ("audit log").
  const sameRecord = read.kind === 'run' && read.command === typed.command
    && (isSentence(typed.command, typed.argText) || ownWordsOnly(typed.command, typed.argText));
  // A command that takes nothing, read as itself, keeps its usage error when what follows is no sentence
  // ("pending p-7k3m9q2x").
  const startsSentence = takesNothing(typed.command)
    && (read.kind !== 'run' || read.command !== typed.command || isSentence(typed.command, typed.argText));
  if (read.kind === 'run' && !read.command.changesTenant && parses(read.command, read.argText)
    && (startsSentence || sameRecord || (read.command !== typed.command
      && read.command.name.includes(typed.command.name)))) return read;
  if (read.kind === 'offer' && takesNothing(typed.command)) return read;
  // Nothing else fits better, no change is asked for, and the sentence is about the command typed: what
  // follows its name names what it works on ("refresh the redirect sites and move states"), not an argument.
  if (takesNothing(typed.command) && r.kind !== 'match' && r.nearest[0]?.name === typed.command.name
    && !r.nearest.some((n) => n.changes && n.score >= NONE_BELOW)) {
    return { kind: 'run', command: typed.command, argText: '' };
  }
  return { kind: 'run', ...typed };
}

function recognised(text: string, recognizer: Recognizer): Interpretation {
  return fromRecognition(text, recognizer.recognize(text));
}

function fromRecognition(text: string, r: Recognition): Interpretation {
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
  // Changing readings the text asks for ("remnd", "undo"), offered only as buttons, at most two.
  const changes = nearest.filter((n) => n.changes && n.score >= NONE_BELOW).map((n) => n.name).slice(0, 2);
  // A stray shared word ("there") relates a command too faintly to be offered as near.
  const related = nearest.filter((n) => !n.changes && n.score >= NONE_BELOW).map((n) => n.name);
  const readOnly = [...new Set([...related, ...suggest(text, READ_ONLY), ...GENERAL_COMMANDS])]
    .slice(0, NEAREST_OFFERED);
  if (related.length === 0 && changes.length === 0) return { kind: 'none', nearest: readOnly };
  return { kind: 'unsure', readOnly, changes, entities: r.entities };
}

const READ_ONLY = COMMANDS.filter((c) => !c.changesTenant).map((c) => c.name);

/**
 * Whether the words name the command's own record ("audit log", "audit trail please"): at least one of its
 * vocabulary's words, the rest words that carry no intent, no number, and none of its syntax's own words
 * ("list redirects for" is an unfinished argument, not a noun).
 */
function ownWordsOnly(command: Command<any>, argText: string): boolean {
  const vocab = lookup(COMMAND_VOCABULARY, command.name);
  if (!vocab || /\d/.test(argText)) return false;
  const own = new Set(vocab.groups.flatMap((g) => g.terms.flatMap((t) => tokenize(t))).map(stem));
  const syntax = new Set(vocab.argWords.map(stem));
  const words = tokenize(argText).map(stem);
  return words.some((w) => own.has(w)) && words.every((w) => !syntax.has(w) && (own.has(w) || NO_INTENT.has(w)));
}

/**
 * Whether what follows a typed command's name is a sentence its arguments may be read from ("cancel plan p-…, I
 * picked the wrong tenant"), not malformed syntax whose parse error should say what to type ("move status a@… b@…",
 * "list redirects sideways for a@…", "cancel ../../plans/p-…"): at least MIN_SENTENCE_WORDS words that are neither
 * its syntax's nor entities, none denying or leaving out ("…but not alice@…"), and no second command named in
 * words of several ("all; remove trust": a one-word name is an everyday word too).
 */
function isSentence(command: Command<any>, argText: string): boolean {
  const syntax = new Set([...(lookup(COMMAND_VOCABULARY, command.name)?.argWords ?? []), ...ARTICLES]);
  // Plain words only: a chunk holding @, a path or digits is a malformed argument, not a word of a sentence.
  const plain = argText.split(/\s+/).map((chunk) => chunk.replace(/^\p{P}+|\p{P}+$/gu, '').toLowerCase())
    .filter((chunk) => /^\p{L}+(?:['-]\p{L}+)*$/u.test(chunk) && !syntax.has(chunk));
  return plain.length >= MIN_SENTENCE_WORDS && !tokenize(argText).some((w) => NEGATION.has(w))
    && !COMMANDS.some((c) => namesInFull(argText, c.name));
}

const MIN_SENTENCE_WORDS = 2;
const NEGATION = new Set(NEGATION_WORDS);

/** Words that carry no intent, as ownWordsOnly compares them. */
const NO_INTENT = new Set([...FILLER_WORDS, ...NEUTRAL_WORDS, ...ARTICLES].map(stem));

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
