// Account CSV input for offline scoring and training (`sf score csv`, `sf score train --csv`).
//
// Format
// - Header row of API field names (as in a Salesforce export): every field the spec reads
//   (requiredAccountFields minus Id) must be a column; values may be blank. `Id` is optional
//   (required with a contacts CSV); extra columns are kept in `original` and otherwise ignored.
// - Numbers: plain decimals, optional thousands grouping ("1,200,000"), optional leading $ € £,
//   scientific notation. Blank, "NA", "N/A", "#N/A", "null", "-" are missing (NaN). Suffixes
//   like "12k" or "1.2M" are rejected (ambiguous in exports; write 12000), as is "abc".
// - Label column (training): true/false, 1/0, yes/no, y/n (any case). Blank or other -> error.
// - Contacts, one of:
//   a) `contactsCsv`: a second CSV with AccountId, Title, Email (one row per Contact),
//      aggregated per account exactly as the sync does;
//   b) optional count columns in the account CSV: ContactCount, ATLContactCount,
//      BTLContactCount, OtherContactCount, FreeMailContactCount, ContactsWithEmailCount
//      (a missing column means that count is unknown: NaN);
//   c) neither: contact features are missing (NaN) for every row, and `warnings` says so.
// - Opportunity roll-ups (specs with an `opportunities` section): optional count columns
//   OpportunityCount, WonOpportunityCount, OpenOpportunityCount; a missing column means
//   unknown (NaN), and `warnings` says so when there is none.
// Nothing is dropped silently: a row with any problem is left out of `rows` and every problem
// is in `errors` with its 1-based line number (the line where the record starts) and column.
import type { Readable } from 'node:stream';
import { isMissingWord } from './value-words.js';
import { readCsvText, splitCsvRecords } from './csv-records.js';
import {
  createContactAggregator,
  unknownContactAggregate,
  type AggregateKey,
  type ContactAggregate,
} from './contacts.js';
import { unknownOpportunityAggregate, type OpportunityKey } from './opportunities.js';
import type { AccountInput } from './encode.js';
import { requiredAccountFields, requiredContactFields } from './fields.js';
import { LABEL_SPELLINGS, readLabel } from './infer/label.js';
import type { FeatureSpec } from './spec.js';

export interface CsvRowError {
  /** 1-based line in the file where the record starts (1 = header). */
  line: number;
  field?: string;
  message: string;
  /** Which file, when a contacts CSV is read too. */
  file?: 'accounts' | 'contacts';
}

export interface CsvAccountRow {
  line: number;
  input: AccountInput;
  /** 0/1 when a label column was asked for. */
  label?: 0 | 1;
  /** The row as read, by header name. */
  original: Record<string, string>;
}

export interface AccountCsvResult {
  rows: CsvAccountRow[];
  errors: CsvRowError[];
  warnings: string[];
  columns: string[];
}

export interface ReadAccountCsvOptions {
  spec: FeatureSpec;
  labelColumn?: string;
  contactsCsv?: string | Readable;
  /** The column holding the record id (default "Id"); never a feature. */
  idColumn?: string;
}

export const CONTACT_COUNT_COLUMNS: Record<string, AggregateKey> = {
  ContactCount: 'contactCount',
  ATLContactCount: 'atlCount',
  BTLContactCount: 'btlCount',
  OtherContactCount: 'otherCount',
  FreeMailContactCount: 'freeMailCount',
  ContactsWithEmailCount: 'withEmailCount',
};

/** Opportunity roll-up columns a CSV export may carry (one row per account); absent -> unknown. */
export const OPPORTUNITY_COUNT_COLUMNS: Record<string, OpportunityKey> = {
  OpportunityCount: 'opportunityCount',
  WonOpportunityCount: 'wonCount',
  OpenOpportunityCount: 'openCount',
};

