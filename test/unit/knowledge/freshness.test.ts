// How old what the bot knows is, as an admin reads it on a card: the age counts from the read to now, so a
// read an hour old never reads "just now".
import { describe, expect, it } from '@jest/globals';
import { ageText } from '../../../services/knowledge/freshness.js';

const READ_AT = '2026-11-02T09:00:00.000Z';
const after = (ms: number) => new Date(Date.parse(READ_AT) + ms);

describe('ageText', () => {
  it.each([
    [0, 'just now'],
    [9_000, 'just now'],
    [42_000, '42 s ago'],
    [5 * 60_000, '5 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [3 * 86_400_000, '3 days ago'],
  ])('a read %i ms before now reads "%s"', (ms, words) => {
    expect(ageText(READ_AT, after(ms))).toBe(words);
  });

  it('says so when nothing was read yet', () => {
    expect(ageText(undefined, after(0))).toBe('not read yet');
  });

  it('reads a read stamped a little ahead of this clock (another host\'s clock) as just now, never as a negative age', () => {
    expect(ageText(READ_AT, after(-4_000))).toBe('just now');
  });
});
