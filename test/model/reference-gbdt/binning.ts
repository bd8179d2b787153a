import { makeRng } from '../../../src/model/train/rng.js';

/**
 * Per-feature cut points. bin(x) = 0 for NaN, else 1 + #{cuts c : c <= x}.
 * So "bins 1..b go left" is exactly `x < cuts[b-1]` on the raw float32 value, and every
 * cut is float32-representable: the ONNX scorer (float32 compare) decides identically.
 */
export interface BinMapper {
  cuts: Float32Array[];
  /** Number of value bins per feature (cuts + 1); bin 0 (NaN) is extra. */
  nBins: Int32Array;
}

/** A float32 strictly above lo and at most hi, so lo goes left and hi goes right. */
function cutBetween(lo: number, hi: number): number {
  const mid = Math.fround(lo + (hi - lo) / 2);
  if (mid > lo && mid <= hi && Number.isFinite(mid)) return mid;
  return hi;
}

export function fitBins(
  X: Float32Array,
  rows: number,
  cols: number,
  maxBins: number,
  sampleSize: number,
  seed: number,
): BinMapper {
  // Deterministic row sample shared by all features.
  let sample: Int32Array;
  if (rows <= sampleSize) {
    sample = new Int32Array(rows);
    for (let i = 0; i < rows; i++) sample[i] = i;
  } else {
    const rng = makeRng(seed ^ 0x5bd1e995);
    // Reservoir sample, then sort for memory locality.
    sample = new Int32Array(sampleSize);
    for (let i = 0; i < sampleSize; i++) sample[i] = i;
    for (let i = sampleSize; i < rows; i++) {
      const j = Math.floor(rng() * (i + 1));
      if (j < sampleSize) sample[j] = i;
    }
    sample.sort();
  }
  const cuts: Float32Array[] = [];
  const nBins = new Int32Array(cols);
  const vals = new Float32Array(sample.length);
  for (let f = 0; f < cols; f++) {
    let m = 0;
    for (let k = 0; k < sample.length; k++) {
      const v = X[sample[k] * cols + f];
      if (v === v) vals[m++] = v; // skip NaN
    }
    const sorted = vals.subarray(0, m).slice().sort();
    const fc: number[] = [];
    // Distinct values (few → one bin each).
    let distinct = 0;
    for (let k = 0; k < m; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
    if (distinct <= maxBins) {
      for (let k = 1; k < m; k++) if (sorted[k] !== sorted[k - 1]) fc.push(cutBetween(sorted[k - 1], sorted[k]));
    } else {
      for (let q = 1; q < maxBins; q++) {
        const pos = Math.floor((q * m) / maxBins);
        const hi = sorted[pos];
        // largest value strictly below hi
        let lo = pos - 1;
        while (lo >= 0 && sorted[lo] === hi) lo--;
        if (lo < 0) continue;
        const c = cutBetween(sorted[lo], hi);
        if (fc.length === 0 || c > fc[fc.length - 1]) fc.push(c);
      }
    }
    cuts.push(Float32Array.from(fc));
    nBins[f] = fc.length + 1;
  }
  return { cuts, nBins };
}

/** Bin index of one raw value for feature cuts c (binary search on `x < c`). */
export function binOf(x: number, c: Float32Array): number {
  if (x !== x) return 0;
  let lo = 0;
  let hi = c.length; // answer = number of cuts <= x
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < c[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

/** Row-major Uint8 bin matrix (row r, feature f at r*cols+f). */
export function binMatrix(X: Float32Array, rows: number, cols: number, mapper: BinMapper): Uint8Array {
  const out = new Uint8Array(rows * cols);
  const cuts = mapper.cuts;
  for (let o = 0; o < rows * cols; o += cols) {
    for (let f = 0; f < cols; f++) out[o + f] = binOf(X[o + f], cuts[f]);
  }
  return out;
}
