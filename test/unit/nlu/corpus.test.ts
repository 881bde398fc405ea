import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { createRecognizer, type Entities, type Recognition } from '../../../bot/nlu/recognizer.js';
import { COMMANDS } from '../../../bot/commands/index.js';

interface Phrasing {
  text: string;
  command: string | null;
  unsure?: [string, string];
  entities: Partial<Entities>;
}

const corpus = JSON.parse(
  readFileSync(new URL('../../fixtures/phrasings.json', import.meta.url), 'utf8'),
) as Phrasing[];

const ALL_COMMANDS = COMMANDS.map((c) => c.name);
const BUILT_COMMANDS = ['help', 'status', 'host urls', 'trust status', 'list redirects', 'move status'];
const CHANGING = new Set(COMMANDS.filter((c) => c.changesTenant).map((c) => c.name));
const TENANTS = { source: ['Contoso', 'contoso.onmicrosoft.com'], target: ['Fabrikam', 'fabrikam.com'] };

function commandCorrect(p: Phrasing, r: Recognition): boolean {
  if (p.command !== null) return r.kind === 'match' && r.command === p.command;
  if (r.kind === 'match') return false;
  if (!p.unsure) return true;
  return r.kind === 'unsure' && [...r.candidates].sort().join('|') === [...p.unsure].sort().join('|');
}

function entitiesCorrect(expected: Partial<Entities>, actual: Entities): boolean {
  return Object.entries(expected).every(
    ([key, value]) => JSON.stringify(actual[key as keyof Entities]) === JSON.stringify(value),
  );
}

function describeResult(r: Recognition): string {
  if (r.kind === 'match') return `match ${r.command} (${r.confidence})`;
  if (r.kind === 'unsure') return `unsure ${r.candidates.join(' / ')}`;
  return 'none';
}

describe('phrasing corpus', () => {
  const recognizer = createRecognizer(COMMANDS, { tenantNames: TENANTS });
  const results = corpus.map((p) => ({ p, r: recognizer.recognize(p.text) }));

  it('holds at least 150 phrasings covering every command, 15+ of them not to be matched', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    for (const c of ALL_COMMANDS) expect(corpus.some((p) => p.command === c)).toBe(true);
    expect(corpus.filter((p) => p.command === null).length).toBeGreaterThanOrEqual(15);
  });

  it('recognises at least 90% of commands and 95% of entities on correct matches', () => {
    const misses = results.filter(({ p, r }) => !commandCorrect(p, r));
    const matched = results.filter(({ p, r }) => p.command !== null && commandCorrect(p, r));
    const entityMisses = matched.filter(({ p, r }) => !entitiesCorrect(p.entities, r.entities));
    const perCommand: Record<string, number> = {};
    for (const { p } of misses) perCommand[p.command ?? '(none)'] = (perCommand[p.command ?? '(none)'] ?? 0) + 1;
    const accuracy = (100 * (results.length - misses.length)) / results.length;
    const entityAccuracy = (100 * (matched.length - entityMisses.length)) / Math.max(1, matched.length);
    console.log(
      `NLU corpus: total ${results.length}, correct ${results.length - misses.length}, ` +
        `accuracy ${accuracy.toFixed(1)}%, entities ${entityAccuracy.toFixed(1)}% of ${matched.length} matches, ` +
        `misses by command ${JSON.stringify(perCommand)}\n` +
        [...misses, ...entityMisses]
          .map(({ p, r }) => `  ${JSON.stringify(p.text)} expected ${p.command ?? p.unsure?.join(' / ') ?? 'no match'}` +
            ` ${JSON.stringify(p.entities)} got ${describeResult(r)} ${JSON.stringify(r.entities)}`)
          .join('\n'),
    );
    expect(accuracy).toBeGreaterThanOrEqual(90);
    expect(entityAccuracy).toBeGreaterThanOrEqual(95);
  });

  it('never matches a changing command where another command or no match was expected', () => {
    const wrong = results
      .filter(({ p, r }) => r.kind === 'match' && CHANGING.has(r.command) && r.command !== p.command)
      .map(({ p, r }) => `${p.text} → ${describeResult(r)}`);
    expect(wrong).toEqual([]);
  });

  it('with only the built commands, never maps an unbuilt command onto a built one', () => {
    const built = createRecognizer(COMMANDS, { tenantNames: TENANTS, offered: BUILT_COMMANDS });
    const unbuilt = corpus.filter((p) => p.command !== null && !BUILT_COMMANDS.includes(p.command));
    const wrong = unbuilt
      .map((p) => ({ p, r: built.recognize(p.text) }))
      .filter(({ r }) => r.kind === 'match')
      .map(({ p, r }) => `${p.text} (${p.command}) → ${describeResult(r)}`);
    expect(wrong).toEqual([]);
    expect(built.recognize('remove the trust on both sides').kind).not.toBe('match');
  });

  it('only ever returns registered commands', () => {
    const built = createRecognizer(COMMANDS, { tenantNames: TENANTS, offered: BUILT_COMMANDS });
    for (const p of corpus) {
      const r = built.recognize(p.text);
      const returned = r.kind === 'match' ? [r.command] : r.kind === 'unsure' ? r.candidates : [];
      for (const c of returned) expect(BUILT_COMMANDS).toContain(c);
    }
  });
});
