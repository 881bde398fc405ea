// Deterministic recogniser for admins' chat commands: exact syntax first, then keyword scoring with
// typo tolerance over every known command, then a decision that prefers asking over guessing.
import {
  extractSpans, extractWordEntities, numberFromWords, tenantLabels,
  type Entities, type TenantNames,
} from './entities.js';
import { createBm25Ranker, NO_COMMAND, type Bm25Hit, type Example } from './bm25.js';
import { CORPUS_EXAMPLES } from './examples.js';
import { lookup } from './lookup.js';
import { createBayesRanker } from './naiveBayes.js';
import { loadIntentModel, type IntentHit, type IntentModel } from './intentModel.js';
import { loadNearWords, type NearWords } from './nearWords.js';
import { cleanText, MAX_TOKENS, stem, tokenize } from './normalize.js';
import { buildLexicon, compile, lacksItsEntity, phraseWords, scoreAll, type RecognisableCommand, type Scored, type Token } from './scoring.js';
import {
  ARTICLES, ASKING_ABOUT_WORDS, COMMAND_VOCABULARY, FILLER_WORDS, FOREIGN_REQUESTS, HESITATION_WORDS, LEAVING_OUT_WORDS,
  NEGATION_WORDS, NEUTRAL_WORDS, POLITE_REQUESTS, POLITE_STARTS, SHORTHAND, SIDE_WORDS,
  TENANT_NOUNS, type EntityTerm,
} from './vocabulary.js';

export type { Entities, Side } from './entities.js';
export { PLAN_ID_PATTERN } from './entities.js';
export { suggest } from './fuzzy.js';
export type { RecognisableCommand } from './scoring.js';
export {
  FOREIGN_ENTITY_PENALTY, FOREIGN_PENALTY, MAX_FOREIGN_PENALTY, NO_CORE_FACTOR, QUESTION_BONUS, UNKNOWN_PENALTY,
} from './scoring.js';

/** A registered command and how well the text fits it, 0..1. */
export interface Ranked { readonly name: string; readonly score: number; readonly changes: boolean }

export type Recognition =
  | { kind: 'match'; command: string; entities: Entities; confidence: number; exact: boolean }
  | { kind: 'unsure'; candidates: [string, string]; entities: Entities; nearest: readonly Ranked[] }
  | { kind: 'none'; entities: Entities; nearest: readonly Ranked[] };

export interface Recognizer {
  recognize(text: string): Recognition;
}

export interface RecognizerOptions {
  tenantNames?: TenantNames;
  /**
   * The commands it may answer with (default: all it was given). The others' words still count, so a
   * phrasing meant for one of them reads as "none" rather than as a neighbour.
   */
  offered?: readonly string[];
  /**
   * Example phrasings the second reader learns from (default: examples.json, the corpora's: the written examples
   * taught it nothing the trained model had not, held out one corpus at a time, and cost 4 MB of heap); `[]`
   * leaves only what the bot says about each command.
   */
  examples?: readonly Example[];
  /** The second reader's thresholds (default SECOND_READER); `false` turns it off. */
  secondReader?: SecondReaderThresholds | false;
  /** Words nobody listed and the known word each stands for (default: nearWords.json); `false`: none. */
  nearWords?: NearWords | false;
  /**
   * The trained model that reads a sentence first (intentModel.ts; default: intentModel.json); `false`: the word
   * lists and the second reader alone.
   */
  intentModel?: IntentModel | false;
  /** When the model's reading is taken (default FIRST_READER). */
  firstReader?: FirstReaderThresholds;
}

/**
 * When the word lists find nothing near enough, or are unsure between readings, the BM25 ranking (bm25.ts) may
 * answer: its best command must score at least `minScore`, lead the next (requests that are no command
 * included) by `margin`, and not be the label of requests that are no command. A changing command is at most
 * offered (see secondReading). Chosen on corpora A, B and C by cross-validation:
 * test/unit/nlu/tuneSecondReader.ts.
 */
