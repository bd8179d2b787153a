// Spec inference for a CSV export: every column but the label, the id and the excluded ones is
// a candidate; its values decide its encoding; factors are named after the CSV's own headers.
import type { Readable } from 'node:stream';
import { readCsvTable, type CsvRowError } from '../csv.js';
import { inferFeatureSpec, type InferredSpec } from './infer-spec.js';
import { checkLabelValues, readLabel } from './label.js';

export interface InferCsvOptions {
  label: string;
  /** the record id column: never a feature */
  idColumn?: string;
  /** columns to leave out */
  exclude?: readonly string[];
  name?: string;
}

export class CsvInferenceError extends Error {
  override name = 'CsvInferenceError';
  constructor(message: string, readonly errors: CsvRowError[] = []) {
    super(message);
  }
}

/** Reads the CSV, checks the label and the named columns exist, and proposes a spec from every other column. */
export async function inferSpecFromCsv(source: string | Readable, o: InferCsvOptions): Promise<InferredSpec & { rows: number; positives: number }> {
  const table = await readCsvTable(source);
  if (table.header.length === 0) throw new CsvInferenceError('the file is empty: expected a header row of column names', table.errors);
  const named = [o.label, ...(o.idColumn ? [o.idColumn] : []), ...(o.exclude ?? [])];
  const unknown = named.filter((c) => !table.header.includes(c));
  if (unknown.length)
    throw new CsvInferenceError(`no column ${unknown.map((c) => `"${c}"`).join(', ')} in the header (columns: ${table.header.join(', ')})`);
  const li = table.header.indexOf(o.label);
  const usable = table.rows.filter((r) => r.cells.length === table.header.length);
  checkLabelValues(o.label, usable.map((r) => r.cells[li]));
  const labels = Uint8Array.from(usable, (r) => readLabel(r.cells[li]) ?? 0);
  const rows = usable.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r.cells[i]])));
  const exclude = new Set(o.exclude ?? []);
  const candidates = table.header
    .filter((h) => h !== o.label)
    .map((h) => ({
      field: h,
      exclude: h === o.idColumn ? 'the id column (--id-column)' : exclude.has(h) ? 'excluded with --exclude' : h === '' ? 'the column has no header' : undefined,
    }));
  const inferred = inferFeatureSpec({
    name: o.name ?? `inferred-${o.label}`,
    candidates,
    rows,
    labels,
    labelName: o.label,
    target: `${o.label} = yes`,
    contacts: false,
  });
  return { ...inferred, rows: rows.length, positives: labels.reduce((a, b) => a + b, 0) };
}
