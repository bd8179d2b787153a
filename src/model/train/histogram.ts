/**
 * Gradient/hessian histograms, packed: feature f owns nBins[f]+1 bins (bin 0 = NaN) starting at
 * offset[f]; bin b's (sum g, sum h) sit at hist[offset[f] + 2b] and [... + 1]. A 0/1 column takes 3
 * bins instead of a fixed 256, so clearing and subtracting a node's histogram costs what the data
 * needs. Every bin's sum adds its rows in idx order, as before: the sums, and so the splits, are
 * bit-identical whatever the layout.
 */
export interface HistLayout {
  /** Start of feature f's bins (in doubles). */
  offset: Int32Array;
  /** Doubles per histogram. */
  size: number;
}

/** Layout for a bin matrix whose rows are `stride` bytes (columns past nBins.length are padding, always bin 0). */
export function histLayout(nBins: Int32Array, stride = nBins.length): HistLayout {
  const offset = new Int32Array(stride);
  let at = 0;
  for (let f = 0; f < stride; f++) {
    offset[f] = at;
    at += 2 * ((f < nBins.length ? nBins[f] : 0) + 1);
  }
  return { offset, size: at };
}

/** Row stride of the bin matrix: a multiple of 4, so each row is whole 32-bit words. */
export function binStride(cols: number): number {
  return (cols + 3) & ~3;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Accumulate rows idx[start..end) into hist (zeroed here). Row-wise: a row's bins are contiguous
 * and read four per 32-bit load, and consecutive updates hit different features, so no add waits
 * on the previous one. Every column of the row is accumulated, even those not sampled for this
 * tree (only the sampled ones are read): one indirection less per update costs less than the
 * skipped columns save. gh holds (grad, hess) interleaved per row.
 */
export function buildHistogram(
  hist: Float64Array,
  bins: Uint8Array,
  stride: number,
  idx: Int32Array,
  start: number,
  end: number,
  gh: Float64Array,
  layout: HistLayout,
): void {
  hist.fill(0);
  const off = layout.offset;
  // Four bins per 32-bit load needs little-endian words on a 4-byte boundary; else byte by byte.
  const words = LITTLE_ENDIAN && bins.byteOffset % 4 === 0 ? new Uint32Array(bins.buffer, bins.byteOffset, bins.length >>> 2) : null;
  const q = stride >>> 2;
  for (let k = start; k < end; k++) {
    const r = idx[k];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    if (words === null) {
      const base = r * stride;
      for (let f = 0; f < stride; f++) {
        const o = off[f] + (bins[base + f] << 1);
        hist[o] += g;
        hist[o + 1] += h;
      }
      continue;
    }
    const base = r * q;
    for (let j = 0; j < q; j++) {
      const v = words[base + j];
      const f = j << 2;
      let o = off[f] + ((v & 255) << 1);
      hist[o] += g;
      hist[o + 1] += h;
      o = off[f + 1] + ((v >>> 7) & 510);
      hist[o] += g;
      hist[o + 1] += h;
      o = off[f + 2] + ((v >>> 15) & 510);
      hist[o] += g;
      hist[o + 1] += h;
      o = off[f + 3] + ((v >>> 23) & 510);
      hist[o] += g;
      hist[o + 1] += h;
    }
  }
}

/** Histogram subtraction: parent := parent - child for the listed features (the sibling's histogram, in place). */
export function subtractInPlace(parent: Float64Array, child: Float64Array, feats: Int32Array, layout: HistLayout): void {
  const off = layout.offset;
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    const e = f + 1 < off.length ? off[f + 1] : layout.size;
    for (let k = off[f]; k < e; k++) parent[k] -= child[k];
  }
}
