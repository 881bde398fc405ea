import { describe, expect, it } from '@jest/globals';
import { allowedEdits, editDistance, FuzzyLexicon, suggest } from '../../../bot/nlu/fuzzy.js';

describe('editDistance', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('lsit', 'list')).toBe(1);
    expect(editDistance('trsut', 'trust')).toBe(1);
    expect(editDistance('hots', 'host')).toBe(1);
  });

  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('redirets', 'redirects')).toBe(1);
    expect(editDistance('stauts', 'status')).toBe(1);
    expect(editDistance('abcd', 'dcba')).toBe(4);
  });
});

describe('allowedEdits', () => {
  it('requires short words to be exact and scales with length', () => {
    expect(allowedEdits(3)).toBe(0);
    expect(allowedEdits(5)).toBe(1);
    expect(allowedEdits(12)).toBe(2);
  });
});

describe('FuzzyLexicon', () => {
  const lexicon = new FuzzyLexicon(['list', 'last', 'redirect', 'trust', 'status', 'move', 'remove']);

  it('resolves a typo to the nearest word with a similarity below 1', () => {
    const r = lexicon.resolve('redirct');
    expect(r?.words).toEqual(['redirect']);
    expect(r?.similarity).toBeGreaterThan(0.8);
    expect(r?.similarity).toBeLessThan(1);
  });

  it('never moves a known word to a neighbour', () => {
    expect(lexicon.resolve('last')).toEqual({ words: ['last'], similarity: 1 });
  });

  it('does not stretch short words into long ones', () => {
    expect(lexicon.resolve('mov')).toBeUndefined();
    expect(lexicon.resolve('mover')?.words).toEqual(['move']);
    expect(lexicon.resolve('emove')?.words).toEqual(['move', 'remove']);
  });

  it('leaves unrelated words unresolved', () => {
    expect(lexicon.resolve('weather')).toBeUndefined();
    expect(lexicon.resolve('x'.repeat(200))).toBeUndefined();
  });
});

describe('suggest', () => {
  const names = ['help', 'status', 'trust status', 'list redirects', 'move status'];

  it('offers close misspellings of command names, closest first', () => {
    expect(suggest('stauts', names)).toEqual(['status']);
    expect(suggest('trsut status', names)).toEqual(['trust status']);
    expect(suggest('lsit redirets for a@b.com', names)).toEqual(['list redirects']);
  });

  it('offers nothing for exact commands or unrelated text', () => {
    expect(suggest('status', names)).toEqual([]);
    expect(suggest('hello there', names)).toEqual([]);
    expect(suggest('', names)).toEqual([]);
  });
});
