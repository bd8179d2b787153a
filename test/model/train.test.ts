import { describe, it, expect } from '@jest/globals';
import { trainGbdt, predictMargin, makeRng, fitBins, binOf } from '../../src/model/train/index.js';
import { EnsembleSchema } from '../../src/model/ensemble.js';
import { logLoss } from '../../src/model/evaluate/metrics.js';

/** Small synthetic problem: signal on features 0,1; feature 2 noise; NaNs in feature 3. */
function synth(n: number, seed: number, cols = 4) {
  const rng = makeRng(seed);
  const X = new Float32Array(n * cols);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < cols; f++) X[i * cols + f] = rng() * 4 - 2;
    if (rng() < 0.3) X[i * cols + 3] = NaN;
    const m = -1 + 1.5 * X[i * cols] - X[i * cols + 1] * X[i * cols + 1];
    y[i] = rng() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
  }
  return { X, y, n, cols };
}

const sigmoid = (m: Float64Array) => m.map((v) => 1 / (1 + Math.exp(-v)));

describe('trainGbdt', () => {
  it('learns the signal and returns a valid ensemble whose raw-float predictions match the binned training', () => {
    const d = synth(3000, 1);
    const r = trainGbdt(d.X, d.n, d.cols, d.y, { nEstimators: 40, learningRate: 0.2, maxDepth: 3, seed: 1 }, { trainLoss: true });
    expect(EnsembleSchema.safeParse(r.ensemble).success).toBe(true);
    expect(r.ensemble.trees).toHaveLength(40);
    const m = predictMargin(r.ensemble, d.X, d.n, d.cols);
    // The trainer's own binned loss equals the loss recomputed from thresholds on raw floats.
    expect(logLoss(sigmoid(m), d.y)).toBeCloseTo(r.history[39].trainLogloss!, 10);
    expect(r.history[39].trainLogloss).toBeLessThan(r.history[0].trainLogloss!);
    // Signal features carry the gain, noise does not dominate.
    expect(r.gainImportance[0]).toBeGreaterThan(r.gainImportance[2]);
    expect(r.gainImportance[1]).toBeGreaterThan(r.gainImportance[2]);
  });

  it('is deterministic by seed, and a different seed with subsampling gives different trees', () => {
    const d = synth(2000, 2);
    const p = { nEstimators: 15, subsample: 0.7, colsampleByTree: 0.75, maxDepth: 3 };
    const a = trainGbdt(d.X, d.n, d.cols, d.y, { ...p, seed: 5 });
    const b = trainGbdt(d.X, d.n, d.cols, d.y, { ...p, seed: 5 });
    const c = trainGbdt(d.X, d.n, d.cols, d.y, { ...p, seed: 6 });
    expect(JSON.stringify(a.ensemble)).toBe(JSON.stringify(b.ensemble));
    expect(JSON.stringify(a.ensemble)).not.toBe(JSON.stringify(c.ensemble));
  });

  it('stops early on a validation set and keeps the best iteration', () => {
    const d = synth(1500, 3);
    const v = synth(1500, 4);
    const r = trainGbdt(d.X, d.n, d.cols, d.y, { nEstimators: 500, learningRate: 0.5, maxDepth: 6, maxLeaves: 63, minChildWeight: 0, earlyStoppingRounds: 5 }, { valid: { X: v.X, rows: v.n, y: v.y } });
    expect(r.history.length).toBeLessThan(100);
    expect(r.history.length).toBe(r.bestIteration + 6);
    expect(r.ensemble.trees).toHaveLength(r.bestIteration + 1);
    const best = Math.min(...r.history.map((h) => h.validLogloss!));
    expect(r.history[r.bestIteration].validLogloss).toBe(best);
  });

  it('with a plateau tolerance, stops once the validation loss stops improving by that share, and still keeps the best trees', () => {
    const d = synth(1500, 3);
    const v = synth(1500, 4);
    const p = { nEstimators: 400, learningRate: 0.05, maxDepth: 3, earlyStoppingRounds: 20 };
    const plain = trainGbdt(d.X, d.n, d.cols, d.y, p, { valid: { X: v.X, rows: v.n, y: v.y } });
    const tol = trainGbdt(d.X, d.n, d.cols, d.y, { ...p, earlyStoppingTolerance: 0.002 }, { valid: { X: v.X, rows: v.n, y: v.y } });
    expect(tol.history.length).toBeLessThan(plain.history.length);
    // the trees it ran are the same trees; it keeps the lowest-loss prefix of them
    expect(JSON.stringify(tol.ensemble.trees[0])).toBe(JSON.stringify(plain.ensemble.trees[0]));
    const best = Math.min(...tol.history.map((h) => h.validLogloss!));
    expect(tol.history[tol.bestIteration].validLogloss).toBe(best);
    expect(tol.ensemble.trees).toHaveLength(tol.bestIteration + 1);
    expect(() => trainGbdt(d.X, d.n, d.cols, d.y, { ...p, earlyStoppingTolerance: 1 })).toThrow(/earlyStoppingTolerance/);
  });

  it('reports progress: trees so far and the validation AUC, and a final report when done', () => {
    const d = synth(1500, 3);
    const v = synth(800, 4);
    const seen: Array<{ trees: number; validAuc?: number; done: boolean }> = [];
    const r = trainGbdt(d.X, d.n, d.cols, d.y, { nEstimators: 30, maxDepth: 3 }, { valid: { X: v.X, rows: v.n, y: v.y }, onProgress: (p) => seen.push(p), progressEveryMs: 0 });
    expect(seen.map((p) => p.trees)).toEqual([...Array.from({ length: 30 }, (_, i) => i + 1), 30]);
    expect(seen.map((p) => p.done)).toEqual([...Array.from({ length: 30 }, () => false), true]);
    expect(seen[seen.length - 1].validAuc).toBeGreaterThan(0.7);
    expect(r.history).toHaveLength(30);
  });

  it('a tree limit set while training (even after more trees were grown) gives exactly the model trained with that many trees', () => {
    const d = synth(2000, 7);
    const p = { nEstimators: 200, maxDepth: 3, subsample: 0.8, colsampleByTree: 0.75, seed: 3 };
    const exact = trainGbdt(d.X, d.n, d.cols, d.y, { ...p, nEstimators: 15 });
    const limit = new Int32Array(new SharedArrayBuffer(4));
    const late = trainGbdt(d.X, d.n, d.cols, d.y, p, {
      treeLimit: limit,
      progressEveryMs: 0,
      onProgress: (q) => {
        if (q.trees === 20) Atomics.store(limit, 0, 15);
      },
    });
    expect(JSON.stringify(late.ensemble)).toBe(JSON.stringify(exact.ensemble));
    expect(Array.from(late.gainImportance)).toEqual(Array.from(exact.gainImportance));
    expect(late.params.nEstimators).toBe(15);
    expect(late.history).toHaveLength(15);
    const early = trainGbdt(d.X, d.n, d.cols, d.y, p, { treeLimit: Int32Array.from([15]) });
    expect(JSON.stringify(early.ensemble)).toBe(JSON.stringify(exact.ensemble));
  });

  it('class weighting moves the base score to the weighted positive rate', () => {
    const d = synth(2000, 5);
    const pos = d.y.reduce((a, b) => a + b, 0);
    const plain = trainGbdt(d.X, d.n, d.cols, d.y, { nEstimators: 1 });
    const balanced = trainGbdt(d.X, d.n, d.cols, d.y, { nEstimators: 1, classWeight: 'balanced' });
    const spw = trainGbdt(d.X, d.n, d.cols, d.y, { nEstimators: 1, scalePosWeight: 3 });
    expect(plain.ensemble.baseScore).toBeCloseTo(Math.log(pos / (d.n - pos)), 12);
    expect(balanced.ensemble.baseScore).toBeCloseTo(0, 12);
    expect(spw.ensemble.baseScore).toBeCloseTo(Math.log((3 * pos) / (d.n - pos)), 12);
  });

  it('learns where missing values go: NaN that means "positive" is routed to the positive side', () => {
    const n = 4000;
    const rng = makeRng(9);
    const X = new Float32Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const missing = rng() < 0.3;
      const v = rng() * 10;
      X[i] = missing ? NaN : v;
      // High values and missing both convert; NaN must go to the high (right) side.
      y[i] = rng() < (missing || v > 7 ? 0.8 : 0.1) ? 1 : 0;
    }
    const r = trainGbdt(X, n, 1, y, { nEstimators: 1, maxDepth: 1, learningRate: 1 });
    const t = r.ensemble.trees[0];
    expect(t.feature[0]).toBe(0);
    expect(t.threshold[0]).toBeGreaterThan(6.5);
    expect(t.threshold[0]).toBeLessThan(7.5);
    expect(t.missingLeft[0]).toBe(0);
    const m = predictMargin(r.ensemble, new Float32Array([NaN, 1, 9]), 3, 1);
    expect(m[0]).toBeGreaterThan(m[1]);
    expect(m[0]).toBeCloseTo(m[2], 12);
  });

  it('cover is the hessian sum: each inner node covers its two children', () => {
    const d = synth(1000, 6);
    const r = trainGbdt(d.X, d.n, d.cols, d.y, { nEstimators: 3, maxDepth: 4 });
    for (const t of r.ensemble.trees) {
      for (let i = 0; i < t.feature.length; i++) {
        if (t.feature[i] >= 0) expect(t.cover[t.left[i]] + t.cover[t.right[i]]).toBeCloseTo(t.cover[i], 8);
      }
      const p = d.y.reduce((a, b) => a + b, 0) / d.n;
      if (t === r.ensemble.trees[0]) expect(t.cover[0]).toBeCloseTo(d.n * p * (1 - p), 6);
    }
  });

  it('separates adjacent float32 values with a float32 threshold that decides identically', () => {
    const a = Math.fround(0.1);
    const bits = new Uint32Array(new Float32Array([a]).buffer)[0];
    const b = new Float32Array(new Uint32Array([bits + 1]).buffer)[0];
    const X = new Float32Array(200);
    const y = new Uint8Array(200);
    for (let i = 0; i < 200; i++) {
      X[i] = i % 2 ? b : a;
      y[i] = i % 2;
    }
    const mapper = fitBins(X, 200, 1, 255, 1000, 1);
    const thr = mapper.cuts[0][0];
    expect(Math.fround(thr)).toBe(thr);
    expect(a < thr && !(b < thr)).toBe(true);
    expect(binOf(a, mapper.cuts[0])).toBe(1);
    expect(binOf(b, mapper.cuts[0])).toBe(2);
    const r = trainGbdt(X, 200, 1, y, { nEstimators: 5, learningRate: 0.5, minChildWeight: 0 });
    const m = predictMargin(r.ensemble, X, 200, 1);
    for (let i = 0; i < 200; i++) expect(m[i] > 0).toBe(i % 2 === 1);
  });

  it('rejects bad input with the row and field named', () => {
    const X = new Float32Array([1, 2, 3, 4]);
    expect(() => trainGbdt(X, 2, 2, new Uint8Array([0, 2]))).toThrow(/label at row 1 is 2/);
    expect(() => trainGbdt(new Float32Array([1, Infinity, 3, 4]), 2, 2, new Uint8Array([0, 1]))).toThrow(/row 0, column 1 is Infinity/);
    expect(() => trainGbdt(X, 3, 2, new Uint8Array([0, 1, 1]))).toThrow(/expected rows\*cols/);
    expect(() => trainGbdt(X, 2, 2, new Uint8Array([1, 1]))).toThrow(/need both classes/);
    expect(() => trainGbdt(X, 2, 2, new Uint8Array([0, 1]), { maxBins: 300 })).toThrow(/maxBins/);
    expect(() => trainGbdt(X, 2, 2, new Uint8Array([0, 1]), { classWeight: 'balanced', scalePosWeight: 2 })).toThrow(/either classWeight/);
  });
});
