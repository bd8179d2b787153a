import { writeFile } from 'node:fs/promises';
import { readAccountCsv, type CsvRowError } from '../features/index.js';
import { formatReasons, scoreAccounts, type ScoringModel, type TierThresholds } from '../model/index.js';
import { readCsvText, splitCsvRecords } from '../features/csv-records.js';
import { toSafeCsv } from '../util/csv-write.js';

/** Columns appended to every row of the output, in this order. */
export const CSV_SCORE_COLUMNS = [
  'Account_Score__c',
  'Account_Score_Tier__c',
  'Account_Score_Percentile__c',
  'Account_Score_Reasons__c',
  'Account_Score_Error__c',
] as const;

export interface ScoreCsvOptions {
  input: string;
  /** Contacts CSV (AccountId, Title, Email), aggregated per account as the sync does */
  contactsCsv?: string;
  output: string;
  /** the model to score with (loadScoringModel); the caller closes it */
  model: ScoringModel;
  thresholds: TierThresholds;
  /** reasons per row (default 3) */
  reasons?: number;
  /** write the output even when some rows are bad (they keep their cells, get an error and no score) */
  allowBadRows?: boolean;
}

export interface ScoreCsvOutcome {
  modelVersion: string | null;
  /** data records in the file (header excluded), bad ones included */
  rows: number;
  scored: number;
  /** distinct lines with at least one problem */
  badRows: number;
  errors: CsvRowError[];
  warnings: string[];
  tiers: { Hot: number; Warm: number; Cold: number };
  /** false when bad rows (without allowBadRows) or a header problem stopped the output */
  written: boolean;
  /** the header itself is unusable (missing columns, empty file): nothing can be scored */
  headerProblem: boolean;
}

/**
 * Scores a CSV export offline: the original rows, in order, plus the score columns. A cell a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first; numbers excepted) gets a
 * leading single quote, so opening the output never runs what an export carried in. A bad row is never dropped silently: by default nothing is written and the
 * outcome lists every problem by line; with allowBadRows it stays in the output with its
 * cells, an Account_Score_Error__c message and empty scores.
 */
export async function scoreCsvFile(opts: ScoreCsvOptions): Promise<ScoreCsvOutcome> {
  const model = opts.model;
  const read = await readAccountCsv(opts.input, { spec: model.spec, contactsCsv: opts.contactsCsv });
  // the same record split readAccountCsv uses, so line numbers agree; bad records included
  const raw = splitCsvRecords(await readCsvText(opts.input));
  const errorsByLine = new Map<number, string[]>();
  for (const e of read.errors) {
    const list = errorsByLine.get(e.line) ?? [];
    list.push(e.field ? `${e.field}: ${e.message}` : e.message);
    errorsByLine.set(e.line, list);
  }
  const headerLine = raw[0]?.line ?? 1;
  const headerProblem = raw.length === 0 || errorsByLine.has(headerLine);
  const dataLines = new Set(raw.slice(1).map((r) => r.line));
  for (const line of errorsByLine.keys()) if (line !== headerLine) dataLines.add(line);
  const badRows = [...errorsByLine.keys()].filter((l) => l !== headerLine).length;
  const outcome: ScoreCsvOutcome = {
    modelVersion: model.version,
    rows: dataLines.size,
    scored: 0,
    badRows,
    errors: read.errors,
    warnings: read.warnings,
    tiers: { Hot: 0, Warm: 0, Cold: 0 },
    written: false,
    headerProblem,
  };
  if (headerProblem || (badRows > 0 && !opts.allowBadRows)) return outcome;

  const scored = await scoreAccounts(
    model,
    read.rows.map((r) => r.input),
    { thresholds: opts.thresholds, factors: opts.reasons ?? 3 },
  );
  const byLine = new Map(read.rows.map((r, i) => [r.line, scored[i]]));
  const header = raw[0].cells;
  const lines: string[][] = [[...header, ...CSV_SCORE_COLUMNS]];
  const rawByLine = new Map(raw.slice(1).map((r) => [r.line, r.cells]));
  for (const line of [...dataLines].sort((a, b) => a - b)) {
    // a record the parser could not read at all keeps its place as an empty row with the error
    const cells = rawByLine.get(line) ?? [];
    const padded = header.map((_, i) => cells[i] ?? '');
    const s = byLine.get(line);
    if (s) {
      outcome.tiers[s.tier]++;
      lines.push([...padded, s.score.toFixed(2), s.tier, String(s.percentile), formatReasons(s.factors), '']);
    } else {
      lines.push([...padded, '', '', '', '', `line ${line}: ${(errorsByLine.get(line) ?? ['not scored']).join('; ')}`]);
    }
  }
  outcome.scored = scored.length;
  // Cells from the input and the reasons are text someone else wrote: neutralise formulas.
  await writeFile(opts.output, toSafeCsv(lines));
  outcome.written = true;
  return outcome;
}
