/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect, afterAll } from '@jest/globals';
import { exportOnnx } from '../../src/model/onnx/export.js';
import { loadModel, type LoadedModel } from '../../src/model/score/load.js';
import { scoreMatrix } from '../../src/model/score/score.js';
import { predictMarginTs } from '../../src/model/score/predict-ts.js';
import { sigmoid } from '../../src/model/calibrate/index.js';
import type { Ensemble } from '../../src/model/ensemble.js';
import { randomEnsemble, randomMatrix } from '../fixtures/models/random-ensemble.js';

const loaded: LoadedModel[] = [];
async function load(bytes: Uint8Array): Promise<LoadedModel> {
  const m = await loadModel(bytes);
  loaded.push(m);
  return m;
}
afterAll(async () => {
  for (const m of loaded) await m.session.release();
});

const stump = (left: number, right: number, baseScore: number): Ensemble => ({
  nFeatures: 1,
  baseScore,
  trees: [{ feature: [0, -1, -1], threshold: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], missingLeft: [1, 0, 0], value: [0, left, right], cover: [10, 6, 4] }],
});

describe('exportOnnx + onnxruntime', () => {
  it.each([
    ['mixed-sign leaves', -0.7, 0.4, 0.25],
    ['all-positive leaves (onnxruntime treats these specially)', 0.2, 0.9, 0.25],
    ['negative base score', 0.3, 1.5, -3.4],
  ])('probabilities are [1-p, p] with p = sigmoid(base + leaves): %s', async (_n, l, r, b) => {
    const m = await load(exportOnnx(stump(l, r, b), { featureNames: ['x'] }));
    const res = await scoreMatrix(m, new Float32Array([0, 1, NaN]), 3);
    const expected = [sigmoid(b + l), sigmoid(b + r), sigmoid(b + l)];
    res.probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
    res.margins.forEach((mm, i) => expect(mm).toBeCloseTo([b + l, b + r, b + l][i], 4));
  });

  it('matches the TypeScript prediction to 1e-5 on 10,000 rows with NaN (both NaN directions)', async () => {
    const F = 12;
    const ens = randomEnsemble({ trees: 60, depth: 6, features: F, seed: 7 });
    const names = Array.from({ length: F }, (_, i) => `feat_${i}`);
    const m = await load(exportOnnx(ens, { featureNames: names }));
    const rows = 10_000;
    const X = randomMatrix(rows, F, 99, 0.15);
    const { probabilities, margins } = await scoreMatrix(m, X, rows, { batchRows: 3000 });
    const ref = predictMarginTs(ens, X, rows, F);
    let maxP = 0, maxM = 0;
    for (let i = 0; i < rows; i++) {
      maxP = Math.max(maxP, Math.abs(probabilities[i] - sigmoid(ref[i])));
      maxM = Math.max(maxM, Math.abs(margins[i] - ref[i]));
    }
    expect(maxP).toBeLessThan(1e-5);
    expect(maxM).toBeLessThan(1e-3);
    // The imported trees predict exactly what the original does.
    const again = predictMarginTs(m.ensemble, X, rows, F);
    for (let i = 0; i < rows; i++) expect(Math.abs(again[i] - ref[i])).toBeLessThan(1e-5);
  });

  it('keeps the double-precision routing when thresholds are not float32 values', async () => {
    const ens = stump(-1, 1, 0);
    ens.trees[0].threshold[0] = 0.1; // fround(0.1) > 0.1, so x = fround(0.1) must go right
    const m = await load(exportOnnx(ens, { featureNames: ['x'] }));
    const X = new Float32Array([Math.fround(0.1), 0.09999999, 0.1000001]);
    const { margins } = await scoreMatrix(m, X, 3);
    const ref = predictMarginTs(ens, X, 3, 1);
    margins.forEach((mm, i) => expect(mm).toBeCloseTo(ref[i], 4));
    expect(ref[0]).toBe(1);
  });

  it('round-trips feature names, metadata, score scale and covers', async () => {
    const ens = randomEnsemble({ trees: 5, depth: 4, features: 3, seed: 3 });
    const bytes = exportOnnx(ens, {
      featureNames: ['AnnualRevenue', 'Series B raised', 'Contacts (ATL) 😀'],
      metadata: { 'account_score.model_version': '2024.06.1', 'account_score.score_scale': JSON.stringify({ offset: 60, factor: 12.5 }), 'account_score.metrics': '{"auc":0.91}' },
    });
    const m = await load(bytes);
    expect(m.featureNames).toEqual(['AnnualRevenue', 'Series B raised', 'Contacts (ATL) 😀']);
    expect(m.modelVersion).toBe('2024.06.1');
    expect(m.scoreScale).toEqual({ offset: 60, factor: 12.5 });
    expect(m.metadata['account_score.metrics']).toBe('{"auc":0.91}');
    expect(m.coversSource).toBe('metadata');
    expect(m.normalised).toBe(false);
    m.ensemble.trees.forEach((t, i) => t.cover.forEach((c, j) => expect(c).toBeCloseTo(ens.trees[i].cover[j], 3)));
  });

  it('rejects an ensemble that does not fit its feature names', () => {
    expect(() => exportOnnx(stump(0, 1, 0), { featureNames: ['a', 'b'] })).toThrow(/2 feature names given for an ensemble with 1 features/);
  });

  it('refuses a batch whose width does not match the model', async () => {
    const m = await load(exportOnnx(stump(0, 1, 0), { featureNames: ['x'] }));
    await expect(scoreMatrix(m, new Float32Array(5), 2)).rejects.toThrow(/takes 1 features per row; got 5 values for 2 rows/);
  });
});

describe('parity with the trainer', () => {
  it('ONNX probabilities equal the trained ensemble prediction to 1e-5 on 10,000 rows with NaN; SHAP adds up', async () => {
    const { trainGbdt, predictMargin } = await import('../../src/model/train/index.js');
    const { treeShap } = await import('../../src/model/shap/tree-shap.js');
    const F = 10, n = 4000;
    const X = randomMatrix(n, F, 5, 0.2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const a = X[i * F], b = X[i * F + 1];
      const z = (Number.isNaN(a) ? 1 : a - 5) * 0.6 + (Number.isNaN(b) ? -1 : b > 7 ? 1.5 : 0) + Math.sin(i) * 0.8;
      y[i] = z > 1 ? 1 : 0;
    }
    const { ensemble } = trainGbdt(X, n, F, y, { seed: 1, nEstimators: 60, learningRate: 0.2 });
    const m = await load(exportOnnx(ensemble, { featureNames: Array.from({ length: F }, (_, i) => `f${i}`) }));
    const rows = 10_000;
    const Xt = randomMatrix(rows, F, 77, 0.2);
    const { probabilities } = await scoreMatrix(m, Xt, rows);
    const ref = predictMargin(ensemble, Xt, rows, F);
    let worst = 0;
    for (let i = 0; i < rows; i++) worst = Math.max(worst, Math.abs(probabilities[i] - sigmoid(ref[i])));
    expect(worst).toBeLessThan(1e-5);
    const phi = treeShap(m.ensemble, Xt.subarray(0, 500 * F), 500, F);
    const mTs = predictMarginTs(m.ensemble, Xt, 500, F);
    for (let r = 0; r < 500; r++) {
      let s = 0;
      for (let k = 0; k <= F; k++) s += phi[r * (F + 1) + k];
      expect(Math.abs(s - mTs[r])).toBeLessThan(1e-6);
    }
  });
});
