// Measures each language candidate against today's rules on the same corpora, through the product's judge:
//   cd docs/language-candidates && npx tsx --expose-gc evaluate.ts            (all candidates, a table each)
//   cd docs/language-candidates && npx tsx --expose-gc evaluate.ts nlpjs      (one candidate, JSON)
// Each candidate runs in its own process so heap figures don't mix. Corpus B is only counted: no phrasing
// of it, and none of its misses, is printed or learnt from.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Recognizer } from '../../bot/nlu/recognizer.js';
import { judge, loadCorpus, unseenRecognizer, type UnseenPhrasing } from '../../test/unit/nlu/unseenCorpus.js';
import { buildBm25, type Bm25Thresholds } from './bm25Ranker.js';
import { vocabularyUtterances } from './commandDocuments.js';
import { trainingPhrasings, trainingSets } from './corpora.js';
import type { Thresholds } from './decide.js';
import { lemmatising } from './lemmaRules.js';
import { trainNlpjs } from './nlpjsClassifier.js';
import { rulesFirst } from './rulesFirst.js';

const CANDIDATES = ['rules', 'nlpjs', 'nlpjs-examples', 'bm25', 'lemmas', 'rules+nlpjs', 'rules+bm25'] as const;
type Candidate = typeof CANDIDATES[number];

/** A built recogniser; `prepare` classifies texts ahead for the asynchronous one and returns µs per text. */
interface Built { recognizer: Recognizer; prepare: (texts: readonly string[]) => Promise<number> }
const syncOnly = (recognizer: Recognizer): Built => ({ recognizer, prepare: async () => 0 });

interface Tally { correct: number; total: number; nonCommandsRun: number; perCommand: Record<string, string> }

function tally(corpus: readonly UnseenPhrasing[], recognizer: Recognizer): Tally {
  const per = new Map<string, { correct: number; total: number }>();
  let correct = 0;
  let nonCommandsRun = 0;
  for (const p of corpus) {
    const r = judge(p, recognizer);
    const row = per.get(p.command ?? 'no command') ?? { correct: 0, total: 0 };
    row.total += 1;
    if (r.correct) { row.correct += 1; correct += 1; }
    if (p.command === null && r.got.startsWith('run ')) nonCommandsRun += 1;
    per.set(p.command ?? 'no command', row);
  }
  const perCommand = Object.fromEntries([...per].sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [k, `${v.correct}/${v.total}`]));
  return { correct, total: corpus.length, nonCommandsRun, perCommand };
}

// Thresholds are chosen on the unseen corpus with the classifier trained on the training phrasings alone,
// so neither A nor B has any say in them.
/** A request that is no command run as one costs as much as this many right answers: the issue allows none. */
const NON_COMMAND_COST = 5;
const GRID = Array.from({ length: 19 }, (_, i) => i * 0.05);

async function tuned(
  build: (train: UnseenPhrasing[], t: Bm25Thresholds) => Promise<Built>, minScores: readonly number[],
): Promise<Bm25Thresholds> {
  const unseen = loadCorpus('unseen');
  let best: { t: Bm25Thresholds; correct: number } | undefined;
  for (const minScore of minScores) {
    for (const noneBelow of GRID) {
      for (const margin of GRID.filter((m) => m <= 0.5)) {
        const t = { noneBelow, margin, minScore };
        const built = await build(trainingPhrasings(), t);
        await built.prepare(unseen.map((p) => p.text));
        const { correct, nonCommandsRun } = tally(unseen, built.recognizer);
        const score = correct - NON_COMMAND_COST * nonCommandsRun;
        if (!best || score > best.correct) best = { t, correct: score };
      }
    }
  }
  return best!.t;
}

/** `withVocabulary`: each command's name, usage, summary and vocabulary terms as extra utterances. */
function nlpjsBuilder(withVocabulary: boolean): (train: UnseenPhrasing[], t: Thresholds) => Promise<Built> {
  return async (train, t) => {
    const r = await trainNlpjs(train, withVocabulary ? vocabularyUtterances() : [], t);
    return { recognizer: r, prepare: (texts) => r.prepare(texts) };
  };
}

async function builderFor(c: Candidate): Promise<{ build: (train: UnseenPhrasing[]) => Promise<Built>; thresholds?: Thresholds }> {
  const rules = unseenRecognizer;
  if (c === 'rules') return { build: async () => syncOnly(rules()) };
  if (c === 'lemmas') return { build: async () => syncOnly(lemmatising(rules())) };
  if (c === 'bm25' || c === 'rules+bm25') {
    const t = await tuned(async (train, th) => syncOnly(buildBm25(train, th)), [0, 1, 2, 3, 4, 5, 6]);
    const plain = async (train: UnseenPhrasing[]) => syncOnly(buildBm25(train, t));
    if (c === 'bm25') return { build: plain, thresholds: t };
    return { build: async (train) => syncOnly(rulesFirst(rules(), (await plain(train)).recognizer)), thresholds: t };
  }
  const nlp = nlpjsBuilder(c !== 'nlpjs-examples');
  const t = await tunedNlpjs(nlp);
  if (c === 'nlpjs' || c === 'nlpjs-examples') return { build: (train) => nlp(train, t), thresholds: t };
  return {
    build: async (train) => {
      const inner = await nlp(train, t);
      return { recognizer: rulesFirst(rules(), inner.recognizer), prepare: inner.prepare };
    },
    thresholds: t,
  };
}

