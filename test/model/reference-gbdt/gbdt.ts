import type { Ensemble, Tree } from '../../../src/model/ensemble.js';
import { binMatrix, fitBins, type BinMapper } from './binning.js';
import { parseGbdtParams, type GbdtParams, type GbdtParamsInput } from '../../../src/model/train/params.js';
import { makeRng, shuffleInPlace } from '../../../src/model/train/rng.js';
import { growTree, makeHistPool } from './tree.js';

export interface Dataset {
  X: Float32Array;
  rows: number;
  y: Uint8Array | Float32Array;
}

export interface TrainOptions {
  /** Validation set for early stopping (same columns). */
  valid?: Dataset;
  /** Per-row sample weights (>= 0), multiplied with class weights. */
  weights?: Float32Array | Float64Array;
}

export interface IterationLog {
  iteration: number;
  trainLogloss: number;
  validLogloss?: number;
}

export interface TrainResult {
  ensemble: Ensemble;
  history: IterationLog[];
  /** 0-based index of the best iteration (ensemble holds bestIteration+1 trees). */
  bestIteration: number;
  /** Total split gain per feature (a cheap importance; SHAP is the one to show users). */
  gainImportance: Float64Array;
  params: GbdtParams;
}

/** Checks shapes and values; errors name the row and column. */
export function validateTrainingData(X: Float32Array, rows: number, cols: number, y: ArrayLike<number>, what = 'training'): void {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1)
    throw new Error(`${what} data: rows and cols must be positive integers (got ${rows} x ${cols})`);
  if (X.length !== rows * cols) throw new Error(`${what} data: X has ${X.length} values, expected rows*cols = ${rows * cols}`);
  if (y.length !== rows) throw new Error(`${what} data: y has ${y.length} labels, expected ${rows}`);
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) throw new Error(`${what} data: label at row ${i} is ${v}; labels must be 0 or 1`);
  }
  for (let k = 0; k < X.length; k++) {
    const v = X[k];
    if (v === Infinity || v === -Infinity)
      throw new Error(`${what} data: row ${Math.floor(k / cols)}, column ${k % cols} is ${v}; use NaN for missing, finite values otherwise`);
  }
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

function logloss(margin: Float64Array, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < margin.length; i++) {
    const m = margin[i];
    // log(1+exp(-m)) for y=1, log(1+exp(m)) for y=0, computed stably
    const z = y[i] === 1 ? -m : m;
    s += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
  return s / margin.length;
}

/** Add one tree's leaf values to margins, walking binned rows. */
function addTreeBinned(tree: Tree, splitBin: number[], bins: Uint8Array, rows: number, cols: number, margin: Float64Array): void {
  const { feature, left, right, missingLeft, value } = tree;
  for (let r = 0; r < rows; r++) {
    let nd = 0;
    const base = r * cols;
    while (feature[nd] !== -1) {
      const b = bins[base + feature[nd]];
      nd = (b === 0 ? missingLeft[nd] === 1 : b <= splitBin[nd]) ? left[nd] : right[nd];
    }
    margin[r] += value[nd];
  }
}

/**
 * Histogram gradient-boosted trees for binary logloss. X is row-major float32 (NaN =
 * missing); thresholds in the result are float32 cut points so the raw-float rule
 * `x < threshold` reproduces the binned decisions exactly.
 */
