import { describe, it, expect } from '@jest/globals';
import { fitLogistic, predictLogistic } from '../../src/model/baselines/logistic.js';
import { makeRng } from '../../src/model/train/index.js';
import { rocAuc } from '../../src/model/evaluate/metrics.js';

describe('logistic regression baseline', () => {
  it('recovers the signs and rough size of a linear signal; missing values get their own weight', () => {
    const rng = makeRng(4);
    const rows = 4000;
    const X = new Float32Array(rows * 3);
    const y = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      const a = rng() * 2 - 1;
      const b = rng() * 2 - 1;
      const miss = rng() < 0.3;
      X.set([a, b, miss ? NaN : rng()], i * 3);
      y[i] = rng() < 1 / (1 + Math.exp(-(2 * a - 1.5 * b + (miss ? 1.5 : 0)))) ? 1 : 0;
    }
    const m = fitLogistic(X, rows, 3, y, { lambda: 0.01 });
    // coef = [intercept, a, b, c, missing(c)], on standardised scale (sd of U(-1,1) ≈ 0.577)
    expect(m.missingIndicators).toEqual([2]);
    expect(m.coef[1] / m.sds[0]).toBeGreaterThan(1.5);
    expect(m.coef[1] / m.sds[0]).toBeLessThan(2.5);
    expect(m.coef[2] / m.sds[1]).toBeLessThan(-1);
    expect(m.coef[4]).toBeGreaterThan(1);
    expect(m.iterations).toBeLessThan(30);
    const p = predictLogistic(m, X, rows);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    expect(rocAuc(p, y)).toBeGreaterThan(0.75);
    // Deterministic
    expect(fitLogistic(X, rows, 3, y, { lambda: 0.01 }).coef).toEqual(m.coef);
  });

  it('copes with a constant column and rejects a shape mismatch', () => {
    const X = new Float32Array([1, 5, 2, 5, 3, 5, 4, 5]);
    const m = fitLogistic(X, 4, 2, [0, 0, 1, 1]);
    expect(Number.isFinite(m.coef[0])).toBe(true);
    expect(() => fitLogistic(X, 3, 2, [0, 1, 1])).toThrow(/X is not 3 x 2/);
  });
});
