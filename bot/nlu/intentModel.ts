// The first reader of a sentence since round 5 (docs/language.md): a multinomial logistic regression learned from
// the example phrasings (examples.ts) and what the bot says of each command, over words, pairs of neighbouring
// words, the letter triples inside each word (so a typo or an unlisted form of a word still shares most of its
// features) and which kinds of entity the text holds. Judged leave one corpus out it named the meant command
// (or "no command") for 95.9 % of the corpora's phrasings where the word lists, then BM25, reached 89.8 %: it
// weighs every feature against every other label at once, where the word lists add up what one writer listed.
//
// Written here rather than taken from a library: what npm offers trains on dense matrices (ml-logistic-regression:
// one model per label over an ml-matrix of examples × features, here 11,000 × 29,000 doubles), or asynchronously
// inside its own pipeline and tokens (NLP.js, measured in docs/language-candidates/README.md). The model is
// trained once, by test/unit/nlu/buildIntentModel.ts, and shipped as intentModel.json: training takes about four
// seconds, more than the bot's whole start.
import { readFileSync } from 'node:fs';
// Named here so the build copies the model beside this file (as nearWords.ts does its table).
import type intentModelFile from './intentModel.json';
import { helpTextOf, NO_COMMAND, type DocumentedCommand, type Example } from './bm25.js';
import { extractSpans, isSharePointUrl } from './entities.js';
import { cleanText, stem, tokenize } from './normalize.js';
import { lookup } from './lookup.js';
import { ARTICLES, SHORTHAND } from './vocabulary.js';

export interface IntentHit {
  /** A command's name, or NO_COMMAND. */
  readonly name: string;
  /** The model's probability of it, 0..1. */
  readonly p: number;
}

export interface IntentModel {
  /** Every label, most probable first. */
  rank(text: string): IntentHit[];
}

/**
 * The trained model as shipped: per feature its weights by label index, only those that matter (PRUNE_BELOW),
 * in thousandths.
 */
export interface IntentModelFile {
  readonly labels: readonly string[];
  readonly bias: readonly number[];
  readonly weights: Readonly<Record<string, readonly number[]>>;
}

/** Training: passes over the examples, the first step's size and its decay per pass, the weight decay. */
export const TRAINING = { passes: 20, rate: 0.5, decay: 0.9, l2: 1e-4 } as const;
/** Weights smaller than this change no answer (the corpora read the same without them) and are not shipped. */
export const PRUNE_BELOW = 0.02;

const ARTICLE = new Set(ARTICLES);

/** What the model sees of a text: entity kinds, the first word, words, neighbouring pairs, letter triples. */
export function features(raw: string): string[] {
  // Cleaned as the word lists read a message (markup, entities, length bounded), so a pasted blob costs no more.
  const { text, question } = cleanText(raw);
  const spans = extractSpans(text);
  const out: string[] = [];
  if (spans.upns.length > 0) out.push('#upn');
  if (spans.planId !== undefined) out.push('#planid');
  if (spans.urls.some(isSharePointUrl)) out.push('#spurl');
  else if (spans.urls.length > 0) out.push('#url');
  if (question) out.push('#question');
  // Chat shorthand read as the word it stands for, as the word lists read it ("rd sites", "pls").
  const words = tokenize(spans.rest).filter((w) => !ARTICLE.has(w)).map((w) => stem(lookup(SHORTHAND, w) ?? w));
  if (words.length > 0) out.push(`^${words[0]}`);
  for (const w of words) {
    out.push(`w:${w}`);
    const padded = `<${w}>`;
    for (let i = 0; i + 3 <= padded.length; i += 1) out.push(`c:${padded.slice(i, i + 3)}`);
  }
  for (let i = 1; i < words.length; i += 1) out.push(`b:${words[i - 1]} ${words[i]}`);
  return [...new Set(out)];
}

/** Each command's own description, one example of it, as the second reader also learns it. */
function described(commands: readonly DocumentedCommand[]): Example[] {
  return commands.map((c) => ({ text: helpTextOf(c), command: c.name }));
}

/**
 * Trains the model. Deterministic: the examples are visited in an order fixed by a simple permutation per pass,
 * so the same examples always give the same file.
 */
