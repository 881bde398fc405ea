// Scoring: how well the words and entities of one message fit each command's vocabulary, 0..1.
// Pure and deterministic; the decision on what to do with the scores lives in recognizer.ts.
import { isSharePointUrl, type Entities } from './entities.js';
import { FuzzyLexicon } from './fuzzy.js';
import { lookup } from './lookup.js';
import { stem, tokenize } from './normalize.js';
import {
  ARTICLES, COMMAND_VOCABULARY, FILLER_WORDS, HESITATION_WORDS, NEUTRAL_WORDS, SIDE_WORDS, TENANT_NOUNS,
  type CommandVocabulary, type EntityTerm, type GroupRole,
} from './vocabulary.js';

/** A score without any core word is scaled by this: verbs alone ("show me", "delete") name no command. */
export const NO_CORE_FACTOR = 0.35;
/** Per word that belongs to another command's vocabulary: "trust" in a sentence counts against "status". */
export const FOREIGN_PENALTY = 0.15;
/** Per entity a command takes no use of: a UPN in "status of alice@…" points to a per-user command. */
export const FOREIGN_ENTITY_PENALTY = 0.25;
export const MAX_FOREIGN_PENALTY = 0.45;
/** Scaled by the share of words the vocabulary doesn't know at all, so chatter around a keyword weakens it. */
export const UNKNOWN_PENALTY = 0.2;
/** Questions lean towards read-only commands ("any redirects left?"). */
export const QUESTION_BONUS = 0.05;

export type Term = { kind: 'words'; words: string[] } | { kind: 'entity'; entity: EntityTerm };
interface Group { role: GroupRole; weight: number; terms: Term[] }
export interface Compiled {
  name: string; order: number; changes: boolean; vocab: CommandVocabulary; groups: Group[];
  /** The name's words. */
  nameTerm: Term;
  /** A name of several words names its command where typed: "status" alone is an everyday word, "trust status" is not. */
  namesItself: boolean;
}
export interface Token {
  forms: readonly string[]; sim: number; known: boolean; content: boolean;
  /** The typed word, stemmed, before typo correction ("configure", which corrects to "configured"). */
  typed: string;
  /** The first word of a clause (text start, or after , ; : ! ? or a full stop). */
  clauseStart: boolean;
}
export interface Scored {
  name: string; order: number; changes: boolean; score: number; actHit: boolean;
  /** Token positions its act words (the verb of its change) were found at. */
  actAt: ReadonlySet<number>;
  /** Token positions its core words were found at. */
  coreAt: ReadonlySet<number>;
  /** Distinct words and entities that support the command. */
  evidence: number;
  /** Token positions the command's vocabulary accounts for. */
  explained: ReadonlySet<number>;
}

const ARTICLE = new Set(ARTICLES);

/** A phrase of the vocabulary as the words typed tokens are compared with: no articles, plurals folded. */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase).filter((w) => !ARTICLE.has(w)).map(stem);
}

function compileTerm(term: string): Term {
  if (term.startsWith('#')) return { kind: 'entity', entity: term as EntityTerm };
  return { kind: 'words', words: phraseWords(term) };
}

/** A command as the command table declares it: its name, and whether it changes something. */
export interface RecognisableCommand {
  readonly name: string;
  readonly changesTenant: boolean;
  /** What the help card says of it: part of what the second reader (bm25.ts) knows about the command. */
  readonly usage?: string;
  readonly summary?: string;
}

/** Each command's words, with its `changesTenant` from the table; a command without words is refused. */
export function compile(commands: readonly RecognisableCommand[]): Compiled[] {
  return commands.map(({ name, changesTenant }, order) => {
    const vocab = lookup(COMMAND_VOCABULARY, name);
    if (!vocab) throw new Error(`The command "${name}" has no words in bot/nlu/vocabulary.ts: give it an entry.`);
    return {
      name, order, changes: changesTenant, vocab, nameTerm: compileTerm(name),
      namesItself: name.includes(' '),
      groups: vocab.groups.map((g) => ({ role: g.role, weight: g.weight, terms: g.terms.map(compileTerm) })),
    };
  });
}

