// The column plan: the ordered list of model inputs a spec produces, with the label and
// display format each one needs for explanations. Order: numeric (+ missing flags),
// categorical, boolean, date (+ missing flags), text length, presence, notes (missing flag,
// length, signals), contacts, opportunities, derived. A spec without the newer kinds keeps its old order.
import type { FeatureSpec, FittedFeatureSpec } from './spec.js';

export type ColumnFormat = 'bool' | 'usd' | 'integer' | 'number' | 'percent' | 'category' | 'ordinal' | 'days';

export type ColumnSource =
  | { kind: 'numeric'; field: string }
  | { kind: 'numeric_missing'; field: string }
  | { kind: 'categorical'; field: string; index: number }
  | { kind: 'boolean'; field: string }
  | { kind: 'date_age'; field: string }
  | { kind: 'date_missing'; field: string }
  | { kind: 'text_length'; field: string }
  | { kind: 'presence'; field: string }
  | { kind: 'notes_missing'; field: string }
  | { kind: 'notes_length'; field: string }
  | { kind: 'notes_signal'; field: string; signal: string }
  | { kind: 'contacts' }
  | { kind: 'opportunities' }
  | { kind: 'derived' };

export interface FeatureColumn {
  id: string;
  label: string;
  format: ColumnFormat;
  transform: 'none' | 'log1p';
  source: ColumnSource;
  /** Ordinal level labels (format 'ordinal'). */
  levels?: string[];
}

const cache = new WeakMap<FeatureSpec, FeatureColumn[]>();

export function featureColumns(spec: FeatureSpec): FeatureColumn[] {
  const hit = cache.get(spec);
  if (hit) return hit;
  const cols: FeatureColumn[] = [];
  for (const n of spec.numeric) {
    cols.push({ id: n.id, label: n.label, format: n.format, transform: n.transform, source: { kind: 'numeric', field: n.field } });
    if (n.missingFlag)
      cols.push({
        id: `${n.id}_missing`,
        label: `${n.label} missing`,
        format: 'bool',
        transform: 'none',
        source: { kind: 'numeric_missing', field: n.field },
      });
  }
  spec.categorical.forEach((c, index) =>
    cols.push({ id: c.id, label: c.label, format: 'category', transform: 'none', source: { kind: 'categorical', field: c.field, index } }),
  );
  for (const b of spec.boolean) cols.push({ id: b.id, label: b.label, format: 'bool', transform: 'none', source: { kind: 'boolean', field: b.field } });
  for (const d of spec.date) {
    cols.push({ id: d.id, label: d.label, format: 'days', transform: 'none', source: { kind: 'date_age', field: d.field } });
    if (d.missingFlag)
      cols.push({ id: `${d.id}_missing`, label: `${d.label} missing`, format: 'bool', transform: 'none', source: { kind: 'date_missing', field: d.field } });
  }
  for (const t of spec.textLength)
    cols.push({ id: t.id, label: t.label, format: 'integer', transform: 'none', source: { kind: 'text_length', field: t.field } });
  for (const p of spec.presence) cols.push({ id: p.id, label: p.label, format: 'bool', transform: 'none', source: { kind: 'presence', field: p.field } });
  const notes = spec.notes;
  if (notes) {
    if (notes.missingFeature)
      cols.push({ ...notes.missingFeature, format: 'bool', transform: 'none', source: { kind: 'notes_missing', field: notes.field } });
    if (notes.lengthFeature)
      cols.push({ ...notes.lengthFeature, format: 'integer', transform: 'none', source: { kind: 'notes_length', field: notes.field } });
    for (const s of notes.signals) {
      const source = { kind: 'notes_signal' as const, field: notes.field, signal: s.id };
      if (s.kind === 'flag') cols.push({ id: s.id, label: s.label, format: 'bool', transform: 'none', source });
      else if (s.kind === 'ordinal')
        cols.push({ id: s.id, label: s.label, format: 'ordinal', transform: 'none', source, levels: s.levels.map((l) => l.label) });
      else if (s.kind === 'amount') cols.push({ id: s.id, label: s.label, format: 'usd', transform: s.transform, source });
      else cols.push({ id: s.id, label: s.label, format: 'integer', transform: 'none', source }); // count, months_ago
    }
  }
  for (const f of spec.contacts?.features ?? []) {
    const format: ColumnFormat = f.kind === 'count' ? 'integer' : f.kind === 'flag' ? 'bool' : 'percent';
    cols.push({ id: f.id, label: f.label, format, transform: 'none', source: { kind: 'contacts' } });
  }
  for (const f of spec.opportunities?.features ?? [])
    cols.push({ id: f.id, label: f.label, format: f.kind === 'count' ? 'integer' : 'bool', transform: 'none', source: { kind: 'opportunities' } });
  for (const d of spec.derived) {
    const format: ColumnFormat = d.kind === 'threshold' ? 'bool' : d.format;
    cols.push({ id: d.id, label: d.label, format, transform: 'none', source: { kind: 'derived' } });
  }
  cache.set(spec, cols);
  return cols;
}

export function featureNames(spec: FeatureSpec): string[] {
  return featureColumns(spec).map((c) => c.id);
}

export function featureLabels(spec: FeatureSpec): string[] {
  return featureColumns(spec).map((c) => c.label);
}

function compactUsd(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  const fmt = (x: number, unit: string) => `${sign}$${Number(x.toPrecision(3)).toLocaleString('en-US')}${unit}`;
  if (a >= 1e9) return fmt(a / 1e9, 'B');
  if (a >= 1e6) return fmt(a / 1e6, 'M');
  if (a >= 1e4) return fmt(a / 1e3, 'K');
  return `${sign}$${Math.round(a).toLocaleString('en-US')}`;
}

/** A readable account value for explanations: "yes", "$40M", "1,200", "Enterprise", "Series B", "(missing)". */
export function describeValue(fitted: FittedFeatureSpec, featureIndex: number, value: number): string {
  const cols = featureColumns(fitted);
  const col = cols[featureIndex];
  if (!col) throw new Error(`Feature index ${featureIndex} is out of range (the spec has ${cols.length} features)`);
  if (Number.isNaN(value)) return '(missing)';
  const v = col.transform === 'log1p' ? Math.sign(value) * Math.expm1(Math.abs(value)) : value;
  switch (col.format) {
    case 'bool':
      return v >= 0.5 ? 'yes' : 'no';
    case 'usd':
      return compactUsd(v);
    case 'integer':
      return Math.round(v).toLocaleString('en-US');
    case 'percent':
      return `${Math.round(v * 100)}%`;
    case 'number':
      return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 2 });
    case 'days': {
      const d = Math.round(v);
      return d >= 0 ? `${d.toLocaleString('en-US')} days ago` : `in ${(-d).toLocaleString('en-US')} days`;
    }
    case 'ordinal':
      return col.levels?.[Math.round(v)] ?? String(v);
    case 'category': {
      if (col.source.kind !== 'categorical') return String(v);
      const vocab = fitted.vocabularies[col.id] ?? [];
      const code = Math.round(v);
      if (code < vocab.length) return vocab[code].label;
      return code === vocab.length ? '(other)' : '(missing)';
    }
  }
}
