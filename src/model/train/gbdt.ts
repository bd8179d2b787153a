import type { Ensemble, Tree } from '../ensemble.js';
import { binMatrix, fitBins, type BinMapper } from './binning.js';
import { binStride } from './histogram.js';
import { rocAuc } from '../evaluate/metrics.js';
import { parseGbdtParams, type GbdtParams, type GbdtParamsInput } from './params.js';
import { makeRng, shuffleInPlace } from './rng.js';
import { growTree, HistPool } from './tree.js';
import { sigmoid } from '../calibrate/probability.js';

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
  /**
   * One Int32 cell (on a SharedArrayBuffer when another thread sets it): when > 0, the model keeps at
   * most that many trees and training stops on reaching it. Lets a thread that is still deciding the
   * tree count (CV folds) fix it while this model trains. The first N trees of a longer run are the
   * trees an N-tree run grows, so the result equals training with nEstimators = N. If it is still 0
   * after nEstimators trees, training waits for it (Atomics.notify after setting it).
   */
  treeLimit?: Int32Array;
  /** Record the training log loss after each tree in history (default false). */
  trainLoss?: boolean;
  /** Called at most every progressEveryMs (and after the last tree) while training. */
  onProgress?: (p: TrainProgress) => void;
  /** default 2000 */
  progressEveryMs?: number;
}

export interface TrainProgress {
  /** trees grown so far */
  trees: number;
  /** trees the model would keep if training stopped now */
  bestTrees: number;
  /** validation ROC-AUC of the trees grown so far (when a validation set is given) */
  validAuc?: number;
  validLogloss?: number;
  done: boolean;
}

