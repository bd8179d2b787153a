/**
 * Gradient/hessian histograms: for feature f and bin b, (sum g, sum h) at
 * hist[(f * BIN_STRIDE + b) * 2] and [... + 1]. Bin 0 holds NaN rows.
 */
export const BIN_STRIDE = 256;

export function histSize(cols: number): number {
  return cols * BIN_STRIDE * 2;
}

/** Accumulate rows idx[start..end) into hist (zeroed here) for the listed features. */
export function buildHistogram(
  hist: Float64Array,
  bins: Uint8Array,
  cols: number,
  idx: Int32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  feats: Int32Array,
): void {
  hist.fill(0);
  const nf = feats.length;
  if (nf === cols) {
    for (let k = start; k < end; k++) {
      const r = idx[k];
      const g = grad[r];
      const h = hess[r];
      const base = r * cols;
      for (let f = 0; f < cols; f++) {
        const o = (f << 9) + (bins[base + f] << 1);
        hist[o] += g;
        hist[o + 1] += h;
      }
    }
    return;
  }
  for (let k = start; k < end; k++) {
    const r = idx[k];
    const g = grad[r];
    const h = hess[r];
    const base = r * cols;
    for (let j = 0; j < nf; j++) {
      const f = feats[j];
      const o = (f << 9) + (bins[base + f] << 1);
      hist[o] += g;
      hist[o + 1] += h;
    }
  }
}

/** Histogram subtraction trick: parent := parent - child (the sibling's histogram, in place). */
export function subtractInPlace(parent: Float64Array, child: Float64Array, feats: Int32Array): void {
  for (let j = 0; j < feats.length; j++) {
    const o = feats[j] << 9;
    for (let k = o, e = o + BIN_STRIDE * 2; k < e; k++) parent[k] -= child[k];
  }
}
