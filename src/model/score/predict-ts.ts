import type { Ensemble, Tree } from '../ensemble.js';

/** Leaf index reached by row `x` (offset `o`) in `tree`, using the shared routing rule. */
export function leafIndex(tree: Tree, X: ArrayLike<number>, o: number): number {
  let i = 0;
  while (tree.feature[i] >= 0) {
    const v = X[o + tree.feature[i]];
    i = v < tree.threshold[i] || (v !== v && tree.missingLeft[i] === 1) ? tree.left[i] : tree.right[i];
  }
  return i;
}

/**
 * Reference margins (log-odds) computed in TypeScript: baseScore + sum of leaf values.
 * X is row-major [rows, cols]; NaN goes left iff missingLeft. Used for parity checks and
 * by TreeSHAP tests; production scoring goes through onnxruntime.
 */
export function predictMarginTs(ensemble: Ensemble, X: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (X.length < rows * cols) throw new Error(`predictMarginTs: X has ${X.length} values, expected ${rows}x${cols}`);
  const out = new Float64Array(rows).fill(ensemble.baseScore);
  for (const tree of ensemble.trees) {
    for (let r = 0; r < rows; r++) out[r] += tree.value[leafIndex(tree, X, r * cols)];
  }
  return out;
}
