import type { Ensemble } from '../ensemble.js';
import { sigmoid } from '../calibrate/probability.js';

/** Raw margins (log-odds) for row-major float32 rows: the reference the ONNX scorer must match. */
export function predictMargin(ensemble: Ensemble, X: Float32Array, rows: number, cols: number): Float64Array {
  if (cols !== ensemble.nFeatures) throw new Error(`model expects ${ensemble.nFeatures} features, got ${cols}`);
  if (X.length !== rows * cols) throw new Error(`X has ${X.length} values, expected ${rows * cols}`);
  const out = new Float64Array(rows).fill(ensemble.baseScore);
  for (const t of ensemble.trees) {
    const { feature, threshold, left, right, missingLeft, value } = t;
    for (let r = 0; r < rows; r++) {
      let nd = 0;
      const base = r * cols;
      while (feature[nd] !== -1) {
        const x = X[base + feature[nd]];
        nd = (x !== x ? missingLeft[nd] === 1 : x < threshold[nd]) ? left[nd] : right[nd];
      }
      out[r] += value[nd];
    }
  }
  return out;
}

export function predictProba(ensemble: Ensemble, X: Float32Array, rows: number, cols: number): Float64Array {
  const m = predictMargin(ensemble, X, rows, cols);
  for (let i = 0; i < m.length; i++) m[i] = sigmoid(m[i]);
  return m;
}
