import { describe, it, expect } from '@jest/globals';
import { compileTreeShap, treeShap, treeShapRowwise } from '../../src/model/shap/tree-shap.js';
import { createShapPool, treeShapParallel } from '../../src/model/shap/parallel.js';
import { computeCovers } from '../../src/model/shap/covers.js';
import type { Ensemble, Tree } from '../../src/model/ensemble.js';
import { randomEnsemble, randomMatrix } from '../fixtures/models/random-ensemble.js';

/** Number of entries that differ as bit patterns (Object.is: -0 vs 0 and NaN count too). */
function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

/** One tree that is a chain: node i splits on feature i, its left child a leaf; the last leaves have `depth` distinct features. */
function chainTree(depth: number): Tree {
  const t: Tree = { feature: [], threshold: [], left: [], right: [], missingLeft: [], value: [], cover: [] };
  const leaf = (v: number): number => {
    t.feature.push(-1); t.threshold.push(0); t.left.push(-1); t.right.push(-1); t.missingLeft.push(0); t.value.push(v); t.cover.push(0);
    return t.feature.length - 1;
  };
  const grow = (i: number): number => {
    if (i === depth) return leaf(0.3);
    const id = leaf(0);
    t.feature[id] = i; t.threshold[id] = 3 + (i % 4); t.missingLeft[id] = (i % 2) as 0 | 1;
    t.left[id] = leaf((i % 3) - 1);
    t.right[id] = grow(i + 1);
    return id;
  };
  grow(0);
  return t;
}

describe('TreeSHAP kernels', () => {
  it('the blocked kernel equals the row-wise reference bit for bit (NaN both ways, partial last block)', () => {
    const F = 30;
    const ens = randomEnsemble({ trees: 60, depth: 6, features: F, seed: 3 });
    const rows = 1000; // 3 full blocks of 256 plus a partial one
    const X = randomMatrix(rows, F, 4, 0.2);
    const c = compileTreeShap(ens);
    const blocked = treeShap(c, X, rows, F);
    const rowwise = treeShapRowwise(c, X, rows, F, new Float64Array(rows * (F + 1)));
    expect(differing(blocked, rowwise)).toBe(0);
  });

  it('paths with more than 10 distinct features (no pattern table) agree too, and add up to the margin', () => {
    const F = 14;
    const ens: Ensemble = { nFeatures: F, baseScore: -1, trees: [chainTree(13), ...randomEnsemble({ trees: 5, depth: 4, features: F, seed: 8 }).trees] };
    computeCovers(ens, randomMatrix(800, F, 9, 0.1), 800);
    const rows = 300;
    const X = randomMatrix(rows, F, 10, 0.1);
    const c = compileTreeShap(ens);
    expect(c.maxDepth).toBe(13);
    const blocked = treeShap(c, X, rows, F);
    expect(differing(blocked, treeShapRowwise(c, X, rows, F, new Float64Array(rows * (F + 1))))).toBe(0);
  });

  it('skips trees whose leaves are all zero without changing any value', () => {
    const F = 8;
    const ens = randomEnsemble({ trees: 10, depth: 5, features: F, seed: 12 });
    const zero = structuredClone(ens.trees[0]);
    zero.value = zero.value.map(() => 0);
    const withZero: Ensemble = { ...ens, trees: [...ens.trees.slice(0, 5), zero, ...ens.trees.slice(5)] };
    const X = randomMatrix(400, F, 13, 0.1);
    expect(differing(treeShap(withZero, X, 400, F), treeShap(ens, X, 400, F))).toBe(0);
  });
});

describe('treeShapParallel', () => {
  const F = 40;
  const ens = randomEnsemble({ trees: 80, depth: 6, features: F, seed: 31 });
  const c = compileTreeShap(ens);
  const rows = 3000;
  const X = randomMatrix(rows, F, 32, 0.15);
  const expected = treeShap(c, X, rows, F);

  it('equals treeShap bit for bit, split into many tasks over 2 threads', async () => {
    const pool = await createShapPool(c, { threads: 2, taskRows: 250 });
    try {
      // Workers start with the first batch big enough to split, under jest too (the entry
      // registers tsx itself); if they could not, the pool runs in-thread and must still agree.
      expect(pool.workers).toBe(0);
      expect(differing(await pool.run(X, rows, F), expected)).toBe(0);
      expect(pool.workers).toBe(2);
      // A second batch through the same pool, into a caller's buffer.
      const out = new Float64Array(1000 * (F + 1));
      const got = await pool.run(X.subarray(500 * F), 1000, F, out);
      expect(got).toBe(out);
      expect(differing(out, expected.subarray(500 * (F + 1), 1500 * (F + 1)))).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('starts no workers for batches too small to split', async () => {
    const pool = await createShapPool(c, { threads: 2 });
    try {
      expect(differing(await pool.run(X, 100, F), expected.subarray(0, 100 * (F + 1)))).toBe(0);
      expect(pool.workers).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('one-shot call (compiles an Ensemble itself), in-thread for one thread or few rows', async () => {
    expect(differing(await treeShapParallel(ens, X, rows, F, { threads: 2 }), expected)).toBe(0);
    expect(differing(await treeShapParallel(c, X, rows, F, { threads: 1 }), expected)).toBe(0);
    expect(differing(await treeShapParallel(c, X, 10, F), expected.subarray(0, 10 * (F + 1)))).toBe(0);
  });

  it('refuses a matrix with the wrong width and a closed pool', async () => {
    await expect(treeShapParallel(c, X, 10, F + 1)).rejects.toThrow(/model has 40 features, X has 41 columns/);
    const pool = await createShapPool(c, { threads: 2 });
    await pool.close();
    await expect(pool.run(X, rows, F)).rejects.toThrow(/after close/);
  });
});
