import { describe, it, expect } from '@jest/globals';
import {
  rocAuc, averagePrecision, logLoss, brier, atThreshold, liftTable, calibrationTable,
  maxF1Threshold, capacityThreshold, stratifiedKFold, stratifiedHoldout, meanSd, runExperiment, rocCurve,
} from '../../src/model/evaluate/index.js';
import { makeRng } from '../../src/model/train/index.js';

describe('metrics (hand-computed cases)', () => {
  it('ROC-AUC, with ties counted one half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBeCloseTo(0.5, 12);
    expect(rocAuc([0.2, 0.5, 0.5, 0.9], [0, 1, 0, 1])).toBeCloseTo(0.875, 12);
    expect(rocAuc([3, 2, 1], [1, 0, 0])).toBe(1);
    expect(rocAuc([1, 2], [1, 1])).toBeNaN();
  });

  it('average precision, log loss, Brier', () => {
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.8333333333, 9);
    expect(logLoss([0.8, 0.3], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(logLoss([0, 1], [1, 0])).toBeCloseTo(-Math.log(1e-15), 2); // clipped, not Infinity
    expect(brier([0.8, 0.3], [1, 0])).toBeCloseTo(0.065, 12);
  });

  it('precision/recall/F1 and share predicted positive at a threshold', () => {
    const m = atThreshold([0.9, 0.8, 0.7, 0.6, 0.2], [1, 0, 1, 0, 0], 0.7);
    expect(m).toMatchObject({ tp: 2, fp: 1, fn: 0, tn: 2, recall: 1, sharePredictedPositive: 0.6 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(0.8, 12);
  });

  it('lift and recall in the top share', () => {
    const s = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const y = [1, 1, 0, 0, 0, 0, 0, 0, 0, 1];
    const [t10, t20] = liftTable(s, y, [0.1, 0.2]);
    expect(t10).toMatchObject({ accounts: 1, positives: 1, precision: 1 });
    expect(t10.lift).toBeCloseTo(1 / 0.3, 12);
    expect(t10.recall).toBeCloseTo(1 / 3, 12);
    expect(t20.recall).toBeCloseTo(2 / 3, 12);
    expect(() => liftTable(s, y, [0])).toThrow(/fraction/);
  });

  it('calibration table bins by predicted probability', () => {
    const p = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];
    const y = [0, 0, 0, 1, 0, 1, 1, 0, 1, 1];
    const t = calibrationTable(p, y, 2);
    expect(t).toHaveLength(2);
    expect(t[0]).toMatchObject({ bin: 1, count: 5, minPredicted: 0.05, maxPredicted: 0.45 });
    expect(t[0].meanPredicted).toBeCloseTo(0.25, 12);
    expect(t[0].observedRate).toBeCloseTo(0.2, 12);
    expect(t[1].observedRate).toBeCloseTo(0.8, 12);
  });

  it('thresholds: max F1 from the PR curve, or a capacity of top N accounts', () => {
    const s = [0.9, 0.8, 0.7, 0.6, 0.2];
    const y = [1, 0, 1, 0, 0];
    const f = maxF1Threshold(s, y);
    expect(f.threshold).toBe(0.7);
    expect(f.f1).toBeCloseTo(0.8, 12);
    const c = capacityThreshold(s, y, 2);
    expect(c).toMatchObject({ threshold: 0.8, accounts: 2, precision: 0.5, recall: 0.5 });
    expect(() => capacityThreshold(s, y, 0)).toThrow(/capacity/);
  });

  it('names the row of a bad label or score', () => {
    expect(() => rocAuc([0.1, 0.2], [0, 3])).toThrow(/label at row 1 is 3/);
    expect(() => rocAuc([0.1, NaN], [0, 1])).toThrow(/score at row 1 is NaN/);
    expect(() => rocAuc([0.1], [0, 1])).toThrow(/1 rows but labels has 2/);
  });

  it('ROC curve runs from (0,0) to (1,1)', () => {
    const c = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(c[0]).toEqual({ x: 0, y: 0 });
    expect(c[c.length - 1]).toEqual({ x: 1, y: 1 });
  });
});

describe('cross-validation splits', () => {
  const y = new Uint8Array(1000).map((_, i) => (i % 20 === 0 ? 1 : 0)); // 50 positives

  it('stratified k-fold: folds partition the rows with the same share of positives, deterministically', () => {
    const folds = stratifiedKFold(y, 5, 1);
    const seen = new Uint8Array(1000);
    for (const f of folds) {
      expect(f.test.length).toBe(200);
      expect(f.train.length).toBe(800);
      let pos = 0;
      for (const i of f.test) {
        seen[i]++;
        pos += y[i];
      }
      expect(pos).toBe(10);
    }
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(stratifiedKFold(y, 5, 1)[2].test).toEqual(folds[2].test);
    expect(stratifiedKFold(y, 5, 2)[2].test).not.toEqual(folds[2].test);
    expect(() => stratifiedKFold(new Uint8Array([1, 1, 0, 0, 0, 0]), 5)).toThrow(/only 2 positives/);
  });

  it('stratified holdout keeps the positive rate', () => {
    const { train, holdout } = stratifiedHoldout(y, 0.2, 3);
    expect(holdout.length).toBe(200);
    expect(train.length).toBe(800);
    expect(Array.from(holdout).reduce((a, i) => a + y[i], 0)).toBe(10);
  });

  it('mean ± sample sd', () => {
    const m = meanSd([1, 2, 3]);
    expect(m.mean).toBe(2);
    expect(m.sd).toBeCloseTo(1, 12);
  });
});

describe('runExperiment', () => {
  it('reports CV and holdout for GBDT beside the logistic and base-rate baselines', () => {
    const rng = makeRng(11);
    const rows = 3000;
    const cols = 3;
    const X = new Float32Array(rows * cols);
    const y = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      const a = rng() * 4 - 2;
      const b = rng() * 4 - 2;
      X.set([a, b, rng() < 0.2 ? NaN : rng()], i * cols);
      // Non-linear signal: logistic regression cannot draw a ring.
      y[i] = rng() < (a * a + b * b < 1.2 ? 0.6 : 0.05) ? 1 : 0;
    }
    const r = runExperiment(X, rows, cols, y, { folds: 3, params: { learningRate: 0.2, maxDepth: 3, nEstimators: 200 }, earlyStoppingRounds: 10 });
    expect(r.gbdt.folds).toHaveLength(3);
    expect(r.holdoutRows.length).toBe(600);
    expect(r.gbdt.summary.rocAuc.mean).toBeGreaterThan(0.8);
    expect(r.gbdt.summary.rocAuc.mean).toBeGreaterThan(r.logistic.summary.rocAuc.mean + 0.1);
    expect(r.baseRate.holdout.rocAuc).toBe(0.5);
    expect(r.gbdt.holdout.rocAuc).toBeGreaterThan(0.8);
    expect(r.final.ensemble.trees).toHaveLength(r.finalTrees);
    expect(r.gbdt.bestIterations.every((n) => n < 200)).toBe(true);
  });
});