export interface SecondReaderThresholds {
  readonly minScore: number;
  readonly margin: number;
  /**
   * A ranking short of minScore or margin still answers when naive Bayes (naiveBayes.ts), learned from the same
   * examples, names the same command at least this sure (10 × its probability); `Infinity`: never. Two readers
   * that weigh words differently agreeing is a surer sign than either's margin (round 4, docs/language.md).
   */
  readonly agreeing: number;
}
export const SECOND_READER: SecondReaderThresholds = { minScore: 6, margin: 1, agreeing: 9.5 };

/**
 * When the trained model (intentModel.ts) answers before the word lists: its best command at probability `sure`,
 * leading the next label by `commandLead`, a read-only one only while "no command" stays below `noneBelow`; "no
 * command" as its best label at `noneAt`, leading the next label by `noneLead`. Chosen leave one corpus out over
 * A to G (test/unit/nlu/crossValidate.ts --model, docs/language.md rounds 5 to 7): learning from the written
 * examples of round 7 (ten times as many) the model is right more often than the word lists where it is only
 * fairly sure, so it decides from 0.3; two commands nearly as likely ("hosts and redirects") still ask, at the
 * cost of two right answers in 2,025; a change without a verb the word lists know stays at 0.6 ("move and
 * redirects for adele@…" is asked about, not offered), four right answers fewer than at 0.3.
 */
export interface FirstReaderThresholds {
  readonly sure: number; readonly noneBelow: number; readonly noneAt: number; readonly noneLead: number;
  /** A change whose verb the word lists do not find ("move and redirects for adele@…") needs this much. */
  readonly changeWithoutVerb: number;
  /** How far a command's probability must lead the next label's for the model to decide. */
  readonly commandLead: number;
}
export const FIRST_READER: FirstReaderThresholds = { sure: 0.3, noneBelow: 0.3, noneAt: 0.25, noneLead: 0.05, changeWithoutVerb: 0.6,
  commandLead: 0.15 };
/**
 * Never the second reader's answer: what the word lists can't place is answered with the nearest commands and
 * the command list anyway, so "how do I migrate Teams chats" gets no help card pretending to answer it.
 */
const HELP = 'help';
/** The second reader's command must share this many distinct words with the text: "lunch menu" is not help. */
export const MIN_SHARED_WORDS = 2;

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

const QUESTION_STARTS = new Set(['what', 'whats', 'which', 'how', 'hows', 'who', 'whos', 'where', 'are', 'is',
  'do', 'does', 'did', 'any', 'have', 'has']);

const ARTICLE = new Set(ARTICLES);
/** Where one clause ends and the next begins. */
const CLAUSE_BREAK = /[,;:!?]+|\.(?=\s|$)/;

/** A word read through nearWords.json counts as a typo does: the word it stands for, at less than full weight. */
export const NEAR_SIMILARITY = 0.8;

/** The BM25 ranking's best command scores enough and leads the next label (no command included) enough. */
function leads(top: Bm25Hit, next: Bm25Hit | undefined, t: SecondReaderThresholds): boolean {
  return top.score >= t.minScore && (!next || top.score - next.score >= t.margin);
}

/** Naive Bayes's best label is BM25's best command, and naive Bayes is sure of it. */
function agrees(bayesTop: Bm25Hit | undefined, top: Bm25Hit, t: SecondReaderThresholds): boolean {
  return bayesTop?.name === top.name && bayesTop.score >= t.agreeing;
}

const EMPTY_ENTITIES = (): Entities => ({ upns: [], urls: [] });

/** Best first; ties go to the read-only command, then to vocabulary order, so results never vary. */
function byRank(a: Scored, b: Scored): number {
  return b.score - a.score || Number(a.changes) - Number(b.changes) || a.order - b.order;
}

