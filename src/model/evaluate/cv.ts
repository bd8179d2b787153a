import { makeRng, shuffleInPlace } from '../train/rng.js';

/** Rows of each class, shuffled by seed. */
function classRows(y: ArrayLike<number>, seed: number): [Int32Array, Int32Array] {
  const neg: number[] = [];
  const pos: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(i);
  const rng = makeRng(seed);
  const a = Int32Array.from(neg);
  const b = Int32Array.from(pos);
  shuffleInPlace(a, rng);
  shuffleInPlace(b, rng);
  return [a, b];
}

/** Untouched stratified holdout: the same share of each class, chosen by seed. Indices ascending. */
export function stratifiedHoldout(y: ArrayLike<number>, fraction = 0.2, seed = 42): { train: Int32Array; holdout: Int32Array } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`holdout fraction ${fraction} must be in (0, 1)`);
  const isHold = new Uint8Array(y.length);
  for (const rows of classRows(y, seed)) {
    const k = Math.round(rows.length * fraction);
    for (let i = 0; i < k; i++) isHold[rows[i]] = 1;
  }
  const train: number[] = [];
  const holdout: number[] = [];
  for (let i = 0; i < y.length; i++) (isHold[i] ? holdout : train).push(i);
  return { train: Int32Array.from(train), holdout: Int32Array.from(holdout) };
}

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** Stratified k-fold: each class dealt round-robin over folds after a seeded shuffle. */
export function stratifiedKFold(y: ArrayLike<number>, k = 5, seed = 42): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be an integer >= 2 (got ${k})`);
  const fold = new Int32Array(y.length);
  for (const rows of classRows(y, seed)) {
    if (rows.length < k && rows.length > 0 && y[rows[0]] === 1) throw new Error(`only ${rows.length} positives: cannot make ${k} stratified folds`);
    for (let i = 0; i < rows.length; i++) fold[rows[i]] = i % k;
  }
  const out: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < y.length; i++) (fold[i] === f ? te : tr).push(i);
    out.push({ train: Int32Array.from(tr), test: Int32Array.from(te) });
  }
  return out;
}

/** Copy the given rows of a row-major matrix. */
export function takeRows(X: Float32Array, cols: number, idx: Int32Array): Float32Array {
  const out = new Float32Array(idx.length * cols);
  for (let i = 0; i < idx.length; i++) out.set(X.subarray(idx[i] * cols, idx[i] * cols + cols), i * cols);
  return out;
}

export function takeLabels(y: Uint8Array, idx: Int32Array): Uint8Array {
  const out = new Uint8Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]];
  return out;
}
