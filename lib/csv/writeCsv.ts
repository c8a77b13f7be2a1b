/**
 * The one CSV writer: every CSV FleetLedger hands out (report downloads, chart and table
 * downloads, rejected lines, benchmark inputs) is written here.
 *
 * RFC 4180 quoting: a cell holding a comma, a double quote, CR or LF is quoted, quotes doubled.
 *
 * Formula injection: a spreadsheet runs a text cell that begins with `=`, `+`, `-`, `@`, tab or
 * carriage return as a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`). Such a text cell is
 * written with a single quote in front, which spreadsheets show as text. Numbers are values, not
 * text: a cell given as a JavaScript number (e.g. -12.5) is written as is, and so is a text cell
 * that is wholly a plain decimal number, optionally a percentage ("-12.5", "-545.5%"), since a
 * spreadsheet reads it as that number and it cannot call anything. Every other text, however
 * harmless it looks ("-x", "+1 day"), is neutralised.
 */
export type CsvCell = string | number | boolean | null;

export interface CsvTable {
  columns: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?%?$/i;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell as a spreadsheet may open it safely: a formula-like start gets a leading `'`. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell: empty for null, numbers as written by JavaScript (non-finite ones empty), text neutralised and quoted. */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseCell(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of cells, without the line break. */
export const csvLine = (cells: readonly CsvCell[]): string => cells.map(csvCell).join(',');

/** A whole table: the header line, then one line per row, each ended by `\n`. */
export function writeCsv(table: CsvTable): string {
  return [table.columns, ...table.rows].map((row) => csvLine(row) + '\n').join('');
}

/** A table as a `data:` URL for a download link (no round trip to the server). */
export const csvDataUrl = (table: CsvTable): string => `data:text/csv;charset=utf-8,${encodeURIComponent(writeCsv(table))}`;
