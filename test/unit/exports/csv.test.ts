// The CSV of an export: csv-stringify's quoting, a BOM for Excel, and cells that a spreadsheet would run
// as formulas turned into text.
import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { safeCell, toCsv } from '../../../services/exports/csv.js';

describe('toCsv', () => {
  it('writes a header and the rows in column order, quoting what needs it, and reads back the same', () => {
    const rows: Record<string, string>[] = [{ b: 'x, "y"', a: 'line\nbreak' }, { a: 'plain' }];
    const csv = toCsv(['a', 'b'], rows);
    expect(csv.startsWith('\uFEFFa,b\r\n')).toBe(true);
    expect(parse(csv, { columns: true, bom: true })).toEqual([{ a: 'line\nbreak', b: 'x, "y"' }, { a: 'plain', b: '' }]);
  });

  it.each(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\r=x', '=HYPERLINK("http://evil.example")'])('neutralises %j with a leading apostrophe', (value) => {
    expect(safeCell(value)).toBe(`'${value}`);
    expect(parse(toCsv(['v'], [{ v: value }]), { columns: true, bom: true })).toEqual([{ v: `'${value}` }]);
  });

  it.each(['adele@contoso.com', '—', '2026-10-01', "sean.o'brien@contoso.com", 'a=b'])('leaves %j alone', (value) => {
    expect(safeCell(value)).toBe(value);
  });
});
