// Proposes a feature spec from the fields a customer actually has: a CSV's columns or an org's
// describe, plus a sample of values (and labels, to catch leakage). Every choice carries its
// reason (`why`), every left-out field is listed in `excluded` with its reason, so the admin can
// review and edit the JSON before training with it.
import { defaultFeatureSpec } from '../default-spec.js';
import { parseNotes } from '../notes.js';
import { defaultOpportunitiesSpec } from '../opportunities.js';
import {
  FeatureSpecSchema,
  type CategoricalFeature,
  type DerivedFeature,
  type ExcludedField,
  type FeatureSpec,
  type FeatureSpecInput,
  type NotesSpec,
  type NumericFeature,
} from '../spec.js';
import { checkLeakage } from './leakage.js';
import { isMissingValue, n, profileValues, type ValueProfile } from './values.js';

export interface FieldCandidate {
  /** API name or CSV header: what the encoder reads */
  field: string;
  /** how people name it (describe label); defaults to the field */
  label?: string;
  /** Salesforce describe type when known ('picklist', 'double', 'boolean', 'date', 'textarea', 'reference', ...) */
  type?: string;
  /** set when the field must not be a feature whatever its values (an Id, a system field, ...) */
  exclude?: string;
}

export interface InferSpecInput {
  name: string;
  candidates: readonly FieldCandidate[];
  /** a sample of records keyed by field */
  rows: readonly Record<string, unknown>[];
  /** 0/1 per sample row; enables the leakage checks */
  labels?: Uint8Array;
  /** the label's name, for reasons ("separates Churn almost perfectly") */
  labelName?: string;
  /** what the model predicts, in words, for the model card */
  target?: string;
  /** include the default contact roll-ups (the org's Contacts are readable) */
  contacts?: boolean;
  /** include the Opportunity roll-ups (Opportunities are readable, the label is not defined from them); a string: why not */
  opportunities?: true | string;
  /** copy features (aliases, notes rules, derived features) from this spec where a field matches; default: the shipped spec */
  base?: FeatureSpec;
}

export interface InferredSpec {
  spec: FeatureSpec;
  excluded: ExcludedField[];
}

const CATEGORY_MAX = 30;
const NOTES_MIN_HIT_SHARE = 0.1;

/** lower_snake feature id from a field name: "Sales_Region__c" -> "sales_region", "MonthlyCharges" -> "monthly_charges". */
export function featureIdOf(field: string): string {
  let id = field
    .replace(/__c$/i, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(id)) id = `f_${id}`;
  return id.slice(0, 56).replace(/_+$/, '') || 'f';
}

type Kind =
  | { kind: 'numeric'; format: NumericFeature['format']; missingFlag: boolean }
  | { kind: 'categorical'; topK: number }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'text' }
  | { kind: 'presence' }
  | { kind: 'excluded'; reason: string };

const pct = (a: number, b: number) => `${b ? Math.round((100 * a) / b) : 0}%`;

/** The encoding a field gets; a has-value feature of a field set in every sample row would be constant. */
function decide(c: FieldCandidate, p: ValueProfile): Kind & { why: string } {
  const d = decideKind(c, p);
  if (d.kind === 'presence' && p.filled === p.rows) return { kind: 'excluded', reason: `set in every sample row (${n(p.rows)}), so whether it is set says nothing`, why: '' };
  return d;
}