/** Words, and phrases of several, as compared with tokens' forms. */
const words = (list: readonly string[]) => list.map((w) => w.split(' ').map(stem));
const HESITATING = words(HESITATION_WORDS);
const ASKING_ABOUT = words(ASKING_ABOUT_WORDS);
const LEAVING_OUT = words(LEAVING_OUT_WORDS);
const NEGATING = new Set(NEGATION_WORDS.map(stem));
const POLITE = words(POLITE_REQUESTS);
/** Every word of the polite openings ("would it be possible to…"), skipped before what a request asks for. */
const POLITE_WORDS = new Set(POLITE_REQUESTS.flatMap((phrase) => phrase.split(' ')));

/** Whether one of the phrases stands in the tokens from position `from` on, its words not all explained by `by`. */
function typedPhrase(phrases: readonly (readonly string[])[], tokens: readonly Token[], by?: Scored, from = 0): boolean {
  return tokens.some((_, i) => i >= from && phrases.some((phrase) => phrase.every((w, k) => tokens[i + k]?.forms.includes(w))
    && !phrase.every((_w, k) => by?.explained.has(i + k))));
}

/** Whether a changing command's reading is put in doubt by words its own vocabulary doesn't explain (from `from` on). */
function hesitates(top: Scored, tokens: readonly Token[], realQuestion: boolean, from = 0): boolean {
  return realQuestion || typedPhrase(HESITATING, tokens, top, from);
}

/**
 * Whether the text denies a change, or asks about it rather than for it, in words the change's own vocabulary
 * does not explain ("don't remove the trust yet", "trust removal status"): a learned reader's change is then not
 * offered. Narrower than hesitates(): a polite "before anyone approves it" or "how" does not withhold it.
 */
function deniesChange(change: Scored | undefined, tokens: readonly Token[]): boolean {
  // Leaving something out ("…without touching target", "except alice@…") narrows what was asked: the bot asks.
  if (typedPhrase(ASKING_ABOUT, tokens, change) || typedPhrase(LEAVING_OUT, tokens, change)) return true;
  // A negation denies the change when it stands just before its verb ("don't remove", "never delete the…");
  // elsewhere it is about something else ("it is not needed anymore", "oh no, I made a mistake: cancel it").
  // Without a verb the word lists find, any negation denies.
  const verbs = change ? [...change.actAt] : [];
  return tokens.some((t, i) => t.forms.some((f) => NEGATING.has(f)) && !change?.explained.has(i)
    && (verbs.length === 0 || verbs.some((v) => v > i && v - i <= NEGATION_REACH)));
}

/** How many words before a change's verb a negation still reaches ("don't you dare remove"). */
const NEGATION_REACH = 3;

/** The registered commands that relate to the text at all, best first: what "did you mean" offers. */
function nearestOf(ranked: readonly Scored[], registered: ReadonlySet<string>): Ranked[] {
  return ranked.filter((s) => s.score > 0 && registered.has(s.name))
    .map(({ name, score, changes }) => ({ name, score, changes }));
}


