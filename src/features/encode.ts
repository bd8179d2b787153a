// Records -> row-major Float32Array, driven only by the fitted spec's column plan.
// NaN marks missing numerics (the trees route it); *_missing flags are added where the spec asks.
import { canonicalCategory } from './categorical.js';
import { FALSE_WORDS, isMissingWord, TRUE_WORDS } from './value-words.js';
import { featureColumns, type FeatureColumn } from './columns.js';
import type { ContactAggregate } from './contacts.js';
import { parseNotes } from './notes.js';
import type { OpportunityAggregate } from './opportunities.js';
import type { FeatureSpec, FittedFeatureSpec } from './spec.js';

export interface AccountInput {
  /** Account record keyed by API field name (as read from the org or a CSV). */
  account: Record<string, unknown>;
  contacts: ContactAggregate;
  /** Required when the spec has opportunity roll-ups (a reader that forgot them fails loudly); unknownOpportunityAggregate() for "not known". */
  opportunities?: OpportunityAggregate;
}

export interface EncodedBatch {
  /** Row-major: data[r * cols + c]. */
  data: Float32Array;
  rows: number;
  cols: number;
}

/** A value that cannot be encoded; names the record and the field. */
export class FeatureInputError extends Error {
  constructor(
    readonly row: number,
    readonly recordId: string | null,
    readonly field: string,
    message: string,
  ) {
    super(`${recordId ? `Account ${recordId}` : `Row ${row + 1}`}, field ${field}: ${message}`);
    this.name = 'FeatureInputError';
  }
}

/** Options for one encoding run. */
export interface EncodeOptions {
  /** "Today" for relative dates in notes ("in March" -> months ago). Defaults to the current date. */
  asOf?: Date;
}

type RowStep = (input: AccountInput, raw: Float64Array, row: number, opts: { asOf: Date }) => void;

interface Plan {
  cols: FeatureColumn[];
  steps: RowStep[];
  transforms: ('none' | 'log1p')[];
}
const plans = new WeakMap<FittedFeatureSpec, Plan>();

const NUMERIC_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Finite number, NaN for null/undefined/blank; throws on anything else ("abc", true, {}). */
function toNumber(v: unknown, row: number, input: AccountInput, field: string): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    if (Number.isNaN(v)) return NaN;
  } else if (typeof v === 'string') {
    if (v.trim() === '') return NaN;
    if (NUMERIC_STRING.test(v)) return Number(v);
  }
  const id = typeof input.account.Id === 'string' ? input.account.Id : null;
  throw new FeatureInputError(row, id, field, `${JSON.stringify(v)} is not a number`);
}

const DAY = 86_400_000;

/** 1/0 for a checkbox or a yes/no value in its usual spellings, NaN when blank (or a missing word); throws on anything else. */
export function toBoolean(v: unknown, row: number, input: AccountInput, field: string): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && (v === 0 || v === 1)) return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (isMissingWord(s)) return NaN;
    if (TRUE_WORDS.has(s)) return 1;
    if (FALSE_WORDS.has(s)) return 0;
  }
  const id = typeof input.account.Id === 'string' ? input.account.Id : null;
  throw new FeatureInputError(row, id, field, `${JSON.stringify(v)} is not a yes/no value (expected true/false, yes/no, y/n or 1/0)`);
}

// Salesforce's datetime offset has no colon ("+0000"), which Date.parse does not read everywhere.
const SF_OFFSET = /([+-]\d{2})(\d{2})$/;

