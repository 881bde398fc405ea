// What each command says about itself, as text: its usage and help-card summary, the vocabulary's words for
// it, and (optionally) example phrasings. Shared by the BM25 document and the classifiers' extra utterances.
import { COMMANDS } from '../../bot/commands/index.js';
import { lookup } from '../../bot/nlu/lookup.js';
import { COMMAND_VOCABULARY } from '../../bot/nlu/vocabulary.js';
import type { UnseenPhrasing } from './corpora.js';

/** The vocabulary's terms of one command, entity markers (#upn…) left out. */
export function vocabularyTerms(name: string): string[] {
  const vocab = lookup(COMMAND_VOCABULARY, name);
  return (vocab?.groups ?? []).flatMap((g) => g.terms).filter((t) => !t.startsWith('#'));
}

/** Each term as a one-line utterance of its command, for classifiers that learn from utterances. */
export function vocabularyUtterances(): UnseenPhrasing[] {
  return COMMANDS.flatMap((c) => [c.name, c.usage, c.summary, ...vocabularyTerms(c.name)]
    .map((text) => ({ text, command: c.name })));
}

/** One text per command: name, usage, summary, vocabulary and the examples given for it. */
export function commandDocuments(examples: readonly UnseenPhrasing[]): Map<string, string> {
  const docs = new Map<string, string>();
  for (const c of COMMANDS) {
    const own = examples.filter((p) => p.command === c.name).map((p) => p.text);
    docs.set(c.name, [c.name, c.usage, c.summary, ...vocabularyTerms(c.name), ...own].join(' . '));
  }
  return docs;
}
