// A list as a CSV file, for a spreadsheet. Quoting is csv-stringify's (commas, quotes and line breaks in a
// cell are its business, not ours); a UTF-8 byte-order mark lets Excel read names with accents correctly.
import { stringify } from 'csv-stringify/sync';

export type CsvRow = Readonly<Record<string, string>>;

/**
 * Cells a spreadsheet would run as a formula start with = + - @ (or a tab or carriage return, which some
 * spreadsheets skip before looking for one). Values in these files come from the tenants and from people
 * (display names, help requests, error texts), so a cell like `=HYPERLINK(...)` could act on the admin's
 * machine when the file is opened: such a cell gets a leading apostrophe, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The CSV text of `rows`, one column per name in `columns` (in that order), header first. */
export function toCsv(columns: readonly string[], rows: readonly CsvRow[]): string {
  return stringify(rows.map((row) => columns.map((c) => safeCell(row[c] ?? ''))), {
    header: true, columns: [...columns], bom: true, record_delimiter: 'windows',
  });
}
