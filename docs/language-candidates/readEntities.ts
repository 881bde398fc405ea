// Entities as the product recogniser fills them (bot/nlu/recognizer.ts, readTokens and recognize): span
// entities first, then side/both/all from typo-corrected tokens. Copied, not imported, because the
// recogniser keeps that step inside createRecognizer; the pieces it uses are the product's own.
import { COMMANDS } from '../../bot/commands/index.js';
import {
  extractSpans, extractWordEntities, numberFromWords, tenantLabels, type Entities,
} from '../../bot/nlu/entities.js';
import { lookup } from '../../bot/nlu/lookup.js';
import { cleanText, stem, tokenize } from '../../bot/nlu/normalize.js';
import { buildLexicon, compile } from '../../bot/nlu/scoring.js';
import { SHORTHAND } from '../../bot/nlu/vocabulary.js';

/** The sandbox's tenant names, as unseenRecognizer() passes them. */
const LABELS = tenantLabels({ source: ['contoso'], target: ['fabrikam'] });
const LEXICON = buildLexicon(compile(COMMANDS));

export interface ReadText { entities: Entities; question: boolean; empty: boolean }

export function readEntities(input: string): ReadText {
  const { text, question } = cleanText(input);
  const spans = extractSpans(text);
  const canonical = tokenize(spans.rest).map((typed) => {
    const raw = lookup(SHORTHAND, typed) ?? typed;
    if (LABELS.has(raw)) return raw;
    const s = stem(raw);
    return (LEXICON.resolve(s) ?? LEXICON.resolve(raw))?.words[0] ?? s;
  });
  const entities: Entities = { upns: spans.upns, urls: spans.urls, ...extractWordEntities(canonical, LABELS) };
  const count = spans.count ?? numberFromWords(canonical);
  if (count !== undefined) entities.count = count;
  if (spans.planId !== undefined) entities.planId = spans.planId;
  return { entities, question, empty: text.length === 0 };
}