export function buildLexicon(commands: readonly Compiled[]): FuzzyLexicon {
  const words = new Set<string>();
  for (const c of commands) {
    for (const g of c.groups) for (const t of g.terms) if (t.kind === 'words') t.words.forEach((w) => words.add(w));
    c.vocab.argWords.forEach((w) => words.add(stem(w)));
  }
  const hesitation = HESITATION_WORDS.flatMap((w) => w.split(' '));
  for (const list of [FILLER_WORDS, hesitation, NEUTRAL_WORDS, TENANT_NOUNS, Object.keys(SIDE_WORDS.strong),
    Object.keys(SIDE_WORDS.weak), Object.keys(SIDE_WORDS.directional)]) {
    list.forEach((w) => words.add(stem(w)));
  }
  ['last', 'both', 'everyone', 'everybody', 'everything', 'five', 'ten', 'twenty', 'fifty', 'hundred']
    .forEach((w) => words.add(w));
  return new FuzzyLexicon(words);
}

function entityPresent(entity: EntityTerm, e: Entities): boolean {
  switch (entity) {
    case '#upn': return e.upns.length > 0;
    case '#url': return e.urls.length > 0;
    case '#siteurl': return e.urls.some(isSharePointUrl);
    case '#count': return e.count !== undefined;
    case '#planid': return e.planId !== undefined;
    case '#side': return e.side !== undefined || e.both === true;
    case '#all': return e.all === true;
  }
}

const NO_MATCH = Object.freeze({ credit: 0, at: Object.freeze([]) as readonly number[] });
const FORMS = new WeakMap<readonly Token[], ReadonlySet<string>>();

/** Every form of every token of one message, worked out once per message. */
function formsOf(tokens: readonly Token[]): ReadonlySet<string> {
  let forms = FORMS.get(tokens);
  if (!forms) {
    forms = new Set(tokens.flatMap((t) => t.forms));
    FORMS.set(tokens, forms);
  }
  return forms;
}

/**
 * Best credit of a term in the token list, and the token positions it used. Single words inside a
 * phrase that another command owns are skipped: the "get" of "get rid of" is not "get" as in show.
 */
function matchTerm(
  term: Term, tokens: readonly Token[], entities: Entities, blocked: ReadonlySet<number>,
): { credit: number; at: readonly number[] } {
  if (term.kind === 'entity') return { credit: entityPresent(term.entity, entities) ? 1 : 0, at: [] };
  // Most terms share no word with a message: a set lookup settles them without scanning the tokens.
  const present = formsOf(tokens);
  if (!term.words.every((w) => present.has(w))) return NO_MATCH;
  const n = term.words.length;
  let best = { credit: 0, at: [] as number[] };
  for (let i = 0; i + n <= tokens.length; i += 1) {
    if (n === 1 && blocked.has(i)) continue;
    let credit = 1;
    for (let j = 0; j < n && credit > 0; j += 1) {
      const tok = tokens[i + j];
      credit = tok.forms.includes(term.words[j]) ? Math.min(credit, tok.sim) : 0;
    }
    if (credit > best.credit) best = { credit, at: Array.from({ length: n }, (_, j) => i + j) };
    if (credit === 1) break;
  }
  return best;
}

/** Token positions each command covers with its multi-word phrases. */
function phraseCoverage(commands: readonly Compiled[], tokens: readonly Token[], e: Entities): Set<number>[] {
  const none = new Set<number>();
  return commands.map((c) => {
    const covered = new Set<number>();
    for (const g of c.groups) {
      for (const t of g.terms) {
        if (t.kind === 'words' && t.words.length > 1) matchTerm(t, tokens, e, none).at.forEach((i) => covered.add(i));
      }
    }
    return covered;
  });
}

/**
 * Whether the command's words are all about an entity the text does not hold: `move status` is someone's move,
 * by UPN or site URL, and "how is the onedrive migration going" names nobody's.
 */
export function lacksItsEntity(c: Compiled, e: Entities): boolean {
  return c.groups.some((g) => g.role === 'core' && g.terms.every((t) => t.kind === 'entity')
    && !g.terms.some((t) => t.kind === 'entity' && entityPresent(t.entity, e)));
}

function hasEntityTerm(c: Compiled, entity: EntityTerm): boolean {
  return c.groups.some((g) => g.terms.some((t) => t.kind === 'entity' && t.entity === entity));
}

/** Entities this command has no use for: a UPN in "trust status" is a sign it is the wrong command. */
function foreignEntities(c: Compiled, e: Entities): number {
  let n = 0;
  if (e.upns.length > 0 && !hasEntityTerm(c, '#upn')) n += 1;
  if (e.planId !== undefined && !hasEntityTerm(c, '#planid')) n += 1;
  if (e.urls.length > 0 && !hasEntityTerm(c, '#url') && !(hasEntityTerm(c, '#siteurl') && e.urls.some(isSharePointUrl))) n += 1;
  return n;
}