/** Parses a CSV cell as a number: NaN for missing, or an error message. */
export function parseCsvNumber(raw: string): number | { error: string } {
  const s = raw.trim();
  if (isMissingWord(s)) return NaN;
  const body = s.replace(/^([+-]?)[$€£]\s?/, '$1');
  if (/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?$/.test(body) || /^[+-]?\.\d+$/.test(body))
    return Number(body.replace(/,/g, ''));
  if (/^[+-]?[\d.,]+\s?[kmbKMB]$/.test(body)) return { error: `"${raw}" is not a plain number (write 12000, not 12k)` };
  return { error: `"${raw}" is not a number` };
}

/** A label cell in its usual spellings (1/0, true/false, yes/no, y/n, won/lost); a blank cell is an error: a CSV row must state its label. */
export function parseCsvLabel(raw: string): 0 | 1 | { error: string } {
  const l = readLabel(raw);
  if (l !== null) return l;
  return { error: raw.trim() === '' ? `label is blank (expected ${LABEL_SPELLINGS})` : `"${raw}" is not a label (expected ${LABEL_SPELLINGS})` };
}

interface RawRecord {
  line: number;
  cells: string[];
}

/** Reads records with their start lines; a malformed record becomes an error and reading resumes on its next line. */
async function readRecords(source: string | Readable, errors: CsvRowError[], file?: 'accounts' | 'contacts') {
  const records: RawRecord[] = [];
  for (const r of splitCsvRecords(await readCsvText(source))) {
    if (r.error) errors.push({ line: r.line, message: r.error, ...(file ? { file } : {}) });
    else records.push({ line: r.line, cells: r.cells });
  }
  return records;
}

function headerOf(records: RawRecord[], errors: CsvRowError[], file?: 'accounts' | 'contacts'): string[] | null {
  if (records.length === 0) {
    errors.push({ line: 1, message: 'empty file: expected a header row of field names', ...(file ? { file } : {}) });
    return null;
  }
  const header = records[0].cells.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) errors.push({ line: records[0].line, field: h, message: `column "${h}" appears twice in the header`, ...(file ? { file } : {}) });
    seen.add(h);
  }
  return header;
}

async function readContacts(spec: FeatureSpec, source: string | Readable, errors: CsvRowError[]) {
  const agg = createContactAggregator(spec);
  const records = await readRecords(source, errors, 'contacts');
  const header = headerOf(records, errors, 'contacts');
  if (!header) return agg;
  const need = requiredContactFields(spec).filter((f) => f !== 'Id');
  const missing = need.filter((f) => !header.includes(f));
  for (const f of missing) errors.push({ line: 1, field: f, message: `missing required column "${f}"`, file: 'contacts' });
  if (missing.length) return agg;
  const accountIdField = spec.contacts!.accountIdField;
  for (const rec of records.slice(1)) {
    if (rec.cells.length !== header.length) {
      errors.push({ line: rec.line, message: `expected ${header.length} columns, found ${rec.cells.length}`, file: 'contacts' });
      continue;
    }
    const c: Record<string, unknown> = {};
    header.forEach((h, i) => (c[h] = rec.cells[i].trim() === '' ? null : rec.cells[i]));
    if (!agg.add(c)) errors.push({ line: rec.line, field: accountIdField, message: 'contact has no AccountId', file: 'contacts' });
  }
  return agg;
}