export function trainGbdt(
  X: Float32Array,
  rows: number,
  cols: number,
  y: Uint8Array | Float32Array,
  paramsIn: GbdtParamsInput = {},
  opts: TrainOptions = {},
): TrainResult {
  const params = parseGbdtParams(paramsIn);
  validateTrainingData(X, rows, cols, y);
  if (opts.valid) validateTrainingData(opts.valid.X, opts.valid.rows, cols, opts.valid.y, 'validation');
  if (opts.weights) {
    if (opts.weights.length !== rows) throw new Error(`weights has ${opts.weights.length} entries, expected ${rows}`);
    for (let i = 0; i < rows; i++) {
      const w = opts.weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`weight at row ${i} is ${w}; weights must be finite and >= 0`);
    }
  }

  // Row weights = sample weight * class weight.
  let nPos = 0;
  for (let i = 0; i < rows; i++) nPos += y[i];
  if (nPos === 0 || nPos === rows) throw new Error(`training data has ${nPos} positives out of ${rows} rows; need both classes`);
  let wPos = params.scalePosWeight;
  let wNeg = 1;
  if (params.classWeight === 'balanced') {
    wPos = rows / (2 * nPos);
    wNeg = rows / (2 * (rows - nPos));
  }
  const w = new Float64Array(rows);
  let sw1 = 0;
  let sw0 = 0;
  for (let i = 0; i < rows; i++) {
    const wi = (y[i] === 1 ? wPos : wNeg) * (opts.weights ? opts.weights[i] : 1);
    w[i] = wi;
    if (y[i] === 1) sw1 += wi;
    else sw0 += wi;
  }
  if (sw1 <= 0 || sw0 <= 0) throw new Error('weights leave one class with zero total weight');
  const baseScore = Math.log(sw1 / sw0);

  const mapper: BinMapper = fitBins(X, rows, cols, params.maxBins, params.binSampleSize, params.seed);
  const bins = binMatrix(X, rows, cols, mapper);
  const valid = opts.valid;
  const vBins = valid ? binMatrix(valid.X, valid.rows, cols, mapper) : undefined;

  const margin = new Float64Array(rows).fill(baseScore);
  const vMargin = valid ? new Float64Array(valid.rows).fill(baseScore) : undefined;
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  const idx = new Int32Array(rows);
  const allFeats = new Int32Array(cols).map((_, i) => i);
  const nColTree = Math.max(1, Math.round(params.colsampleByTree * cols));
  const rng = makeRng(params.seed);
  const gainImportance = new Float64Array(cols);
  const pool = makeHistPool(cols);

  const trees: Tree[] = [];
  const history: IterationLog[] = [];
  let best = Infinity;
  let bestIteration = 0;

  for (let it = 0; it < params.nEstimators; it++) {
    for (let i = 0; i < rows; i++) {
      const p = sigmoid(margin[i]);
      grad[i] = (p - y[i]) * w[i];
      hess[i] = Math.max(p * (1 - p), 1e-16) * w[i];
    }
    // Row subsample (Bernoulli, seeded) and column subsample per tree.
    let n = 0;
    if (params.subsample < 1) {
      for (let i = 0; i < rows; i++) if (rng() < params.subsample) idx[n++] = i;
      if (n < 2) for (n = 0; n < rows; n++) idx[n] = n;
    } else {
      for (n = 0; n < rows; n++) idx[n] = n;
    }
    let feats = allFeats;
    if (nColTree < cols) {
      const perm = allFeats.slice();
      shuffleInPlace(perm, rng);
      feats = perm.subarray(0, nColTree).slice().sort();
    }
    const { tree, splitBin } = growTree(bins, cols, mapper, idx, n, grad, hess, feats, params, gainImportance, pool);
    trees.push(tree);
    addTreeBinned(tree, splitBin, bins, rows, cols, margin);
    const log: IterationLog = { iteration: it, trainLogloss: logloss(margin, y) };
    if (valid && vBins && vMargin) {
      addTreeBinned(tree, splitBin, vBins, valid.rows, cols, vMargin);
      log.validLogloss = logloss(vMargin, valid.y);
      if (log.validLogloss < best - 1e-12) {
        best = log.validLogloss;
        bestIteration = it;
      }
    } else {
      bestIteration = it;
    }
    history.push(log);
    if (valid && params.earlyStoppingRounds !== undefined && it - bestIteration >= params.earlyStoppingRounds) break;
  }
  const kept = valid && params.earlyStoppingRounds !== undefined ? trees.slice(0, bestIteration + 1) : trees;
  return { ensemble: { nFeatures: cols, baseScore, trees: kept }, history, bestIteration, gainImportance, params };
}