function decideKind(c: FieldCandidate, p: ValueProfile): Kind & { why: string } {
  const filledText = `${n(p.filled)} of ${n(p.rows)} sample rows filled`;
  if (c.exclude) return { kind: 'excluded', reason: c.exclude, why: '' };
  if (p.filled === 0) return { kind: 'excluded', reason: `empty: no value in the ${n(p.rows)} sample rows`, why: '' };
  if (p.distinct.size === 1 && p.filled === p.rows)
    return { kind: 'excluded', reason: `constant: every sample row is ${JSON.stringify([...p.distinct.keys()][0])}`, why: '' };
  const t = c.type?.toLowerCase();
  const cat = (why: string): Kind & { why: string } => ({ kind: 'categorical', topK: Math.min(CATEGORY_MAX, p.distinct.size), why });
  const kept = p.distinct.size > CATEGORY_MAX ? `the ${CATEGORY_MAX} most frequent kept, the rest as "other"` : 'each kept, unseen ones as "other"';
  switch (t) {
    case 'id':
      return { kind: 'excluded', reason: 'record Id', why: '' };
    case 'reference':
      return { kind: 'presence', why: `lookup: whether it is set (${filledText})` };
    case 'boolean':
      return { kind: 'boolean', why: 'checkbox' };
    case 'date':
    case 'datetime':
      return { kind: 'date', why: `${t}: age in days at the as-of date (${filledText})` };
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return {
        kind: 'numeric',
        format: t === 'currency' ? 'usd' : t === 'int' ? 'integer' : 'number',
        missingFlag: p.filled < p.rows,
        why: `${t} field${p.filled < p.rows ? ` with a missing flag (${filledText})` : ''}`,
      };
    case 'picklist':
    case 'multipicklist':
    case 'combobox':
      return cat(`${t}: ${n(p.distinct.size)} values seen, ${kept}`);
    case 'email':
    case 'url':
    case 'phone':
      return { kind: 'presence', why: `${t}: whether it is set (${filledText})` };
    case 'base64':
    case 'address':
    case 'location':
    case 'anytype':
    case 'encryptedstring':
    case 'time':
    case 'complexvalue':
      return { kind: 'excluded', reason: `${t} fields are not used`, why: '' };
    default:
  }
  if (p.distinct.size === 1) return { kind: 'presence', why: `one value when set: whether it is set (${filledText})` };
  // Values decide for CSV columns and for string/textarea fields.
  if (!t && p.allBoolean && p.distinct.size <= 2) return { kind: 'boolean', why: `yes/no values (${[...p.distinct.keys()].join(', ')})` };
  if (!t && p.allNumber)
    return {
      kind: 'numeric',
      format: p.allInteger ? 'integer' : 'number',
      missingFlag: p.filled < p.rows,
      why: `numbers${p.filled < p.rows ? ` with a missing flag (${filledText})` : ''}`,
    };
  if (!t && p.allDate) return { kind: 'date', why: `dates: age in days at the as-of date (${filledText})` };
  const long = p.meanLength >= 40 || p.wordy >= 0.5 || t === 'textarea';
  if (!long && (p.distinct.size <= 100 || p.distinct.size <= 0.2 * p.filled))
    return cat(`categories: ${n(p.distinct.size)} distinct values, ${kept}`);
  if (!long && p.distinct.size >= 0.5 * p.filled)
    return { kind: 'excluded', reason: `an identifier or name: ${n(p.distinct.size)} distinct values in ${n(p.filled)} filled rows`, why: '' };
  if (!long) return { kind: 'presence', why: `too many distinct values (${n(p.distinct.size)}) to be categories: whether it is set` };
  return { kind: 'text', why: `free text (mean ${Math.round(p.meanLength)} characters): its length, and whether it is set` };
}

/** Share of filled values where the shipped notes rules find at least one positive signal. */
function notesHitShare(notes: NotesSpec, values: readonly unknown[]): number {
  let filled = 0;
  let hits = 0;
  for (const v of values) {
    if (isMissingValue(v) || typeof v !== 'string') continue;
    if (++filled > 2000) break;
    const r = parseNotes(notes, v);
    if (Object.values(r.signals).some((s) => s === true || (typeof s === 'number' && s > 0) || (typeof s === 'string' && s !== 'none'))) hits++;
  }
  return filled ? hits / Math.min(filled, 2000) : 0;
}

