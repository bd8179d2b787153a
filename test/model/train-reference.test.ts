import { describe, it, expect } from '@jest/globals';
import { trainGbdt, makeRng, type GbdtParamsInput, type TrainOptions } from '../../src/model/train/index.js';
import { sortFloat32 } from '../../src/model/train/binning.js';
import { trainGbdt as referenceTrainGbdt } from './reference-gbdt/gbdt.js';

/**
 * Mixed columns: gaussian, small integers, a 0/1 one-hot group, a constant, one with 30% NaN whose
 * missingness predicts the label, and one with many repeated values.
 */
function mixed(n: number, seed: number) {
  const cols = 12;
  const rng = makeRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  const X = new Float32Array(n * cols);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * cols;
    X[o] = gauss();
    X[o + 1] = gauss();
    X[o + 2] = Math.floor(rng() * 6);
    const cat = Math.floor(rng() * 3);
    X[o + 3] = cat === 0 ? 1 : 0;
    X[o + 4] = cat === 1 ? 1 : 0;
    X[o + 5] = cat === 2 ? 1 : 0;
    X[o + 6] = 7;
    const miss = rng() < 0.3;
    X[o + 7] = miss ? NaN : gauss();
    X[o + 8] = Math.round(gauss() * 3) / 3;
    for (let f = 9; f < cols; f++) X[o + f] = rng() < 0.05 ? NaN : gauss();
    const m = -2 + X[o] + 0.7 * X[o + 1] * X[o + 2] * 0.3 + (cat === 1 ? 0.8 : 0) + (miss ? 0.9 : 0.2 * X[o + 7]) + 0.3 * Math.sin(3 * X[o + 8]);
    y[i] = rng() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
  }
  return { X, y, n, cols };
}

function same(params: GbdtParamsInput, opts: (d: ReturnType<typeof mixed>) => TrainOptions = () => ({}), n = 3000) {
  const d = mixed(n, 11);
  const o = opts(d);
  const fast = trainGbdt(d.X, d.n, d.cols, d.y, params, { ...o, trainLoss: true });
  const ref = referenceTrainGbdt(d.X, d.n, d.cols, d.y, params, o);
  expect(fast.ensemble.trees.length).toBe(ref.ensemble.trees.length);
  // Bit-identical trees: every split feature, threshold, default direction, leaf value and cover.
  expect(JSON.stringify(fast.ensemble)).toBe(JSON.stringify(ref.ensemble));
  expect(fast.bestIteration).toBe(ref.bestIteration);
  expect(Array.from(fast.gainImportance)).toEqual(Array.from(ref.gainImportance));
  expect(fast.history.map((h) => h.validLogloss)).toEqual(ref.history.map((h) => h.validLogloss));
  fast.history.forEach((h, i) => expect(h.trainLogloss).toBeCloseTo(ref.history[i].trainLogloss, 12));
  // without the training loss (the default) the trees are the same
  const quiet = trainGbdt(d.X, d.n, d.cols, d.y, params, o);
  expect(JSON.stringify(quiet.ensemble)).toBe(JSON.stringify(ref.ensemble));
  expect(quiet.history[0].trainLogloss).toBeUndefined();
  return fast;
}

describe('the fast trainer grows the same trees as the reference trainer', () => {
  it('deep leaf-wise trees with row and column subsampling', () => {
    same({ nEstimators: 40, maxDepth: 6, maxLeaves: 40, subsample: 0.8, colsampleByTree: 0.7, learningRate: 0.1, seed: 3 });
  });

  it('every row and column, depth-limited, the shipped model shape (8 leaves, depth 4, min child weight, lambda)', () => {
    same({ nEstimators: 30, maxDepth: 4, maxLeaves: 8, minChildWeight: 20, lambdaL2: 10, learningRate: 0.1, subsample: 1, colsampleByTree: 1, seed: 4 });
  });

  it('early stopping on a validation set, balanced class weights and row weights', () => {
    const r = same(
      { nEstimators: 400, maxDepth: 5, maxLeaves: 24, learningRate: 0.3, classWeight: 'balanced', subsample: 0.9, colsampleByTree: 0.8, earlyStoppingRounds: 8, seed: 5 },
      () => {
        const v = mixed(1500, 12);
        const w = new Float64Array(3000);
        const rng = makeRng(1);
        for (let i = 0; i < w.length; i++) w[i] = 0.5 + rng();
        return { valid: { X: v.X, rows: v.n, y: v.y }, weights: w };
      },
    );
    expect(r.ensemble.trees.length).toBeLessThan(400);
  });

  it('few bins from a sampled quantile sketch, minimum split gain', () => {
    same({ nEstimators: 25, maxBins: 16, binSampleSize: 500, minSplitGain: 0.5, maxDepth: 6, maxLeaves: 64, subsample: 0.7, seed: 6 }, undefined, 4000);
  });
});

describe('sortFloat32', () => {
  it('orders floats exactly as Float32Array.prototype.sort does (-0 before +0, denormals, extremes, ties)', () => {
    const rng = makeRng(3);
    for (let t = 0; t < 100; t++) {
      const n = Math.floor(rng() * 2000);
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng();
        a[i] = u < 0.1 ? -0 : u < 0.2 ? 0 : u < 0.3 ? Math.floor(rng() * 5) - 2 : u < 0.35 ? 3.4e38 * (rng() - 0.5) : u < 0.4 ? 1e-42 * (rng() - 0.5) : (rng() - 0.5) * 1000;
      }
      const expected = new Uint32Array(a.slice().sort().buffer);
      const got = new Uint32Array(sortFloat32(a.slice(), n, new Uint32Array(n)).slice().buffer);
      expect(Array.from(got)).toEqual(Array.from(expected));
    }
  });
});
