// How old what the bot knows is, as an admin reads it on a card: the age counts from the read to now, so a
// read an hour old never reads "just now".
import { describe, expect, it } from '@jest/globals';
import { ageText, asOf, daysLeftText, daysUntil } from '../../../services/knowledge/freshness.js';

const READ_AT = '2026-11-02T09:00:00.000Z';
const after = (ms: number) => new Date(Date.parse(READ_AT) + ms);

describe('ageText', () => {
  it.each([
    [0, 'just now'],
    [9_000, 'just now'],
    [10_000, '10 s ago'],
    [42_000, '42 s ago'],
    [59_000, '59 s ago'],
    [60_000, '1 min ago'],
    [5 * 60_000, '5 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [3 * 3_600_000, '3 h ago'],
    [47 * 3_600_000, '47 h ago'],
    [48 * 3_600_000, '2 days ago'],
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

// The source tenant's licence deadline on trust cards: trust must go before it, so the count must be right to
// the day, by the calendar date in UTC (the date an admin typed), whatever the hour.
describe('daysLeftText', () => {
  const NOW = new Date('2026-11-02T23:30:00.000Z');
  it.each([
    ['2026-11-12', '10 days left.'],
    ['2026-11-04', '2 days left.'],
    ['2026-11-03', '1 day left.'],
    ['2026-11-02', 'That is today.'],
    ['2026-11-01', 'That was yesterday.'],
    ['2026-10-30', 'That was 3 days ago.'],
  ])('on 2 November, a deadline of %s reads "%s"', (date, words) => {
    expect(daysLeftText(date, NOW)).toBe(words);
  });

  it('counts whole calendar days, from just after midnight as from just before the next', () => {
    expect(daysUntil('2026-11-12', new Date('2026-11-02T00:00:01.000Z'))).toBe(10);
    expect(daysUntil('2026-11-12', NOW)).toBe(10);
  });
});

// "As of" is the oldest read an answer rests on: a plan built from an hour-old listing is as old as that.
describe('asOf', () => {
  const HOUR_AGO = '2026-11-02T08:00:00.000Z';
  it('is the oldest of the reads, wherever it comes among them', () => {
    expect(asOf(READ_AT, HOUR_AGO)).toBe(HOUR_AGO);
    expect(asOf(HOUR_AGO, READ_AT)).toBe(HOUR_AGO);
  });

  it('leaves out reads never made and instants it cannot read', () => {
    expect(asOf(undefined, READ_AT, 'not a time')).toBe(READ_AT);
    expect(asOf(undefined)).toBeUndefined();
    expect(asOf()).toBeUndefined();
  });
});
