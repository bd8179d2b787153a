import { describe, it, expect } from '@jest/globals';
import { treeShap, compileTreeShap, globalImportance } from '../../src/model/shap/tree-shap.js';
import { predictMarginTs } from '../../src/model/score/predict-ts.js';
import type { Ensemble, Tree } from '../../src/model/ensemble.js';
import { randomEnsemble, randomMatrix } from '../fixtures/models/random-ensemble.js';

/** E[f(x) | x_S]: follow x on features in S, otherwise average children by cover. */
function condExpectation(ens: Ensemble, x: ArrayLike<number>, inS: boolean[]): number {
  const walk = (t: Tree, i: number): number => {
    const f = t.feature[i];
    if (f < 0) return t.value[i];
    const l = t.left[i], r = t.right[i];
    if (inS[f]) {
      const v = x[f];
      return v < t.threshold[i] || (Number.isNaN(v) && t.missingLeft[i] === 1) ? walk(t, l) : walk(t, r);
    }
    return (t.cover[l] * walk(t, l) + t.cover[r] * walk(t, r)) / t.cover[i];
  };
  return ens.baseScore + ens.trees.reduce((s, t) => s + walk(t, 0), 0);
}

/** Shapley values by enumerating every subset of the F features. */
function bruteForceShap(ens: Ensemble, x: ArrayLike<number>): number[] {
  const F = ens.nFeatures;
  const fact = [1];
  for (let i = 1; i <= F; i++) fact.push(fact[i - 1] * i);
  const phi = new Array(F).fill(0);
  for (let mask = 0; mask < 1 << F; mask++) {
    const inS = Array.from({ length: F }, (_, j) => ((mask >> j) & 1) === 1);
    const s = inS.filter(Boolean).length;
    const vS = condExpectation(ens, x, inS);
    for (let k = 0; k < F; k++) {
      if (inS[k]) continue;
      const withK = inS.slice();
      withK[k] = true;
      const w = (fact[s] * fact[F - s - 1]) / fact[F];
      phi[k] += w * (condExpectation(ens, x, withK) - vS);
    }
  }
  return phi;
}

describe('TreeSHAP', () => {
  it('matches brute-force Shapley values on a 5-feature model (repeated features, NaN both ways)', () => {
    const F = 5;
    const ens = randomEnsemble({ trees: 8, depth: 5, features: F, seed: 11, backgroundRows: 500 });
    const rows = 40;
    const X = randomMatrix(rows, F, 12, 0.2);
    const phi = treeShap(ens, X, rows, F);
    const expected = condExpectation(ens, X, new Array(F).fill(false));
    for (let r = 0; r < rows; r++) {
      const bf = bruteForceShap(ens, X.subarray(r * F, (r + 1) * F));
      for (let k = 0; k < F; k++) expect(phi[r * (F + 1) + k]).toBeCloseTo(bf[k], 9);
      expect(phi[r * (F + 1) + F]).toBeCloseTo(expected, 9);
    }
  });

  it('matches brute force when covers do not add up (imported models with rounded covers)', () => {
    const F = 4;
    const ens = randomEnsemble({ trees: 4, depth: 4, features: F, seed: 5, backgroundRows: 300 });
    for (const t of ens.trees) t.cover = t.cover.map((c, i) => c * (1 + 0.1 * Math.sin(i)));
    const X = randomMatrix(10, F, 6, 0.2);
    const phi = treeShap(ens, X, 10, F);
    for (let r = 0; r < 10; r++) {
      const bf = bruteForceShap(ens, X.subarray(r * F, (r + 1) * F));
      for (let k = 0; k < F; k++) expect(phi[r * (F + 1) + k]).toBeCloseTo(bf[k], 9);
    }
  });

  it('contributions plus expected value equal the raw margin on every row (1e-6)', () => {
    const F = 20;
    const ens = randomEnsemble({ trees: 150, depth: 6, features: F, seed: 21 });
    const rows = 3000;
    const X = randomMatrix(rows, F, 22, 0.15);
    const phi = treeShap(compileTreeShap(ens), X, rows, F);
    const margin = predictMarginTs(ens, X, rows, F);
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let k = 0; k <= F; k++) s += phi[r * (F + 1) + k];
      worst = Math.max(worst, Math.abs(s - margin[r]));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('gives zero to features the model never splits on, and ranks global importance', () => {
    const ens: Ensemble = {
      nFeatures: 3,
      baseScore: 0,
      trees: [{ feature: [1, -1, -1], threshold: [5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], missingLeft: [0, 0, 0], value: [0, -1, 1], cover: [100, 50, 50] }],
    };
    const X = new Float32Array([0, 1, 0, 0, 9, 0, 0, NaN, 0]);
    const phi = treeShap(ens, X, 3, 3);
    expect(Array.from(phi)).toEqual([0, -1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(Array.from(globalImportance(phi, 3, 3))).toEqual([0, 1, 0]);
  });

  it('refuses a matrix with the wrong width', () => {
    const ens = randomEnsemble({ trees: 2, depth: 2, features: 3, seed: 1 });
    expect(() => treeShap(ens, new Float32Array(8), 2, 4)).toThrow(/model has 3 features, X has 4 columns/);
  });
});
