// The second reader (bot/nlu/bm25.ts): BM25 over what the bot says about each command and example
// phrasings, consulted only where the word lists find nothing near enough.
import { describe, expect, it } from '@jest/globals';
import { COMMANDS } from '../../../bot/commands/index.js';
import { interpret, type Interpretation } from '../../../bot/interpret.js';
import { createBm25Ranker, NO_COMMAND } from '../../../bot/nlu/bm25.js';
import { CORPUS_EXAMPLES, allExamples, writtenExamples } from '../../../bot/nlu/examples.js';
import { createBayesRanker } from '../../../bot/nlu/naiveBayes.js';
import { createRecognizer, SECOND_READER } from '../../../bot/nlu/recognizer.js';

const tenantNames = { source: ['contoso'], target: ['fabrikam'] };
// The second reader as it decides behind the word lists: the trained model, which reads first, is off here
// (test/unit/nlu/intentModel.test.ts covers it).
const withReader = createRecognizer(COMMANDS, { tenantNames, intentModel: false });
const wordListsOnly = createRecognizer(COMMANDS, { tenantNames, secondReader: false, intentModel: false });
const shown = (what: Interpretation) => (what.kind === 'run' ? `run ${what.command.name} ${what.argText}`.trim()
  : what.kind === 'offer' ? `offer ${what.names[0]}` : what.kind);

describe('second reader', () => {
  it('answers with a read-only command where the word lists find nothing', () => {
    expect(shown(interpret('bot self check', wordListsOnly))).toBe('none');
    expect(shown(interpret('bot self check', withReader))).toBe('run check setup');
  });

  it('runs nothing for requests that are no command', () => {
    for (const text of ['tell me a joke', 'order pizza for the team', 'what is the weather like', 'migrate the mailboxes too']) {
      expect(shown(interpret(text, withReader))).not.toMatch(/^(run|offer)/);
    }
  });

  it('never offers a changing command alone on one word', () => {
    for (const text of ['undo', 'revert', 'delete', 'nudge', 'purge it']) {
      expect(shown(interpret(text, withReader))).not.toMatch(/^(run|offer)/);
    }
  });

  it('ranks the document of requests that are no command like any other, and knows each command from its help text alone', () => {
    const ranker = createBm25Ranker(COMMANDS, allExamples());
    expect(ranker.rank('order pizza for the team')[0]?.name).toBe(NO_COMMAND);
    const helpOnly = createBm25Ranker(COMMANDS, []);
    expect(helpOnly.rank('cross-tenant host URL of each tenant')[0]?.name).toBe('host urls');
    expect(helpOnly.rank('tell me a joke').map((h) => h.name)).not.toContain(NO_COMMAND);
  });

  it('scores as Okapi BM25 (k1 1.2, b 0.75), a command by the mean of its best three documents', () => {
    const ranker = createBm25Ranker([], [
      { text: 'alpha alpha', command: 'a' }, { text: 'alpha beta', command: 'b' }, { text: 'gamma delta', command: 'c' },
    ]);
    // "alpha" is in 2 of 3 documents: idf = ln((3 - 2 + 0.5) / (2 + 0.5) + 1); every document has the average length.
    const idf = Math.log(1.5 / 2.5 + 1);
    const [a, b, ...rest] = ranker.rank('alpha');
    expect([a?.name, b?.name, rest]).toEqual(['a', 'b', []]);
    expect(a?.score).toBeCloseTo(((2 * 2.2) / (1.2 + 2)) * idf / 3, 3);
    expect(b?.score).toBeCloseTo(idf / 3, 3);
  });

  it('learns from the training phrasings, corpora A to H and the written examples, never from the unseen corpus that measures it', async () => {
    const { readFileSync } = await import('node:fs');
    const { loadCorpus } = await import('./unseenCorpus.js');
    const training = JSON.parse(readFileSync(new URL('../../fixtures/phrasings.json', import.meta.url), 'utf8')) as { text: string; command: string | null }[];
    const allowed = new Set([...training, ...loadCorpus('A'), ...loadCorpus('B'), ...loadCorpus('C'), ...loadCorpus('D'), ...loadCorpus('E'), ...loadCorpus('F'), ...loadCorpus('G'), ...loadCorpus('H')].map((p) => `${p.text.toLowerCase()}→${p.command}`));
    expect(CORPUS_EXAMPLES.filter((e) => !allowed.has(`${e.text.toLowerCase()}→${e.command}`))).toEqual([]);
    const unseen = new Set(loadCorpus('unseen').map((p) => p.text.toLowerCase()));
    expect(writtenExamples().filter((e) => unseen.has(e.text.toLowerCase()))).toEqual([]);
    expect(allExamples().length).toBe(CORPUS_EXAMPLES.length + writtenExamples().length);
  });

  it('has at least 25 written phrasings for every command and 150 requests that are no command', () => {
    const short = COMMANDS.map((c) => c.name).filter((name) => writtenExamples().filter((e) => e.command === name).length < 25);
    expect(short).toEqual([]);
    expect(writtenExamples().filter((e) => e.command === null).length).toBeGreaterThanOrEqual(150);
    const unknown = writtenExamples().filter((e) => e.command !== null && !COMMANDS.some((c) => c.name === e.command));
    expect(unknown).toEqual([]);
  });

  it('learns from the corpora\'s phrasings only: a phrasing only the written examples cover is left to the model', () => {
    // The written examples taught the second reader nothing the trained model had not, held out one corpus at a
    // time, and cost 4 MB of heap (docs/language.md, round 7): the model learns from them (intentModel.test.ts).
    expect(shown(interpret('give me the rundown', withReader))).not.toBe('run status');
    const fromAll = createRecognizer(COMMANDS, { tenantNames, intentModel: false, examples: allExamples() });
    expect(shown(interpret('give me the rundown', fromAll))).toBe('run status');
  });

  it('settles a reading the word lists are unsure of when the examples clearly favour one, and only offers a change', () => {
    const torn = ['give me the host urls for the trust setup', 'manager says dashboard is outdated, reload it',
      'the move back of lynne.robbins@contoso.com finished, confirm her access'];
    expect(torn.map((text) => wordListsOnly.recognize(text).kind)).toEqual(['unsure', 'unsure', 'unsure']);
    expect(torn.map((text) => shown(interpret(text, withReader))))
      .toEqual(['run host urls', 'run refresh', 'offer confirm access']);
  });

  it('takes an answer BM25 leaves short of its thresholds when naive Bayes, learned from the same examples, is sure of the same command', () => {
    const bm25Alone = createRecognizer(COMMANDS, { tenantNames, secondReader: { ...SECOND_READER, agreeing: Infinity }, intentModel: false });
    // (Which phrasing still needs the agreement moves as the examples grow: each corpus joining settled an earlier one.)
    for (const [text, command] of [['download notify status per person', 'export notify']]) {
      expect(shown(interpret(text, bm25Alone))).toBe('unsure');
      expect(shown(interpret(text, withReader))).toBe(`run ${command}`);
    }
    // Its score is ten times a probability over every label, requests that are no command included.
    const bayes = createBayesRanker(COMMANDS, allExamples());
    const hits = bayes.rank('order pizza for the team');
    expect(hits[0]?.name).toBe(NO_COMMAND);
    expect(hits.reduce((sum, h) => sum + h.score, 0)).toBeLessThanOrEqual(10 + 1e-9);
  });
});
