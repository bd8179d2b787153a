import { makeRng } from './rng.js';

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
  const scratch = new Uint32Array(sample.length);
  for (let f = 0; f < cols; f++) {
    let m = 0;
    for (let k = 0; k < sample.length; k++) {
      const v = X[sample[k] * cols + f];
      if (v === v) vals[m++] = v; // skip NaN
    }
    const sorted = sortFloat32(vals, m, scratch);
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

const counts = new Int32Array(256);

/**
 * vals[0..m) (no NaN) sorted ascending in place, -0 before +0: the order Float32Array.prototype.sort
 * gives, by an LSD radix sort on order-preserving keys of the float bits (the sort was the bulk of
 * fitting bins). Passes whose byte is the same for every value are skipped.
 */
export function sortFloat32(vals: Float32Array, m: number, scratch: Uint32Array): Float32Array {
  const keys = new Uint32Array(vals.buffer, vals.byteOffset, m);
  for (let i = 0; i < m; i++) {
    const b = keys[i];
    keys[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  let src = keys;
  let dst = scratch.subarray(0, m);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < m; i++) counts[(src[i] >>> shift) & 255]++;
    if (m === 0 || counts[(src[0] >>> shift) & 255] === m) continue;
    let at = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[d];
      counts[d] = at;
      at += c;
    }
    for (let i = 0; i < m; i++) {
      const k = src[i];
      dst[counts[(k >>> shift) & 255]++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== keys) keys.set(src);
  for (let i = 0; i < m; i++) {
    const k = keys[i];
    keys[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
  return vals.subarray(0, m);
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

/**
 * Row-major Uint8 bin matrix: row r, feature f at r*stride+f; stride >= cols (the padding columns
 * stay bin 0), so a histogram can read a row as whole 32-bit words.
 */
export function binMatrix(X: Float32Array, rows: number, cols: number, mapper: BinMapper, stride = cols): Uint8Array {
  if (stride < cols) throw new Error(`binMatrix: stride ${stride} < cols ${cols}`);
  const out = new Uint8Array(rows * stride);
  for (let f = 0; f < cols; f++) {
    const c = mapper.cuts[f];
    const nc = c.length;
    if (nc === 0) {
      for (let r = 0; r < rows; r++) if (X[r * cols + f] === X[r * cols + f]) out[r * stride + f] = 1;
      continue;
    }
    for (let r = 0; r < rows; r++) {
      const x = X[r * cols + f];
      let b = 0;
      if (x === x) {
        // number of cuts <= x, by binary search (same rule as binOf)
        let lo = 0;
        let hi = nc;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (x < c[mid]) hi = mid;
          else lo = mid + 1;
        }
        b = lo + 1;
      }
      out[r * stride + f] = b;
    }
  }
  return out;
}