/**
 * Per command: where its name of several words was typed (`named`: those words are its own, whatever other
 * commands' phrases cover them), and where its name was typed only inside a longer name (`shadowed`: "status"
 * in "whats the trust status" is no word of `status`).
 */
function namesTyped(commands: readonly Compiled[], tokens: readonly Token[], e: Entities):
  { named: (readonly number[] | undefined)[]; shadowed: (readonly number[] | undefined)[] } {
  const none = new Set<number>();
  const hits = commands.map((c) => {
    if (!c.nameTerm) return undefined;
    // A typo in the name ("trsut status") still names it: fuzzy tokens only resolve to near words.
    const m = matchTerm(c.nameTerm, tokens, e, none);
    return m.credit > 0 ? m.at : undefined;
  });
  const inLonger = (at: readonly number[]) => hits.some((other) => other !== undefined && other.length > at.length
    && at.every((i) => other.includes(i)));
  // Single-word names ("status") are never named, but may be shadowed by a longer one typed.
  const shadowed = commands.map((c, ci) => {
    const at = hits[ci] ?? (c.namesItself ? undefined : matchTerm(c.nameTerm, tokens, e, none).at);
    return at !== undefined && at.length > 0 && inLonger(at) ? at : undefined;
  });
  return { named: hits.map((at, ci) => (shadowed[ci] ? undefined : at)), shadowed };
}

export function scoreAll(commands: readonly Compiled[], tokens: readonly Token[], e: Entities, question: boolean): Scored[] {
  const explained = commands.map(() => new Set<number>());
  const { named, shadowed } = namesTyped(commands, tokens, e);
  const phrases = phraseCoverage(commands, tokens, e);
  const anyPhrase = new Set(phrases.flatMap((p) => [...p]));
  const raw = commands.map((c, ci) => {
    // Its own phrases and its name typed are its words, whatever other commands' phrases cover them.
    const own = new Set([...phrases[ci], ...(named[ci] ?? [])]);
    const blocked = new Set([...anyPhrase, ...(shadowed[ci] ?? [])].filter((i) => !own.has(i)));
    let sum = 0;
    let coreHit = false;
    let actHit = false;
    const actAt = new Set<number>();
    const coreAt = new Set<number>();
    const entityHits = new Set<EntityTerm>();
    for (const g of c.groups) {
      let best = 0;
      for (const term of g.terms) {
        const m = matchTerm(term, tokens, e, blocked);
        if (m.credit > 0) m.at.forEach((i) => explained[ci].add(i));
        if (m.credit > 0 && g.role === 'act') m.at.forEach((i) => actAt.add(i));
        if (m.credit > 0 && g.role === 'core') m.at.forEach((i) => coreAt.add(i));
        if (m.credit > 0 && term.kind === 'entity') entityHits.add(term.entity);
        best = Math.max(best, m.credit);
      }
      if (best === 0) continue;
      sum += g.weight * best;
      if (g.role === 'core') coreHit = true;
      if (g.role === 'act') actHit = true;
    }
    return { sum: coreHit ? sum : sum * NO_CORE_FACTOR, coreHit, actHit, actAt, coreAt, evidence: explained[ci].size + entityHits.size };
  });
  const owned = new Set<number>();
  explained.forEach((s) => s.forEach((i) => owned.add(i)));
  const content = tokens.map((t, i) => (t.content ? i : -1)).filter((i) => i >= 0);
  const unknownShare = content.length === 0 ? 0 : content.filter((i) => !tokens[i].known).length / content.length;
  return commands.map((c, ci) => {
    const foreignWords = content.filter((i) => owned.has(i) && !explained[ci].has(i)).length;
    const foreign = Math.min(MAX_FOREIGN_PENALTY, FOREIGN_PENALTY * foreignWords + FOREIGN_ENTITY_PENALTY * foreignEntities(c, e));
    const bonus = question && !c.changes && raw[ci].coreHit ? QUESTION_BONUS : 0;
    const score = raw[ci].sum - foreign - UNKNOWN_PENALTY * unknownShare + bonus;
    return {
      name: c.name, order: c.order, changes: c.changes, actHit: raw[ci].actHit, actAt: raw[ci].actAt, coreAt: raw[ci].coreAt, evidence: raw[ci].evidence,
      explained: explained[ci],
      score: Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000,
    };
  });
}