/** Reads an account CSV (and optionally a contacts CSV) into encoder inputs; see the header comment for the format. */
export async function readAccountCsv(source: string | Readable, opts: ReadAccountCsvOptions): Promise<AccountCsvResult> {
  const { spec, labelColumn } = opts;
  const idColumn = opts.idColumn ?? 'Id';
  const errors: CsvRowError[] = [];
  const warnings: string[] = [];
  const rows: CsvAccountRow[] = [];
  const file = opts.contactsCsv ? ('accounts' as const) : undefined;
  const tag = file ? { file } : {};
  const records = await readRecords(source, errors, file);
  const header = headerOf(records, errors, file);
  if (!header) return { rows, errors, warnings, columns: [] };

  const required = requiredAccountFields(spec).filter((f) => f !== 'Id');
  if (labelColumn) required.push(labelColumn);
  if (opts.contactsCsv) required.push(idColumn);
  const missingCols = required.filter((f) => !header.includes(f));
  for (const f of missingCols) errors.push({ line: 1, field: f, message: `missing required column "${f}"`, ...tag });
  if (missingCols.length) return { rows, errors, warnings, columns: header };

  const contacts = opts.contactsCsv ? await readContacts(spec, opts.contactsCsv, errors) : null;
  const countCols = Object.entries(CONTACT_COUNT_COLUMNS).filter(([col]) => header.includes(col));
  if (!contacts && spec.contacts && countCols.length === 0)
    warnings.push(
      'No contact data (no contacts CSV and no ContactCount/ATLContactCount/... columns): contact features are missing for every row.',
    );

  const oppCols = Object.entries(OPPORTUNITY_COUNT_COLUMNS).filter(([col]) => header.includes(col));
  if (spec.opportunities && oppCols.length === 0)
    warnings.push('No Opportunity data (no OpportunityCount/WonOpportunityCount/OpenOpportunityCount columns): Opportunity features are missing for every row.');

  const numericFields = new Set(spec.numeric.map((n) => n.field));
  const seenIds = new Map<string, number>();
  for (const rec of records.slice(1)) {
    const rowErrors: CsvRowError[] = [];
    if (rec.cells.length !== header.length) {
      errors.push({ line: rec.line, message: `expected ${header.length} columns, found ${rec.cells.length}`, ...tag });
      continue;
    }
    const original: Record<string, string> = {};
    header.forEach((h, i) => (original[h] = rec.cells[i]));
    const account: Record<string, unknown> = {};
    for (const f of required) {
      if (f === labelColumn) continue;
      const v = original[f];
      if (numericFields.has(f)) {
        const n = parseCsvNumber(v);
        if (typeof n === 'number') account[f] = Number.isNaN(n) ? null : n;
        else rowErrors.push({ line: rec.line, field: f, message: n.error, ...tag });
      } else account[f] = v.trim() === '' ? null : v;
    }
    if (idColumn in original) {
      const id = original[idColumn].trim();
      if (id) {
        account.Id = id;
        const prev = seenIds.get(id);
        if (prev !== undefined) rowErrors.push({ line: rec.line, field: idColumn, message: `duplicate Id ${id} (first on line ${prev})`, ...tag });
        else seenIds.set(id, rec.line);
      } else if (contacts) rowErrors.push({ line: rec.line, field: idColumn, message: 'Id is blank (needed to match contacts)', ...tag });
    }
    const readCount = (col: string): number | null => {
      const n = parseCsvNumber(original[col]);
      if (typeof n !== 'number') rowErrors.push({ line: rec.line, field: col, message: n.error, ...tag });
      else if (!Number.isNaN(n) && (n < 0 || !Number.isInteger(n)))
        rowErrors.push({ line: rec.line, field: col, message: `"${original[col]}" is not a count (whole number >= 0)`, ...tag });
      else return n;
      return null;
    };
    let agg: ContactAggregate;
    if (contacts) agg = contacts.get(String(account.Id ?? ''));
    else {
      agg = unknownContactAggregate();
      for (const [col, key] of countCols) {
        const n = readCount(col);
        if (n !== null) agg[key] = n;
      }
    }
    const opportunities = unknownOpportunityAggregate();
    for (const [col, key] of oppCols) {
      const n = readCount(col);
      if (n !== null) opportunities[key] = n;
    }
    let label: 0 | 1 | undefined;
    if (labelColumn) {
      const l = parseCsvLabel(original[labelColumn]);
      if (typeof l === 'number') label = l;
      else rowErrors.push({ line: rec.line, field: labelColumn, message: l.error, ...tag });
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({ line: rec.line, input: { account, contacts: agg, opportunities }, original, ...(label !== undefined ? { label } : {}) });
  }
  errors.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
  return { rows, errors, warnings, columns: header };
}

/** A CSV file as header + rows of cells (for type inference); same parsing rules and errors as readAccountCsv. */
export async function readCsvTable(source: string | Readable): Promise<{ header: string[]; rows: { line: number; cells: string[] }[]; errors: CsvRowError[] }> {
  const errors: CsvRowError[] = [];
  const records = await readRecords(source, errors);
  const header = headerOf(records, errors) ?? [];
  return { header, rows: records.slice(1), errors };
}
