// Deterministic recogniser for admins' chat commands: exact syntax first, then keyword scoring with
// typo tolerance over every known command, then a decision that prefers asking over guessing.
import {
  extractSpans, extractWordEntities, numberFromWords, tenantLabels,
  type Entities, type Side, type TenantNames,
} from './entities.js';
import { FuzzyLexicon } from './fuzzy.js';
import { lookup } from './lookup.js';
import { cleanText, stem, tokenize } from './normalize.js';
import {
  COMMAND_VOCABULARY, FILLER_WORDS, NEUTRAL_WORDS, SHORTHAND, SIDE_WORDS, TENANT_NOUNS,
  type CommandVocabulary, type EntityTerm, type GroupRole,
} from './vocabulary.js';

export type { Entities, Side } from './entities.js';
export { PLAN_ID_PATTERN } from './entities.js';
export { suggest } from './fuzzy.js';

export type Recognition =
  | { kind: 'match'; command: string; entities: Entities; confidence: number; exact: boolean }
  | { kind: 'unsure'; candidates: [string, string]; entities: Entities }
  | { kind: 'none'; entities: Entities };

export interface Recognizer {
  recognize(text: string): Recognition;
}

export interface RecognizerOptions {
  tenantNames?: TenantNames;
}

// Thresholds on the 0..1 score. A full phrasing (topic word + verb/qualifier) scores 0.85–1; a topic
// word alone 0.5–0.6; a typo costs about a tenth of its word's weight.
/** Below this nothing relates well enough even to ask about: a topic word alone still clears it. */
export const NONE_BELOW = 0.3;
/** A read-only command needs this much: a bare topic word ("redirects") is enough when nothing competes. */
export const MATCH_MIN = 0.5;
/** ...and this lead over the runner-up; closer than that and we ask instead. */
export const MATCH_MARGIN = 0.15;
/** A changing command needs topic and verb (0.5 + 0.3 at least) and a clear lead: it is never a guess. */
export const CHANGE_MATCH_MIN = 0.75;
export const CHANGE_MARGIN = 0.25;
/** ...and at least two separate words or entities behind it: one word ("undo", "revert") is never enough. */
export const CHANGE_MIN_EVIDENCE = 2;
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

const QUESTION_STARTS = new Set(['what', 'whats', 'which', 'how', 'hows', 'who', 'whos', 'where', 'are', 'is',
  'do', 'does', 'did', 'any', 'have', 'has']);

type Term = { kind: 'words'; words: string[] } | { kind: 'entity'; entity: EntityTerm };
interface Group { role: GroupRole; weight: number; terms: Term[] }
interface Compiled { name: string; order: number; vocab: CommandVocabulary; groups: Group[] }
interface Token { forms: readonly string[]; sim: number; known: boolean; content: boolean }
interface Scored {
  name: string; order: number; changes: boolean; score: number; actHit: boolean;
  /** Distinct words and entities that support the command. */
  evidence: number;
}

const EMPTY_ENTITIES = (): Entities => ({ upns: [], urls: [] });

function compileTerm(term: string): Term {
  if (term.startsWith('#')) return { kind: 'entity', entity: term as EntityTerm };
  return { kind: 'words', words: tokenize(term).map(stem) };
}

function compile(): Compiled[] {
  return Object.entries(COMMAND_VOCABULARY).map(([name, vocab], order) => ({
    name, order, vocab,
    groups: vocab.groups.map((g) => ({ role: g.role, weight: g.weight, terms: g.terms.map(compileTerm) })),
  }));
}