export function trainIntentModel(commands: readonly DocumentedCommand[], examples: readonly Example[]): IntentModelFile {
  const all = [...described(commands), ...examples];
  const labels = [...new Set(all.map((e) => e.command ?? NO_COMMAND))].sort();
  const index = new Map<string, number>();
  const rows = all.map((e) => ({
    label: labels.indexOf(e.command ?? NO_COMMAND),
    at: features(e.text).map((f) => {
      let i = index.get(f);
      if (i === undefined) {
        i = index.size;
        index.set(f, i);
      }
      return i;
    }),
  }));
  const k = labels.length;
  const w = new Float64Array(k * index.size);
  const bias = new Float64Array(k);
  const z = new Float64Array(k);
  let rate: number = TRAINING.rate;
  for (let pass = 0; pass < TRAINING.passes; pass += 1) {
    // A Fisher–Yates shuffle driven by a fixed formula rather than Math.random: reproducible files.
    for (let n = rows.length - 1; n > 0; n -= 1) {
      const j = (n * 7919 + pass * 31) % (n + 1);
      [rows[n], rows[j]] = [rows[j], rows[n]];
    }
    for (const row of rows) {
      const scale = 1 / Math.sqrt(row.at.length || 1);
      probabilities(row.at, scale, (label, i) => w[label * index.size + i], bias, z);
      for (let label = 0; label < k; label += 1) {
        const g = z[label] - (label === row.label ? 1 : 0);
        bias[label] -= rate * g;
        for (const i of row.at) w[label * index.size + i] -= rate * (g * scale + TRAINING.l2 * w[label * index.size + i]);
      }
    }
    rate *= TRAINING.decay;
  }
  const weights: Record<string, number[]> = {};
  for (const [feature, i] of index) {
    const kept: number[] = [];
    for (let label = 0; label < k; label += 1) {
      const v = w[label * index.size + i];
      if (Math.abs(v) >= PRUNE_BELOW) kept.push(label, Math.round(v * 1000));
    }
    if (kept.length > 0) weights[feature] = kept;
  }
  return { labels, bias: [...bias].map((b) => Math.round(b * 1000)), weights };
}

/** Softmax of the labels' sums over the features at `at` into `z`. */
function probabilities(at: readonly number[], scale: number, weight: (label: number, i: number) => number,
  bias: ArrayLike<number>, z: Float64Array): void {
  for (let label = 0; label < z.length; label += 1) {
    let sum = bias[label];
    for (const i of at) sum += weight(label, i) * scale;
    z[label] = sum;
  }
  softmax(z);
}

/** The labels' sums turned into probabilities, in place (less the largest first: exp of a large sum overflows). */
function softmax(z: Float64Array): void {
  const max = Math.max(...z);
  let total = 0;
  for (let label = 0; label < z.length; label += 1) {
    z[label] = Math.exp(z[label] - max);
    total += z[label];
  }
  for (let label = 0; label < z.length; label += 1) z[label] /= total;
}

/**
 * The model a file describes. A feature the file does not know counts towards the text's length only. The
 * weights are packed into two typed arrays, each feature holding where its run starts and how long it is: as a
 * Map of arrays they took 6.8 MB of heap for 24,500 features, packed about 2 MB.
 */
export function intentModelFrom(file: IntentModelFile): IntentModel {
  const entries = Object.entries(file.weights);
  const pairs = entries.reduce((n, [, kept]) => n + kept.length / 2, 0);
  const labelAt = new Uint8Array(pairs);
  const weightAt = new Float32Array(pairs);
  /** Per feature: its first pair times RUN, plus how many pairs it has (at most one per label). */
  const runs = new Map<string, number>();
  const RUN = 64;
  let next = 0;
  for (const [feature, kept] of entries) {
    runs.set(feature, next * RUN + kept.length / 2);
    for (let j = 0; j < kept.length; j += 2, next += 1) {
      labelAt[next] = kept[j];
      weightAt[next] = kept[j + 1] / 1000;
    }
  }
  const bias = file.bias.map((b) => b / 1000);
  // Only what reading needs is kept: holding `file` would keep its parsed weights alive beside the packed ones.
  const labels = [...file.labels];
  return {
    rank(text) {
      const seen = features(text);
      const z = Float64Array.from(bias);
      const scale = 1 / Math.sqrt(seen.length || 1);
      for (const f of seen) {
        const run = runs.get(f);
        if (run === undefined) continue;
        const first = Math.floor(run / RUN);
        for (let j = first; j < first + (run % RUN); j += 1) z[labelAt[j]] += weightAt[j] * scale;
      }
      softmax(z);
      return labels.map((name, label) => ({ name, p: z[label] })).sort((a, b) => b.p - a.p);
    },
  };
}

export type ShippedIntentModel = typeof intentModelFile;

/** The shipped model (intentModel.json, rebuilt by test/unit/nlu/buildIntentModel.ts). */
export function loadIntentModel(): IntentModel {
  return intentModelFrom(JSON.parse(readFileSync(new URL('./intentModel.json', import.meta.url), 'utf8')) as IntentModelFile);
}