function decide(
  ranked: readonly Scored[], registered: ReadonlySet<string>, entities: Entities, doubt: (top: Scored) => boolean,
  ordered: (s: Scored) => boolean = () => false, leads: (s: Scored) => boolean = () => false,
): Recognition {
  const top = ranked[0];
  const nearest = nearestOf(ranked, registered);
  // The strongest reading is a command this bot doesn't offer: better "I don't know" than a neighbour.
  if (!top || top.score < NONE_BELOW || !registered.has(top.name)) return { kind: 'none', entities, nearest };
  // A command the text hardly relates to is no rival: "remnd" is remind alone.
  const runnerUp = ranked.slice(1).find((s) => registered.has(s.name) && s.score >= NONE_BELOW);
  const margin = top.score - (runnerUp?.score ?? 0);
  // Over a read-only rival a change needs the wider lead (reading wins ties); between two changes the
  // usual lead picks the one to offer, since either is only offered.
  const changeMargin = runnerUp && runnerUp.changes ? MATCH_MARGIN : CHANGE_MARGIN;
  const confident = top.changes
    ? top.actHit && top.evidence >= CHANGE_MIN_EVIDENCE && top.score >= CHANGE_MATCH_MIN && margin >= changeMargin
      && !doubt(top)
    : top.score >= MATCH_MIN && margin >= MATCH_MARGIN;
  if (confident) return { kind: 'match', command: top.name, entities, confidence: top.score, exact: false };
  // Only one command relates at all, and the text asks for it with its verb: offered, as any change is.
  if (!runnerUp && top.changes && top.actHit && top.evidence >= CHANGE_MIN_EVIDENCE && top.score >= MATCH_MIN
    && !doubt(top)) {
    return { kind: 'match', command: top.name, entities, confidence: top.score, exact: false };
  }
  // A change ordered in so many words, clearly ahead of any other change: offered alone (offering runs nothing).
  const orderedChanges = ranked.filter((s) => registered.has(s.name) && s.changes && s.actHit && s.score >= MATCH_MIN
    && s.evidence >= CHANGE_MIN_EVIDENCE && ordered(s));
  const [order, otherOrder] = orderedChanges;
  if (order && (!otherOrder || order.score - otherOrder.score >= MATCH_MARGIN)) {
    return { kind: 'match', command: order.name, entities, confidence: order.score, exact: false };
  }
  // A request led by the one read-only command's own word ("re-read all move states and redirect sites…"):
  // that command, unless a change is asked for.
  const led = ranked.filter((s) => registered.has(s.name) && !s.changes && s.score >= MATCH_MIN && leads(s));
  if (led.length === 1 && !ranked.some((s) => s.changes && s.actHit && s.score > led[0].score)) {
    return { kind: 'match', command: led[0].name, entities, confidence: led[0].score, exact: false };
  }
  const readOnly = readOnlyFirst(ranked.filter((s) => registered.has(s.name)), doubt);
  if (readOnly) return { kind: 'match', command: readOnly.name, entities, confidence: readOnly.score, exact: false };
  if (!runnerUp) return { kind: 'none', entities, nearest };
  return { kind: 'unsure', candidates: [top.name, runnerUp.name], entities, nearest };
}

/**
 * The read-only command that answers about the same thing, when all that stands against it are changing
 * readings that are no clear request: no verb of change ("target redirects"), or a question or hesitation
 * ("is the trust gone yet?"). Reading is always safe; a change needs its words, so the tie goes to reading.
 */
function readOnlyFirst(ranked: readonly Scored[], doubt: (s: Scored) => boolean): Scored | undefined {
  const best = ranked.find((s) => !s.changes);
  if (!best || best.score < MATCH_MIN) return undefined;
  const rivals = ranked.filter((s) => s !== best && s.score > best.score - MATCH_MARGIN);
  const yields = (s: Scored) => s.changes && (!s.actHit || doubt(s));
  return rivals.length > 0 && rivals.every(yields) ? best : undefined;
}

const FOREIGN_PHRASES = FOREIGN_REQUESTS.map(phraseWords);


/**
 * A yes/no question about how things stand ("is the bot set up right"): its verb describes a state, not a
 * request. A question how to do something ("how do I configure…") still asks for that thing.
 */
function asksState(canonical: readonly string[], realQuestion: boolean): boolean {
  return realQuestion && STATE_QUESTION_STARTS.has(canonical[0] ?? '');
}

const STATE_QUESTION_STARTS = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'does', 'did', 'do', 'any']);

/** Whether the first word that means something asks for something the bot does not do (FOREIGN_REQUESTS). */
function foreignRequest(tokens: readonly Token[], contentFree: ReadonlySet<string>): boolean {
  // Past the polite opening: "would you be able to configure…" asks to configure.
  const first = tokens.findIndex((t) => !t.forms.some((f) => contentFree.has(f) || POLITE_STARTS.includes(f))
    && !POLITE_WORDS.has(t.typed));
  if (first < 0) return false;
  // As typed: a typo correction must not turn "configure" into the "configured" of a command's words.
  return FOREIGN_PHRASES.some((phrase) => phrase.every((w, k) => tokens[first + k]?.typed === w));
}