function buildLexicon(commands: readonly Compiled[]): FuzzyLexicon {
  const words = new Set<string>();
  for (const c of commands) {
    for (const g of c.groups) for (const t of g.terms) if (t.kind === 'words') t.words.forEach((w) => words.add(w));
    c.vocab.argWords.forEach((w) => words.add(stem(w)));
  }
  for (const list of [FILLER_WORDS, NEUTRAL_WORDS, TENANT_NOUNS, Object.keys(SIDE_WORDS.strong),
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
    case '#count': return e.count !== undefined;
    case '#planid': return e.planId !== undefined;
    case '#side': return e.side !== undefined || e.both === true;
    case '#all': return e.all === true;
  }
}

/**
 * Best credit of a term in the token list, and the token positions it used. Single words inside a
 * phrase that another command owns are skipped: the "get" of "get rid of" is not "get" as in show.
 */
function matchTerm(
  term: Term, tokens: readonly Token[], entities: Entities, blocked: ReadonlySet<number>,
): { credit: number; at: number[] } {
  if (term.kind === 'entity') return { credit: entityPresent(term.entity, entities) ? 1 : 0, at: [] };
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

function hasEntityTerm(c: Compiled, entity: EntityTerm): boolean {
  return c.groups.some((g) => g.terms.some((t) => t.kind === 'entity' && t.entity === entity));
}

/** Entities this command has no use for: a UPN in "trust status" is a sign it is the wrong command. */
function foreignEntities(c: Compiled, e: Entities): number {
  let n = 0;
  if (e.upns.length > 0 && !hasEntityTerm(c, '#upn')) n += 1;
  if (e.planId !== undefined && !hasEntityTerm(c, '#planid')) n += 1;
  if (e.urls.length > 0 && !hasEntityTerm(c, '#url')) n += 1;
  return n;
}

function scoreAll(commands: readonly Compiled[], tokens: readonly Token[], e: Entities, question: boolean): Scored[] {
  const explained = commands.map(() => new Set<number>());
  const phrases = phraseCoverage(commands, tokens, e);
  const anyPhrase = new Set(phrases.flatMap((p) => [...p]));
  const raw = commands.map((c, ci) => {
    const blocked = new Set([...anyPhrase].filter((i) => !phrases[ci].has(i)));
    let sum = 0;
    let coreHit = false;
    let actHit = false;
    const entityHits = new Set<EntityTerm>();
    for (const g of c.groups) {
      let best = 0;
      for (const term of g.terms) {
        const m = matchTerm(term, tokens, e, blocked);
        if (m.credit > 0) m.at.forEach((i) => explained[ci].add(i));
        if (m.credit > 0 && term.kind === 'entity') entityHits.add(term.entity);
        best = Math.max(best, m.credit);
      }
      if (best === 0) continue;
      sum += g.weight * best;
      if (g.role === 'core') coreHit = true;
      if (g.role === 'act') actHit = true;
    }
    return { sum: coreHit ? sum : sum * NO_CORE_FACTOR, coreHit, actHit, evidence: explained[ci].size + entityHits.size };
  });
  const owned = new Set<number>();
  explained.forEach((s) => s.forEach((i) => owned.add(i)));
  const content = tokens.map((t, i) => (t.content ? i : -1)).filter((i) => i >= 0);
  const unknownShare = content.length === 0 ? 0 : content.filter((i) => !tokens[i].known).length / content.length;
  return commands.map((c, ci) => {
    const foreignWords = content.filter((i) => owned.has(i) && !explained[ci].has(i)).length;
    const foreign = Math.min(MAX_FOREIGN_PENALTY, FOREIGN_PENALTY * foreignWords + FOREIGN_ENTITY_PENALTY * foreignEntities(c, e));
    const bonus = question && !c.vocab.changes && raw[ci].coreHit ? QUESTION_BONUS : 0;
    const score = raw[ci].sum - foreign - UNKNOWN_PENALTY * unknownShare + bonus;
    return {
      name: c.name, order: c.order, changes: c.vocab.changes, actHit: raw[ci].actHit, evidence: raw[ci].evidence,
      score: Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000,
    };
  });
}

/** Best first; ties go to the read-only command, then to vocabulary order, so results never vary. */
function byRank(a: Scored, b: Scored): number {
  return b.score - a.score || Number(a.changes) - Number(b.changes) || a.order - b.order;
}

function decide(ranked: readonly Scored[], registered: ReadonlySet<string>, entities: Entities): Recognition {
  const top = ranked[0];
  // The strongest reading is a command this bot doesn't offer: better "I don't know" than a neighbour.
  if (!top || top.score < NONE_BELOW || !registered.has(top.name)) return { kind: 'none', entities };
  const runnerUp = ranked.slice(1).find((s) => registered.has(s.name));
  const margin = top.score - (runnerUp?.score ?? 0);
  const confident = top.changes
    ? top.actHit && top.evidence >= CHANGE_MIN_EVIDENCE && top.score >= CHANGE_MATCH_MIN && margin >= CHANGE_MARGIN
    : top.score >= MATCH_MIN && margin >= MATCH_MARGIN;
  if (confident) return { kind: 'match', command: top.name, entities, confidence: top.score, exact: false };
  if (!runnerUp) return { kind: 'none', entities };
  return { kind: 'unsure', candidates: [top.name, runnerUp.name], entities };
}

/** Exact syntax: a registered name at the start, then only that command's argument words and entities. */
function exactCommand(text: string, names: readonly string[]): string | undefined {
  const lower = text.toLowerCase();
  for (const name of names) {
    if (lower !== name && !lower.startsWith(`${name} `)) continue;
    const vocab = lookup(COMMAND_VOCABULARY, name);
    const spans = extractSpans(text.slice(name.length));
    const kinds: EntityTerm[] = [];
    if (spans.upns.length > 0) kinds.push('#upn');
    if (spans.urls.length > 0) kinds.push('#url');
    if (spans.planId !== undefined) kinds.push('#planid');
    if (spans.count !== undefined) kinds.push('#count');
    const words = tokenize(spans.rest);
    const argsOk = vocab !== undefined
      ? words.every((w) => vocab.argWords.includes(w)) && kinds.every((k) => vocab.argEntities.includes(k))
      : words.length === 0 && kinds.length === 0;
    if (argsOk) return name;
  }
  return undefined;
}

export function createRecognizer(commandNames: readonly string[], options: RecognizerOptions = {}): Recognizer {
  const names = [...new Set(commandNames.map((n) => n.trim().toLowerCase().replace(/\s+/g, ' ')))]
    .filter((n) => n.length > 0)
    // Longest first, so "trust status" is tried before "status".
    .sort((a, b) => b.length - a.length || a.localeCompare(b));
  const registered = new Set(names);
  const commands = compile();
  const lexicon = buildLexicon(commands);
  const labels = tenantLabels(options.tenantNames);
  const contentFree = new Set([...FILLER_WORDS, ...NEUTRAL_WORDS, ...TENANT_NOUNS, ...Object.keys(SIDE_WORDS.strong),
    ...Object.keys(SIDE_WORDS.weak)].map(stem));

  function readTokens(rest: string): Token[] {
    return tokenize(rest).map((typed) => {
      const raw = lookup(SHORTHAND, typed) ?? typed;
      const s = stem(raw);
      if (labels.has(raw)) return { forms: [raw], sim: 1, known: true, content: false };
      // Stemming can shorten a typo below the fuzzy minimum ("hots" → "hot"), so the raw form gets a go too.
      const r = lexicon.resolve(s) ?? lexicon.resolve(raw);
      const forms = r ? r.words : [s];
      return { forms, sim: r?.similarity ?? 1, known: r !== undefined, content: !forms.some((f) => contentFree.has(f)) };
    });
  }

  function recognize(input: string): Recognition {
    const { text, question } = cleanText(input);
    if (text.length === 0) return { kind: 'none', entities: EMPTY_ENTITIES() };
    const spans = extractSpans(text);
    const tokens = readTokens(spans.rest);
    const canonical = tokens.map((t) => t.forms[0]);
    const entities: Entities = { upns: spans.upns, urls: spans.urls, ...extractWordEntities(canonical, labels) };
    const count = spans.count ?? numberFromWords(canonical);
    if (count !== undefined) entities.count = count;
    if (spans.planId !== undefined) entities.planId = spans.planId;

    const exact = exactCommand(text, names);
    if (exact) return { kind: 'match', command: exact, entities, confidence: 1, exact: true };
    const asks = question || QUESTION_STARTS.has(canonical[0] ?? '');
    const ranked = scoreAll(commands, tokens, entities, asks).sort(byRank);
    return decide(ranked, registered, entities);
  }

  return { recognize };
}
