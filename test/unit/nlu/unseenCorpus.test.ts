// The unseen phrasings, measured as the bot decides (interpret()): the figure printed here is the one
// npx tsx test/unit/nlu/measureUnseen.ts prints, with every miss.
import { describe, expect, it } from '@jest/globals';
import { COMMANDS } from '../../../bot/commands/index.js';
import { interpret } from '../../../bot/interpret.js';
import { withoutCourtesy } from '../../../bot/nlu/courtesy.js';
import { CORPUS_NAMES, loadCorpus, measureUnseen, UNSEEN, unseenRecognizer } from './unseenCorpus.js';

describe('phrasings nobody here wrote', () => {
  it('holds at least 150 phrasings, each with its expected command, covering every command', () => {
    expect(UNSEEN.length).toBeGreaterThanOrEqual(150);
    // The corpus was frozen before these commands existed; phrasings for them would be written before any
    // recogniser work on them, in a corpus of their own.
    const newer = new Set(['refresh', 'export redirects', 'export moves', 'export notify', 'export audit', ...NEWER_THAN_THE_CORPORA]);
    for (const c of COMMANDS.filter((x) => !newer.has(x.name))) expect(UNSEEN.some((p) => p.command === c.name)).toBe(true);
  });

  it('reaches the right command for at least 95% of them', () => {
    const m = measureUnseen();
    console.log(`Unseen phrasings: ${m.correct}/${m.total}, ${m.accuracy.toFixed(1)}%\n`
      + m.misses.map((x) => `  ${JSON.stringify(x.p.text)} expected ${x.p.command}, got ${x.got}`).join('\n'));
    expect(m.accuracy).toBeGreaterThanOrEqual(95);
  });

  it('never runs a changing command from a guess', () => {
    const recognizer = unseenRecognizer();
    const ran = UNSEEN
      .map((p) => ({ p, what: interpret(p.text, recognizer) }))
      .filter(({ p, what }) => what.kind === 'run' && what.command.changesTenant
        && !p.text.toLowerCase().startsWith(what.command.name))
      .map(({ p }) => p.text);
    expect(ran).toEqual([]);
  });
});

/**
 * Commands added after every corpus was written. A corpus stays as its writers left it (phrasings added later by
 * whoever added a command would not be written before the recogniser work on it); such a command's phrasings go
 * into a corpus of their own, written before that work.
 */
const NEWER_THAN_THE_CORPORA = new Set(['notify site owners']);

describe('corpora A to I, each written before the work measured on it', () => {
  it.each(CORPUS_NAMES.filter((n) => n !== 'unseen'))('corpus %s holds at least 200 phrasings, every command of its time and at least 20 requests that are no command', (name) => {
    const corpus = loadCorpus(name);
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const missing = COMMANDS.filter((c) => !NEWER_THAN_THE_CORPORA.has(c.name) && !corpus.some((p) => p.command === c.name)).map((c) => c.name);
    expect(missing).toEqual([]);
    expect(corpus.filter((p) => p.command === null).length).toBeGreaterThanOrEqual(20);
    const unknown = corpus.filter((p) => p.command !== null && !COMMANDS.some((c) => c.name === p.command));
    expect(unknown).toEqual([]);
  });
});

/**
 * Requests that are no command which a corpus still runs as commands, as last measured (docs/language.md): since
 * round 5 every corpus measured is among the examples the trained model learns from (A to E, F since round 6, G
 * since round 7, H since round 8), and none runs one but E's 1; I, never read, runs none (round 8).
 * Bounds that may only fall, not goals: the goal is none.
 */
const STILL_RUN: Readonly<Record<string, number>> = { E: 1 };

describe('on every corpus', () => {
  it.each(CORPUS_NAMES)('corpus %s: no changing command runs from a guess, no request that is no command runs one', (name) => {
    const recognizer = unseenRecognizer();
    const ran = loadCorpus(name)
      .map((p) => ({ p, what: interpret(p.text, recognizer) }))
      .filter(({ p, what }) => what.kind === 'run'
        && (p.command === null || (what.command.changesTenant && !p.text.toLowerCase().startsWith(what.command.name))));
    // Counted, not listed: a corpus never read (I) must stay unread.
    expect(ran.length).toBeLessThanOrEqual(STILL_RUN[name] ?? 0);
  });
});

describe('trailing courtesy', () => {
  it('comes off the end, phrase by phrase, and never the command itself', () => {
    expect(withoutCourtesy('status thanks')).toBe('status');
    expect(withoutCourtesy('pending for me')).toBe('pending');
    expect(withoutCourtesy('remove trust both now, please!')).toBe('remove trust both');
    expect(withoutCourtesy('help me')).toBe('help');
    expect(withoutCourtesy('please')).toBe('please');
    expect(withoutCourtesy('list redirects for alice@contoso.com')).toBe('list redirects for alice@contoso.com');
  });
});