export interface IterationLog {
  iteration: number;
  /** with TrainOptions.trainLoss only (it costs a log per row per tree) */
  trainLogloss?: number;
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

/** Mean binary log loss of margins, computed stably. */
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

/** Add one tree's leaf values to the margins of the listed rows (all rows when rowList is null), walking binned rows. */
function addTreeBinned(tree: Tree, splitBin: number[], bins: Uint8Array, rowList: Int32Array | null, rows: number, stride: number, margin: Float64Array): void {
  const { feature, left, right, missingLeft, value } = tree;
  for (let k = 0; k < rows; k++) {
    const r = rowList ? rowList[k] : k;
    let nd = 0;
    const base = r * stride;
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
  const stride = binStride(cols);
  const bins = binMatrix(X, rows, cols, mapper, stride);
  const valid = opts.valid;
  const vBins = valid ? binMatrix(valid.X, valid.rows, cols, mapper, stride) : undefined;

  const margin = new Float64Array(rows).fill(baseScore);
  const vMargin = valid ? new Float64Array(valid.rows).fill(baseScore) : undefined;
  // (grad, hess) of row r at gh[2r], gh[2r+1]: one cache line serves both in the histogram loop.
  const gh = new Float64Array(2 * rows);
  const idx = new Int32Array(rows);
  // rows left out of this tree's subsample (their margins are updated by walking the tree)
  const rest = new Int32Array(rows);
  const allFeats = new Int32Array(cols).map((_, i) => i);
  const nColTree = Math.max(1, Math.round(params.colsampleByTree * cols));
  const rng = makeRng(params.seed);
  const gainImportance = new Float64Array(cols);
  const pool = new HistPool(mapper.nBins, stride);

  const trees: Tree[] = [];
  const history: IterationLog[] = [];
  let best = Infinity;
  let bestIteration = 0;
  // Last iteration that improved on bestSignificant by more than the tolerance: the stopping clock.
  let bestSignificant = Infinity;
  let lastSignificant = 0;
  const tol = params.earlyStoppingTolerance;
  const trainLoss = opts.trainLoss === true;
  const progressEvery = opts.progressEveryMs ?? 2000;
  let lastProgress = Date.now();
  const report = (trees: number, done: boolean) => {
    if (!opts.onProgress) return;
    const last = history[history.length - 1];
    opts.onProgress({
      trees,
      bestTrees: bestIteration + 1,
      validAuc: valid && vMargin ? rocAuc(vMargin, valid.y) : undefined,
      validLogloss: last?.validLogloss,
      done,
    });
  };

  // cumulative gain importance after each tree, to cut back to a tree limit set late
  const gainSoFar: Float64Array[] | undefined = opts.treeLimit ? [] : undefined;
  const limitNow = () => (opts.treeLimit ? Atomics.load(opts.treeLimit, 0) : 0);
  for (let it = 0; it < params.nEstimators; it++) {
    const limit = limitNow();
    if (limit > 0 && it >= limit) break;
    // Gradients of the current margins, and (same exp) the training loss after the previous tree.
    if (trainLoss) {
      let loss = 0;
      for (let i = 0; i < rows; i++) {
        const m = margin[i];
        const ex = Math.exp(-m);
        const p = 1 / (1 + ex); // sigmoid(m), reusing e^-m for the loss
        const yi = y[i];
        gh[2 * i] = (p - yi) * w[i];
        gh[2 * i + 1] = Math.max(p * (1 - p), 1e-16) * w[i];
        // -log p = log1p(e^-m); -log(1-p) = m + log1p(e^-m)
        loss += ex === Infinity ? (yi === 1 ? -m : 0) : yi === 1 ? Math.log1p(ex) : m + Math.log1p(ex);
      }
      if (it > 0) history[it - 1].trainLogloss = loss / rows;
    } else {
      for (let i = 0; i < rows; i++) {
        const p = sigmoid(margin[i]);
        gh[2 * i] = (p - y[i]) * w[i];
        gh[2 * i + 1] = Math.max(p * (1 - p), 1e-16) * w[i];
      }
    }
    // Row subsample (Bernoulli, seeded) and column subsample per tree.
    let n = 0;
    let nRest = 0;
    if (params.subsample < 1) {
      for (let i = 0; i < rows; i++) {
        if (rng() < params.subsample) idx[n++] = i;
        else rest[nRest++] = i;
      }
      if (n < 2) {
        for (n = 0; n < rows; n++) idx[n] = n;
        nRest = 0;
      }
    } else {
      for (n = 0; n < rows; n++) idx[n] = n;
    }
    let feats = allFeats;
    if (nColTree < cols) {
      const perm = allFeats.slice();
      shuffleInPlace(perm, rng);
      feats = perm.subarray(0, nColTree).slice().sort();
    }
    const { tree, splitBin, nodeStart, nodeEnd } = growTree(bins, stride, mapper, idx, n, gh, feats, params, gainImportance, pool);
    trees.push(tree);
    if (gainSoFar) gainSoFar.push(gainImportance.slice());
    // The tree's rows already sit in their leaves' ranges of idx; only the others walk the tree.
    const value = tree.value;
    for (let nd = 0; nd < value.length; nd++) {
      if (tree.feature[nd] !== -1) continue;
      const v = value[nd];
      for (let k = nodeStart[nd], e = nodeEnd[nd]; k < e; k++) margin[idx[k]] += v;
    }
    if (nRest > 0) addTreeBinned(tree, splitBin, bins, rest, nRest, stride, margin);
    const log: IterationLog = { iteration: it }; // trainLogloss: filled in with the next gradients
    if (valid && vBins && vMargin) {
      addTreeBinned(tree, splitBin, vBins, null, valid.rows, stride, vMargin);
      log.validLogloss = logloss(vMargin, valid.y);
      if (log.validLogloss < best - 1e-12) {
        best = log.validLogloss;
        bestIteration = it;
      }
      if (bestSignificant === Infinity || log.validLogloss < bestSignificant - Math.max(1e-12, tol * bestSignificant)) {
        bestSignificant = log.validLogloss;
        lastSignificant = it;
      }
    } else {
      bestIteration = it;
    }
    history.push(log);
    if (valid && params.earlyStoppingRounds !== undefined && it - lastSignificant >= params.earlyStoppingRounds) break;
    if (opts.onProgress && Date.now() - lastProgress >= progressEvery) {
      report(it + 1, false);
      lastProgress = Date.now();
    }
  }
  if (trainLoss && history.length > 0) history[history.length - 1].trainLogloss = logloss(margin, y);
  // All nEstimators trees grown before the count was fixed: wait for it (the other thread sets it and notifies).
  if (opts.treeLimit && limitNow() === 0) Atomics.wait(opts.treeLimit, 0, 0);
  const limit = limitNow();
  if (limit > 0 && trees.length > limit) {
    trees.length = limit;
    history.length = limit;
    gainImportance.set(gainSoFar![limit - 1]);
    bestIteration = limit - 1;
    if (valid) {
      let b = Infinity;
      history.forEach((h, i) => {
        if (h.validLogloss! < b - 1e-12) {
          b = h.validLogloss!;
          bestIteration = i;
        }
      });
    }
  }
  if (limit > 0) params.nEstimators = Math.min(params.nEstimators, limit);
  report(trees.length, true);
  const kept = valid && params.earlyStoppingRounds !== undefined ? trees.slice(0, bestIteration + 1) : trees;
  return { ensemble: { nFeatures: cols, baseScore, trees: kept }, history, bestIteration, gainImportance, params };
}
