// CSV that is safe to open in a spreadsheet. Every CSV this product writes for people (scored
// exports, plans, reports) goes through here; CSV sent to Salesforce (Bulk uploads) does not,
// because there a leading quote would become part of the stored value.
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * Characters that make Excel, LibreOffice Calc and Google Sheets read a cell as a formula
 * (OWASP "CSV Injection"): = + - @, tab, carriage return; NUL as in ASVS 1.2.10.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;
/** A plain decimal number: a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One cell as text, neutralised: a value that a spreadsheet would evaluate as a formula gets a
 * leading single quote, which the spreadsheet shows as text. Numbers (including a negative
 * number such as -3.5, in any column) stay numbers.
 */
export function safeCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = String(value);
  if (!FORMULA_START.test(s) || PLAIN_NUMBER.test(s)) return s;
  return `'${s}`;
}

/** true when safeCell would change this text (a cell that would run as a formula). */
export function isFormulaLike(value: string): boolean {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value);
}

/** Rows to CSV text (RFC 4180 quoting, LF line ends), every cell neutralised by safeCell. */
export function toSafeCsv(rows: Iterable<readonly CsvCell[]>): string {
  const out: string[][] = [];
  for (const r of rows) out.push(r.map(safeCell));
  return stringify(out);
}