/** Proposes a spec; see the header comment. Deterministic for the same input. */
export function inferFeatureSpec(input: InferSpecInput): InferredSpec {
  const base = input.base ?? defaultFeatureSpec();
  const used = new Set<string>();
  const uniqueId = (want: string) => {
    let id = want;
    for (let i = 2; used.has(id) || used.has(`${id}_missing`); i++) id = `${want}_${i}`;
    used.add(id);
    return id;
  };
  const numeric: NumericFeature[] = [];
  const categorical: CategoricalFeature[] = [];
  const spec: FeatureSpecInput = { version: 1, name: input.name, numeric, categorical, boolean: [], date: [], textLength: [], presence: [], derived: [] };
  const excluded: ExcludedField[] = [];
  const textFields: { c: FieldCandidate; p: ValueProfile; why: string; values: unknown[] }[] = [];

  // Decide each field, then drop leakage suspects before anything is built from them.
  const decided = input.candidates.map((c) => {
    const values = input.rows.map((r) => r[c.field]);
    const p = profileValues(values);
    return { c, p, values, d: decide(c, p) };
  });
  const leaks = input.labels ? checkLeakage(decided.filter((x) => x.d.kind !== 'excluded'), input.labels, input.labelName ?? 'the label') : new Map<string, string>();

  for (const { c, p, values, d } of decided) {
    const label = (c.label ?? c.field).slice(0, 120);
    if (d.kind === 'excluded') {
      excluded.push({ field: c.field, reason: d.reason });
      continue;
    }
    const leak = leaks.get(c.field);
    if (leak) {
      excluded.push({ field: c.field, reason: leak });
      continue;
    }
    // A field the shipped spec knows keeps its tuned encoding (aliases, transforms).
    const known = [...base.numeric.filter((f) => f.field === c.field), ...base.categorical.filter((f) => f.field === c.field)];
    if (known.length && (d.kind === 'numeric' || d.kind === 'categorical')) {
      for (const k of known) {
        used.add(k.id);
        if ('topK' in k) categorical.push({ ...k, why: `${d.why}; aliases and vocabulary size from the default spec` });
        else numeric.push({ ...k, why: `${d.why}; encoding from the default spec` });
      }
      continue;
    }
    const id = uniqueId(featureIdOf(c.field));
    switch (d.kind) {
      case 'numeric':
        numeric.push({ id, field: c.field, label, transform: 'none', missingFlag: d.missingFlag, format: d.format, why: d.why });
        break;
      case 'categorical':
        categorical.push({ id, field: c.field, label, topK: d.topK, minCount: 1, aliases: [], why: d.why });
        break;
      case 'boolean':
        spec.boolean!.push({ id, field: c.field, label, why: d.why });
        break;
      case 'date':
        spec.date!.push({ id, field: c.field, label, missingFlag: true, why: d.why });
        break;
      case 'presence':
        spec.presence!.push({ id, field: c.field, label: `${label} set`, why: d.why });
        break;
      case 'text':
        used.delete(id);
        textFields.push({ c, p, why: d.why, values });
        break;
    }
  }

  // Free text: the field whose values read most like researcher notes gets the notes signals.
  let notesField: string | null = null;
  if (base.notes && textFields.length) {
    const scored = textFields.map((t) => ({ t, share: notesHitShare({ ...base.notes!, field: t.c.field }, t.values) })).sort((a, b) => b.share - a.share);
    if (scored[0].share >= NOTES_MIN_HIT_SHARE) {
      const { t, share } = scored[0];
      notesField = t.c.field;
      const label = t.c.label ?? t.c.field;
      const same = base.notes.field === t.c.field;
      spec.notes = {
        ...base.notes,
        field: t.c.field,
        missingFeature: { id: uniqueId('notes_missing'), label: same && base.notes.missingFeature ? base.notes.missingFeature.label : `${label} missing` },
        lengthFeature: { id: uniqueId('notes_length'), label: same && base.notes.lengthFeature ? base.notes.lengthFeature.label : `${label} length (characters)` },
        why: `free text that reads like notes: the notes rules find a signal in ${pct(Math.round(share * 1000), 1000)} of its filled values; plus its length and whether it is set`,
      };
      for (const s of base.notes.signals) used.add(s.id);
    }
  }
  for (const t of textFields) {
    if (t.c.field === notesField) continue;
    const label = (t.c.label ?? t.c.field).slice(0, 100);
    const id = featureIdOf(t.c.field);
    spec.textLength!.push({ id: uniqueId(`${id}_length`), field: t.c.field, label: `${label} length`, why: t.why });
    spec.presence!.push({ id: uniqueId(`${id}_set`), field: t.c.field, label: `${label} set`, why: t.why });
  }
  if (input.contacts && base.contacts) {
    spec.contacts = base.contacts;
    for (const f of base.contacts.features) used.add(f.id);
  }
  if (input.opportunities === true) spec.opportunities = defaultOpportunitiesSpec();
  else if (input.opportunities) excluded.push({ field: 'Opportunity roll-ups', reason: input.opportunities });
  // Derived features of the default spec whose inputs all made it in (e.g. revenue per employee).
  const derived: DerivedFeature[] = [];
  for (const d of base.derived) {
    const refs = d.kind === 'threshold' ? [d.source] : [d.numerator, d.denominator];
    if (refs.every((r) => used.has(r)) && !used.has(d.id)) {
      derived.push(d);
      used.add(d.id);
    }
  }
  spec.derived = derived;
  if (input.target) spec.target = input.target;
  spec.excluded = excluded;
  return { spec: FeatureSpecSchema.parse(spec), excluded };
}