/** As tuned(), but NLP.js trains once and classifies the unseen corpus once: its scores don't depend on t. */
async function tunedNlpjs(nlp: (train: UnseenPhrasing[], t: Thresholds) => Promise<Built>): Promise<Thresholds> {
  const unseen = loadCorpus('unseen');
  const current: Thresholds = { noneBelow: 0, margin: 0 };
  const built = await nlp(trainingPhrasings(), current);
  await built.prepare(unseen.map((p) => p.text));
  let best: { t: Thresholds; score: number } | undefined;
  for (const noneBelow of GRID) {
    for (const margin of GRID.filter((m) => m <= 0.5)) {
      Object.assign(current, { noneBelow, margin });
      const { correct, nonCommandsRun } = tally(unseen, built.recognizer);
      if (!best || correct - NON_COMMAND_COST * nonCommandsRun > best.score) best = { t: { noneBelow, margin }, score: correct - NON_COMMAND_COST * nonCommandsRun };
    }
  }
  return best!.t;
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

function syncMicros(recognizer: Recognizer, texts: readonly string[], rounds = 5): number {
  texts.forEach((t) => recognizer.recognize(t));
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r += 1) texts.forEach((t) => recognizer.recognize(t));
  return Number(process.hrtime.bigint() - start) / 1000 / (rounds * texts.length);
}

async function measureOne(c: Candidate): Promise<object> {
  const A = loadCorpus('A');
  const B = loadCorpus('B');
  const sets = trainingSets();
  const { build, thresholds } = await builderFor(c);

  const heapBefore = heapMb();
  const started = process.hrtime.bigint();
  const shipped = await build(sets.withA);
  const trainMs = Number(process.hrtime.bigint() - started) / 1e6;
  const heapGrowthMb = heapMb() - heapBefore;

  const aTexts = A.map((p) => p.text);
  const aheadMicros = await shipped.prepare(aTexts);
  await shipped.prepare(B.map((p) => p.text));
  const perPhraseMicros = aheadMicros + syncMicros(shipped.recognizer, aTexts);
  const rulesMicros = syncMicros(unseenRecognizer(), aTexts);
  const onB = tally(B, shipped.recognizer);

  const honest = await build(sets.withoutA);
  await honest.prepare(aTexts);
  const onA = tally(A, honest.recognizer);
  return { candidate: c, gcExposed: gc !== undefined, thresholds, trainMs, heapGrowthMb, perPhraseMicros, rulesMicros, onA, onB };
}

const pct = (t: Tally) => `${t.correct}/${t.total}, ${(100 * t.correct / t.total).toFixed(1)} %`;

function report(results: Array<Awaited<ReturnType<typeof measureOne>> & Record<string, any>>): void {
  console.log('| candidate | A, trained without A | B, trained with A | no-command run as command (A / B) | µs per phrase (rules same run) | training ms | heap growth MB | thresholds |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.candidate} | ${pct(r.onA)} | ${pct(r.onB)} | ${r.onA.nonCommandsRun} / ${r.onB.nonCommandsRun} | `
      + `${r.perPhraseMicros.toFixed(0)} (${r.rulesMicros.toFixed(0)}) | ${r.trainMs.toFixed(0)} | ${r.heapGrowthMb.toFixed(1)} | `
      + `${r.thresholds ? JSON.stringify(r.thresholds) : '-'} |`);
  }
  const commands = Object.keys(results[0].onB.perCommand);
  console.log(`\n| command (B, trained with A) | ${results.map((r) => r.candidate).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---').join('|')}|`);
  for (const k of commands) console.log(`| ${k} | ${results.map((r) => r.onB.perCommand[k]).join(' | ')} |`);
  console.log(`\n| command (A, trained without A) | ${results.map((r) => r.candidate).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---').join('|')}|`);
  for (const k of Object.keys(results[0].onA.perCommand)) console.log(`| ${k} | ${results.map((r) => r.onA.perCommand[k]).join(' | ')} |`);
}

const asked = process.argv[2] as Candidate | undefined;
if (asked) {
  if (!CANDIDATES.includes(asked)) throw new Error(`Unknown candidate "${asked}": ${CANDIDATES.join(', ')}.`);
  console.log(JSON.stringify(await measureOne(asked)));
} else {
  const self = fileURLToPath(import.meta.url);
  const results = CANDIDATES.map((c) => JSON.parse(execFileSync('npx', ['tsx', '--expose-gc', self, c], { encoding: 'utf8' })
    .trim().split('\n').pop()!));
  report(results);
}