/** Epoch ms of a date or datetime value (ISO, Salesforce "…+0000", or m/d/yyyy), NaN when blank (or a missing word); throws on anything else. */
export function toTime(v: unknown, row: number, input: AccountInput, field: string): number {
  if (v === null || v === undefined) return NaN;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.getTime();
  if (typeof v === 'string') {
    const s = v.trim();
    if (isMissingWord(s)) return NaN;
    if (/^\d{4}-\d{2}-\d{2}/.test(s) || /^\d{1,2}\/\d{1,2}\/\d{4}/.test(s)) {
      const t = Date.parse(/T.*[+-]\d{4}$/.test(s) ? s.replace(SF_OFFSET, '$1:$2') : s);
      if (!Number.isNaN(t)) return t;
    }
  }
  const id = typeof input.account.Id === 'string' ? input.account.Id : null;
  throw new FeatureInputError(row, id, field, `${JSON.stringify(v)} is not a date (expected YYYY-MM-DD, an ISO datetime or M/D/YYYY)`);
}

function ordinalMin(spec: FeatureSpec, source: string, min: number | string): number {
  if (typeof min === 'number') return min;
  const sig = spec.notes?.signals.find((s) => s.id === source);
  const idx = sig?.kind === 'ordinal' ? sig.levels.findIndex((l) => l.id === min) : -1;
  if (idx < 0) throw new Error(`derived feature threshold "${min}" is not a level of ordinal signal ${source}`);
  return idx;
}