/**
 * A command name typed without its space ("movestatus", "exportredirects") or with it in the wrong place
 * ("hostu rls") is read as the command's words.
 */
function unjoin(words: readonly string[], joined: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const pair = i + 1 < words.length ? joined.get(words[i] + words[i + 1]) : undefined;
    const one = joined.get(words[i]);
    if (pair && !joined.has(words[i]) && !one) {
      out.push(...pair);
      i += 1;
    } else out.push(...(one ?? [words[i]]));
  }
  return out;
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

/**
 * Whether the command's whole name, of several words, is typed in the text ("remove trust"). A one-word name
 * is an everyday verb too ("remind me the host url of fabrikam"), so it proves nothing.
 */
export function namesInFull(text: string, name: string): boolean {
  return name.includes(' ') && ` ${tokenize(text).join(' ')} `.includes(` ${name} `);
}

/** `commands`: the command table (name and changesTenant of each); every one needs words in vocabulary.ts. */
export function createRecognizer(commands: readonly RecognisableCommand[], options: RecognizerOptions = {}): Recognizer {
  const offered = options.offered ?? commands.map((c) => c.name);
  const names = [...new Set(offered.map((n) => n.trim().toLowerCase().replace(/\s+/g, ' ')))]
    .filter((n) => n.length > 0)
    // Longest first, so "trust status" is tried before "status".
    .sort((a, b) => b.length - a.length || a.localeCompare(b));
  const registered = new Set(names);
  const compiled = compile(commands);
  const lexicon = buildLexicon(compiled);
  const labels = tenantLabels(options.tenantNames);
  const contentFree = new Set([...FILLER_WORDS, ...NEUTRAL_WORDS, ...TENANT_NOUNS, ...Object.keys(SIDE_WORDS.strong),
    ...Object.keys(SIDE_WORDS.weak)].map(stem));

  const thresholds = options.secondReader ?? SECOND_READER;
  const ranker = thresholds ? createBm25Ranker(commands, options.examples ?? CORPUS_EXAMPLES) : undefined;
  const bayes = thresholds && Number.isFinite(thresholds.agreeing) ? createBayesRanker(commands, options.examples ?? CORPUS_EXAMPLES) : undefined;
  const changing = new Set(commands.filter((c) => c.changesTenant).map((c) => c.name));

  const model = options.intentModel === undefined ? loadIntentModel() : options.intentModel || undefined;
  const first = options.firstReader ?? FIRST_READER;
  const near = options.nearWords === undefined ? loadNearWords() : options.nearWords || new Map<string, string>();
  const joined = new Map(names.filter((n) => n.includes(' ')).map((n) => [n.replace(/ /g, ''), n.split(' ')]));

  function readTokens(rest: string): Token[] {
    // A lone "?" is a word of its own (help), not a clause break.
    const clauses = rest.trim() === '?' ? [rest] : rest.split(CLAUSE_BREAK);
    return clauses.flatMap((clause) => unjoin(tokenize(clause).filter((w) => !ARTICLE.has(w)), joined)
      .map((typed, i): Token => {
        const raw = lookup(SHORTHAND, typed) ?? typed;
        const s = stem(raw);
        const clauseStart = i === 0;
        if (labels.has(raw)) return { forms: [raw], sim: 1, known: true, content: false, typed: raw, clauseStart };
        // Stemming can shorten a typo below the fuzzy minimum ("hots" → "hot"), so the raw form gets a go too.
        // A word neither knows nor corrects may stand for a known one (nearWords.ts): "rebuffed" for "rejected".
        const r = lexicon.resolve(s) ?? lexicon.resolve(raw);
        const stands = r ? undefined : near.get(raw);
        if (stands) {
          // A near word the word lists don't know ("sluggish" for "slow") is still one the second reader knows.
          const n = lexicon.resolve(stem(stands));
          const forms = n ? n.words : [stem(stands)];
          const content = !forms.some((f) => contentFree.has(f));
          return { forms, sim: NEAR_SIMILARITY, known: n !== undefined, content, typed: s, clauseStart };
        }
        const forms = r ? r.words : [s];
        const content = !forms.some((f) => contentFree.has(f));
        return { forms, sim: r?.similarity ?? 1, known: r !== undefined, content, typed: s, clauseStart };
      })).slice(0, MAX_TOKENS);
  }

  /**
   * Whether the text orders this change: its verb is the first word that means something in a clause
   * ("break the tenant trust on source, …", "wrong user got migrated, move alex@… back"), not in a question,
   * and nothing in that clause hesitates ("delete the redirects on source without touching target").
   */
  function orders(s: Scored, tokens: readonly Token[], realQuestion: boolean): boolean {
    if (realQuestion || !s.changes) return false;
    const starts = tokens.map((t, i) => (t.clauseStart ? i : -1)).filter((i) => i >= 0);
    return starts.some((start, k) => {
      const end = starts[k + 1] ?? tokens.length;
      const first = tokens.findIndex((t, i) => i >= start && i < end && t.content);
      if (first < 0 || !s.actAt.has(first)) return false;
      return !hesitates(s, tokens.slice(0, end), false, start);
    });
  }

  function recognize(input: string): Recognition {
    const { text, question } = cleanText(input);
    if (text.length === 0) return { kind: 'none', entities: EMPTY_ENTITIES(), nearest: [] };
    const spans = extractSpans(text);
    const tokens = readTokens(spans.rest);
    const canonical = tokens.map((t) => t.forms[0]);
    const entities: Entities = { upns: spans.upns, urls: spans.urls, ...extractWordEntities(canonical, labels) };
    const count = spans.count ?? numberFromWords(canonical);
    if (count !== undefined) entities.count = count;
    if (spans.planId !== undefined) entities.planId = spans.planId;

    const exact = exactCommand(text, names);
    if (exact) return { kind: 'match', command: exact, entities, confidence: 1, exact: true };
    // A question word first, unless a person, URL or plan id came before it ("grady@… is back in, confirm…").
    const startsText = tokenize(text)[0] === tokenize(spans.rest)[0];
    const asks = question || (startsText && QUESTION_STARTS.has(canonical[0] ?? ''));
    const ranked = scoreAll(compiled, tokens, entities, asks).sort(byRank);
    // A question mark, or a question word first ("who did we send back"), unless it is a polite request.
    const realQuestion = asks && !POLITE_STARTS.includes(canonical[0] ?? '');
    if (!asksState(canonical, realQuestion) && foreignRequest(tokens, contentFree)) return { kind: 'none', entities, nearest: nearestOf(ranked, registered) };
    const firstContent = tokens.findIndex((t) => t.content);
    const content = tokens.filter((t) => t.content).length;
    const doubt = (s: Scored) => hesitates(s, tokens, realQuestion);
    // The trained model reads first; where it is unsure, the word lists and then the second reader decide.
    // A question withholds a learned change too, unless it asks for it politely anywhere ("sorry, could you…?").
    const declines = (s: Scored | undefined) => deniesChange(s, tokens) || (realQuestion && !typedPhrase(POLITE, tokens));
    const rules = decide(ranked, registered, entities, doubt, (s) => orders(s, tokens, realQuestion), (s) => s.coreAt.has(firstContent));
    // Unsure with a change named in full ("host urls && remove trust", "remove trust; remove redirects all"):
    // two commands were typed, and no reader may quietly pick one; "did you mean" shows both.
    if (rules.kind === 'unsure' && rules.candidates.some((c) => changing.has(c) && namesInFull(text, c))) return rules;
    const modelReading = model ? firstReading(model.rank(input), ranked, entities, content, declines) : undefined;
    if (modelReading) return modelReading;
    if (rules.kind === 'match') return rules;
    // Unsure between readings the word lists know, the examples may settle it: a read-only command runs, a
    // change is only offered, and under the gates of secondReading; otherwise "did you mean" stays.
    return secondReading(canonical.join(' '), rules, ranked, content, doubt) ?? rules;
  }

  /**
   * The trained model's reading (intentModel.ts), taken when it is sure (FIRST_READER): "no command" when that is
   * its best label at `noneAt` and leads by `noneLead`; a command at `sure`, a read-only one only while "no
   * command" stays under `noneBelow` (a text the model also finds no command in is left to the word lists, which
   * ask more readily). A change it names is only offered (interpret() never runs one from a sentence), never on one
   * word, a denial, a word of state or a question that asks no favour, and without a verb the word lists know only
   * at `changeWithoutVerb`.
   */
  function firstReading(hits: readonly IntentHit[], ranked: readonly Scored[], entities: Entities, content: number,
    declines: (s: Scored | undefined) => boolean): Recognition | undefined {
    const [best] = hits;
    if (!best) return undefined;
    const noCommand = hits.find((h) => h.name === NO_COMMAND)?.p ?? 0;
    if (best.name === NO_COMMAND) {
      const lead = noCommand - (hits[1]?.p ?? 0);
      return noCommand >= first.noneAt && lead >= first.noneLead ? { kind: 'none', entities, nearest: nearestOf(ranked, registered) } : undefined;
    }
    // Two commands nearly as likely ("hosts and redirects"): the word lists, which ask, decide.
    if (!registered.has(best.name) || best.p < first.sure || best.p - (hits[1]?.p ?? 0) < first.commandLead) return undefined;
    // A command about someone or something the text does not name is left to the word lists.
    if (lacksItsEntity(compiled.find((c) => c.name === best.name)!, entities)) return undefined;
    if (!changing.has(best.name) && noCommand >= first.noneBelow) return undefined;
    const rule = ranked.find((s) => s.name === best.name);
    if (changing.has(best.name) && (content < CHANGE_MIN_EVIDENCE || declines(rule)
      || (!rule?.actHit && best.p < first.changeWithoutVerb))) return undefined;
    return { kind: 'match', command: best.name, entities, confidence: best.p, exact: false };
  }

  /**
   * Whether a learned reader may offer this change: the word lists relate the text to it too, with its verb, in at
   * least two words that mean something, and nothing in the text hesitates.
   */
  function mayOffer(name: string, ranked: readonly Scored[], content: number, doubt: (s: Scored) => boolean): boolean {
    const rule = ranked.find((s) => s.name === name);
    return rule !== undefined && rule.score >= NONE_BELOW && content >= CHANGE_MIN_EVIDENCE && rule.actHit && !doubt(rule);
  }

  /**
   * The second reader's command, when the word lists found nothing near enough or are unsure (see
   * SecondReaderThresholds). A changing command only as the lone offer, and only when the word lists relate the
   * text to it too, with its verb, in at least two words that mean something, and nothing in the text hesitates.
   */
  function secondReading(words: string, rules: Exclude<Recognition, { kind: 'match' }>, ranked: readonly Scored[],
    content: number, doubt: (s: Scored) => boolean): Recognition | undefined {
    if (!ranker || !thresholds) return undefined;
    // The word lists read a command this bot doesn't offer: "I don't know" rather than a neighbour.
    if (ranked[0] && ranked[0].score >= NONE_BELOW && !registered.has(ranked[0].name)) return undefined;
    const [top, next] = ranker.rank(words);
    // The document of requests that are no command (NO_COMMAND) is no registered name, so it answers nothing.
    if (!top || top.shared < MIN_SHARED_WORDS || !registered.has(top.name) || top.name === HELP) return undefined;
    if (!leads(top, next, thresholds) && !(bayes && agrees(bayes.rank(words)[0], top, thresholds))) return undefined;
    if (changing.has(top.name) && !mayOffer(top.name, ranked, content, doubt)) return undefined;
    return { kind: 'match', command: top.name, entities: rules.entities, confidence: Math.min(1, top.score / 10), exact: false };
  }

  return { recognize };
}
