import { sigmoid } from '../calibrate/probability.js';
/**
 * Baseline: L2-regularised logistic regression on standardised features. NaN becomes the
 * feature mean plus a 0/1 "missing" indicator column (for features with NaN in training).
 * Fitted by Newton's method (deterministic, converges in a handful of steps).
 */
export interface LogisticModel {
  cols: number;
  means: Float64Array;
  sds: Float64Array;
  /** Features that got a missing indicator, in column order after the standardised block. */
  missingIndicators: number[];
  /** [intercept, standardised weights..., indicator weights...] */
  coef: Float64Array;
  iterations: number;
}

export interface LogisticOptions {
  lambda?: number;
  maxIter?: number;
  tol?: number;
}

function design(X: Float32Array, rows: number, m: Pick<LogisticModel, 'cols' | 'means' | 'sds' | 'missingIndicators'>): { D: Float64Array; d: number } {
  const { cols, means, sds, missingIndicators } = m;
  const d = 1 + cols + missingIndicators.length;
  const D = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const xo = r * cols;
    D[o] = 1;
    for (let f = 0; f < cols; f++) {
      const v = X[xo + f];
      D[o + 1 + f] = v !== v || sds[f] === 0 ? 0 : (v - means[f]) / sds[f];
    }
    for (let j = 0; j < missingIndicators.length; j++) {
      const v = X[xo + missingIndicators[j]];
      D[o + 1 + cols + j] = v !== v ? 1 : 0;
    }
  }
  return { D, d };
}

/** Solve A x = b for symmetric positive definite A (Cholesky, in place on a copy). */
function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (s <= 0) throw new Error('logistic regression: Hessian is not positive definite');
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * z[k];
    z[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

export function fitLogistic(X: Float32Array, rows: number, cols: number, y: ArrayLike<number>, opt: LogisticOptions = {}): LogisticModel {
  const lambda = opt.lambda ?? 1;
  const maxIter = opt.maxIter ?? 30;
  const tol = opt.tol ?? 1e-7;
  if (X.length !== rows * cols || y.length !== rows) throw new Error(`logistic regression: X is not ${rows} x ${cols} or y has ${y.length} rows`);
  const means = new Float64Array(cols);
  const sds = new Float64Array(cols);
  const missing: number[] = [];
  for (let f = 0; f < cols; f++) {
    let n = 0;
    let s = 0;
    let ss = 0;
    for (let r = 0; r < rows; r++) {
      const v = X[r * cols + f];
      if (v === v) {
        n++;
        s += v;
        ss += v * v;
      }
    }
    means[f] = n > 0 ? s / n : 0;
    sds[f] = n > 1 ? Math.sqrt(Math.max(0, ss / n - means[f] * means[f])) : 0;
    if (sds[f] < 1e-12) sds[f] = 0;
    if (n < rows) missing.push(f);
  }
  const model: LogisticModel = { cols, means, sds, missingIndicators: missing, coef: new Float64Array(0), iterations: 0 };
  const { D, d } = design(X, rows, model);
  const w = new Float64Array(d);
  let it = 0;
  for (; it < maxIter; it++) {
    const g = new Float64Array(d);
    const Hm = new Float64Array(d * d);
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      let m = 0;
      for (let j = 0; j < d; j++) m += D[o + j] * w[j];
      const p = sigmoid(m);
      const e = p - y[r];
      const h = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j < d; j++) {
        const xj = D[o + j];
        if (xj === 0) continue;
        g[j] += e * xj;
        const hx = h * xj;
        for (let k = 0; k <= j; k++) Hm[j * d + k] += hx * D[o + k];
      }
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < j; k++) Hm[k * d + j] = Hm[j * d + k];
      if (j > 0) {
        g[j] += lambda * w[j];
        Hm[j * d + j] += lambda;
      } else Hm[0] += 1e-9;
      // Constant (zero-variance) columns: keep the system well posed.
      if (Hm[j * d + j] === 0) Hm[j * d + j] = 1;
    }
    const step = solveSpd(Hm, g, d);
    let maxStep = 0;
    for (let j = 0; j < d; j++) {
      w[j] -= step[j];
      maxStep = Math.max(maxStep, Math.abs(step[j]));
    }
    if (maxStep < tol) {
      it++;
      break;
    }
  }
  model.coef = w;
  model.iterations = it;
  return model;
}

export function predictLogistic(model: LogisticModel, X: Float32Array, rows: number): Float64Array {
  const { D, d } = design(X, rows, model);
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let j = 0; j < d; j++) m += D[r * d + j] * model.coef[j];
    out[r] = sigmoid(m);
  }
  return out;
}
