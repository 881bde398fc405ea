// Words nobody listed (bot/nlu/nearWords.ts): read as the known word the word vectors put nearest.
import { describe, expect, it } from '@jest/globals';
import { COMMANDS } from '../../../bot/commands/index.js';
import { interpret, type Interpretation } from '../../../bot/interpret.js';
import { knownWords } from '../../../bot/nlu/bm25.js';
import { allExamples } from '../../../bot/nlu/examples.js';
import { loadNearWords } from '../../../bot/nlu/nearWords.js';
import { createRecognizer } from '../../../bot/nlu/recognizer.js';

const tenantNames = { source: ['contoso'], target: ['fabrikam'] };
const shown = (what: Interpretation) => (what.kind === 'run' ? `run ${what.command.name} ${what.argText}`.trim()
  : what.kind === 'offer' ? `offer ${what.names[0]}` : what.kind);

describe('near words', () => {
  it('understands a word no word list or example holds, through the generated table', () => {
    // "rebuffed" is in no vocabulary and no example phrasing; the vectors put it nearest "rejected".
    expect(knownWords(COMMANDS, allExamples()).has('rebuffed')).toBe(false);
    const bot = createRecognizer(COMMANDS, { tenantNames });
    const withoutTable = createRecognizer(COMMANDS, { tenantNames, nearWords: false });
    expect(shown(interpret('which requests were rebuffed', bot))).toBe('run audit refusals');
    expect(shown(interpret('which requests were rebuffed', withoutTable))).toBe('run audit');
  });

  it('holds only words the recogniser does not know, each standing for one it knows (rebuild it when the examples change)', () => {
    const known = knownWords(COMMANDS, allExamples());
    const table = [...loadNearWords()];
    expect(table.length).toBeGreaterThan(1000);
    expect(table.filter(([word]) => known.has(word)).map(([word]) => word)).toEqual([]);
    expect(table.filter(([, stands]) => !known.has(stands)).map(([word]) => word)).toEqual([]);
  });
});
