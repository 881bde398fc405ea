// The second reader (bot/nlu/bm25.ts): BM25 over what the bot says about each command and example
// phrasings, consulted only where the word lists find nothing near enough.
import { describe, expect, it } from '@jest/globals';
import { COMMANDS } from '../../../bot/commands/index.js';
import { interpret, type Interpretation } from '../../../bot/interpret.js';
import { createBm25Ranker, NO_COMMAND } from '../../../bot/nlu/bm25.js';
import { EXAMPLES } from '../../../bot/nlu/examples.js';
import { createRecognizer } from '../../../bot/nlu/recognizer.js';

const tenantNames = { source: ['contoso'], target: ['fabrikam'] };
const withReader = createRecognizer(COMMANDS, { tenantNames });
const wordListsOnly = createRecognizer(COMMANDS, { tenantNames, secondReader: false });
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
    const ranker = createBm25Ranker(COMMANDS, EXAMPLES);
    expect(ranker.rank('tell me a joke')[0]?.name).toBe(NO_COMMAND);
    const helpOnly = createBm25Ranker(COMMANDS, []);
    expect(helpOnly.rank('cross-tenant host URL of each tenant')[0]?.name).toBe('host urls');
    expect(helpOnly.rank('tell me a joke').map((h) => h.name)).not.toContain(NO_COMMAND);
  });

  it('learns only from the training phrasings and corpora A and B, never from the corpora that measure it', async () => {
    const { readFileSync } = await import('node:fs');
    const { loadCorpus } = await import('./unseenCorpus.js');
    const training = JSON.parse(readFileSync(new URL('../../fixtures/phrasings.json', import.meta.url), 'utf8')) as { text: string; command: string | null }[];
    const allowed = new Set([...training, ...loadCorpus('A'), ...loadCorpus('B')].map((p) => `${p.text.toLowerCase()}→${p.command}`));
    expect(EXAMPLES.filter((e) => !allowed.has(`${e.text.toLowerCase()}→${e.command}`))).toEqual([]);
    expect(EXAMPLES.length).toBeGreaterThan(400);
  });
});