function buildPlan(fitted: FittedFeatureSpec): Plan {
  const cols = featureColumns(fitted);
  const indexOf = new Map(cols.map((c, i) => [c.id, i]));
  const steps: RowStep[] = [];
  let ci = 0;
  for (const n of fitted.numeric) {
    const at = ci++;
    const missAt = n.missingFlag ? ci++ : -1;
    steps.push((input, raw, row) => {
      const v = toNumber(input.account[n.field], row, input, n.field);
      raw[at] = v;
      if (missAt >= 0) raw[missAt] = Number.isNaN(v) ? 1 : 0;
    });
  }
  for (const c of fitted.categorical) {
    const at = ci++;
    const vocab = fitted.vocabularies[c.id];
    if (!vocab) throw new Error(`Fitted spec has no vocabulary for categorical feature ${c.id}: fit the spec first`);
    const codes = new Map(vocab.map((e, i) => [e.key, i]));
    const other = vocab.length;
    const missing = vocab.length + 1;
    steps.push((input, raw) => {
      const cv = canonicalCategory(c, fitted.missingTokens, input.account[c.field]);
      raw[at] = cv === null ? missing : (codes.get(cv.key) ?? other);
    });
  }
  for (const b of fitted.boolean) {
    const at = ci++;
    steps.push((input, raw, row) => void (raw[at] = toBoolean(input.account[b.field], row, input, b.field)));
  }
  for (const d of fitted.date) {
    const at = ci++;
    const missAt = d.missingFlag ? ci++ : -1;
    steps.push((input, raw, row, opts) => {
      const t = toTime(input.account[d.field], row, input, d.field);
      raw[at] = Number.isNaN(t) ? NaN : Math.floor((opts.asOf.getTime() - t) / DAY);
      if (missAt >= 0) raw[missAt] = Number.isNaN(t) ? 1 : 0;
    });
  }
  for (const t of fitted.textLength) {
    const at = ci++;
    steps.push((input, raw) => {
      const v = input.account[t.field];
      raw[at] = v === null || v === undefined ? 0 : String(v).trim().length;
    });
  }
  for (const p of fitted.presence) {
    const at = ci++;
    steps.push((input, raw) => {
      const v = input.account[p.field];
      raw[at] = v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? 0 : 1;
    });
  }
  const notes = fitted.notes;
  if (notes) {
    const missAt = notes.missingFeature ? ci++ : -1;
    const lenAt = notes.lengthFeature ? ci++ : -1;
    const sigs = notes.signals.map((s) => ({ s, at: ci++ }));
    const missingValue = notes.missingAs === 'nan' ? NaN : 0;
    steps.push((input, raw, row, opts) => {
      const text = input.account[notes.field];
      if (text !== null && text !== undefined && typeof text !== 'string') {
        const id = typeof input.account.Id === 'string' ? input.account.Id : null;
        throw new FeatureInputError(row, id, notes.field, `expected text, got ${typeof text}`);
      }
      const r = parseNotes(notes, text, opts);
      if (missAt >= 0) raw[missAt] = r.missing ? 1 : 0;
      if (lenAt >= 0) raw[lenAt] = r.missing ? 0 : (text as string).trim().length;
      for (const { s, at } of sigs) {
        const v = r.signals[s.id];
        // "Not stated" has no zero for an amount or a date: those stay NaN.
        if (r.missing) raw[at] = s.kind === 'amount' || s.kind === 'months_ago' ? NaN : missingValue;
        else if (s.kind === 'flag') raw[at] = v === true ? 1 : 0;
        else if (s.kind === 'ordinal') raw[at] = Math.max(0, s.levels.findIndex((l) => l.id === v));
        else raw[at] = typeof v === 'number' ? v : NaN;
      }
    });
  }
  for (const f of fitted.contacts?.features ?? []) {
    const at = ci++;
    if (f.kind === 'count') steps.push((input, raw) => void (raw[at] = input.contacts[f.of]));
    else if (f.kind === 'flag')
      steps.push((input, raw) => {
        const v = input.contacts[f.of];
        raw[at] = Number.isNaN(v) ? NaN : v >= f.min ? 1 : 0;
      });
    else
      steps.push((input, raw) => {
        const d = input.contacts[f.denominator];
        raw[at] = d > 0 ? input.contacts[f.numerator] / d : NaN;
      });
  }
  for (const f of fitted.opportunities?.features ?? []) {
    const at = ci++;
    steps.push((input, raw, row) => {
      if (!input.opportunities) {
        const id = typeof input.account.Id === 'string' ? input.account.Id : null;
        throw new FeatureInputError(row, id, 'Opportunities', 'the feature spec has Opportunity roll-ups but none were read for this account');
      }
      const v = input.opportunities[f.of];
      raw[at] = f.kind === 'count' || Number.isNaN(v) ? v : v >= f.min ? 1 : 0;
    });
  }
  for (const d of fitted.derived) {
    const at = ci++;
    if (d.kind === 'threshold') {
      const src = indexOf.get(d.source)!;
      const min = ordinalMin(fitted, d.source, d.min);
      steps.push((_i, raw) => {
        const v = raw[src];
        raw[at] = Number.isNaN(v) ? NaN : v >= min ? 1 : 0;
      });
    } else {
      const num = indexOf.get(d.numerator)!;
      const den = indexOf.get(d.denominator)!;
      steps.push((_i, raw) => {
        const q = raw[den];
        raw[at] = q !== 0 && !Number.isNaN(q) ? raw[num] / q : NaN;
      });
    }
  }
  return { cols, steps, transforms: cols.map((c) => c.transform) };
}

/** log1p that keeps the sign, so a (rare) negative value stays representable and invertible. */
export function signedLog1p(v: number): number {
  return v < 0 ? -Math.log1p(-v) : Math.log1p(v);
}

function planFor(fitted: FittedFeatureSpec): Plan {
  let p = plans.get(fitted);
  if (!p) plans.set(fitted, (p = buildPlan(fitted)));
  return p;
}

/** Encodes accounts into a row-major Float32Array matrix (pure: same input, same output). */
export function encodeBatch(fitted: FittedFeatureSpec, inputs: readonly AccountInput[], options: EncodeOptions = {}): EncodedBatch {
  const { cols: plan, steps, transforms } = planFor(fitted);
  const opts = { asOf: options.asOf ?? new Date() };
  const cols = plan.length;
  const rows = inputs.length;
  const data = new Float32Array(rows * cols);
  const raw = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const input = inputs[r];
    for (const step of steps) step(input, raw, r, opts);
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = raw[c];
      data[base + c] = transforms[c] === 'log1p' ? signedLog1p(v) : v;
    }
  }
  return { data, rows, cols };
}
