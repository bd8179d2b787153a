/** Matrices the training benchmarks share: a synthetic one with a known signal, and telco churn one-hot. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { makeRng } from '../src/model/train/index.js';

export interface Matrix {
  name: string;
  X: Float32Array;
  rows: number;
  cols: number;
  y: Uint8Array;
  /** true log-odds per row (synthetic data only) */
  truth?: Float64Array;
}

/**
 * A known logistic signal (an interaction, a step, a sine), some features integer-valued, feature 5
 * missing 40% of the time with missingness itself predictive. intercept -4.75 gives ~3% positives.
 */
export function synthetic(rows: number, cols: number, seed: number, intercept = -4.75): Matrix {
  if (cols < 6) throw new Error(`synthetic: need at least 6 columns (got ${cols})`);
  const rng = makeRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  const X = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  const truth = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let f = 0; f < cols; f++) X[o + f] = f % 7 === 3 ? Math.floor(rng() * 5) : gauss();
    const miss = rng() < 0.4;
    if (miss) X[o + 5] = NaN;
    const m = intercept + 1.0 * X[o] + 0.8 * X[o + 1] * X[o + 2] + 0.6 * (X[o + 3] === 2 ? 1 : 0) + (miss ? 0.7 : 0.3 * X[o + 5]) + 0.5 * Math.sin(2 * X[o + 4]);
    truth[i] = m;
    y[i] = rng() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
  }
  return { name: `synthetic ${rows.toLocaleString('en-US')} x ${cols}`, X, rows, cols, y, truth };
}

/**
 * A CSV as a one-hot matrix: a column whose non-blank values are all numbers stays numeric (blank =
 * NaN); any other column becomes one 0/1 column per category (sorted) plus one for blank. The id
 * column is dropped; the label column must be Yes/No or 1/0.
 */
export function oneHotCsv(path: string, label: string, idColumn: string): Matrix {
  const records = parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (records.length === 0) throw new Error(`${path}: no rows`);
  const header = Object.keys(records[0]);
  if (!header.includes(label)) throw new Error(`${path}: no label column "${label}"`);
  const features = header.filter((h) => h !== label && h !== idColumn);
  const blank = (v: string) => v.trim() === '';
  type Col = { name: string; numeric: true } | { name: string; numeric: false; categories: string[] };
  const cols: Col[] = features.map((name) => {
    const numeric = records.every((r) => blank(r[name]) || Number.isFinite(Number(r[name])));
    if (numeric) return { name, numeric: true };
    return { name, numeric: false, categories: [...new Set(records.map((r) => r[name]).filter((v) => !blank(v)))].sort() };
  });
  const width = cols.reduce((s, c) => s + (c.numeric ? 1 : c.categories.length + 1), 0);
  const X = new Float32Array(records.length * width);
  const y = new Uint8Array(records.length);
  records.forEach((r, i) => {
    const l = r[label].trim();
    if (l !== 'Yes' && l !== 'No' && l !== '1' && l !== '0') throw new Error(`${path}: row ${i + 2}, ${label} is "${r[label]}"; expected Yes/No or 1/0`);
    y[i] = l === 'Yes' || l === '1' ? 1 : 0;
    let o = i * width;
    for (const c of cols) {
      const v = r[c.name];
      if (c.numeric) X[o++] = blank(v) ? NaN : Number(v);
      else {
        const k = blank(v) ? c.categories.length : c.categories.indexOf(v);
        X[o + k] = 1;
        o += c.categories.length + 1;
      }
    }
  });
  return { name: `${path.split('/').pop()} one-hot ${records.length.toLocaleString('en-US')} x ${width}`, X, rows: records.length, cols: width, y };
}
