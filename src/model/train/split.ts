import type { HistLayout } from './histogram.js';

export interface SplitCandidate {
  gain: number;
  feature: number;
  /** Value bins 1..bin go left. */
  bin: number;
  missingLeft: 0 | 1;
  gLeft: number;
  hLeft: number;
}

export interface SplitConstraints {
  lambdaL2: number;
  minChildWeight: number;
  minSplitGain: number;
}

/**
 * Best split over the features' histograms. Every cut is tried with NaN sent left and
 * right; the better direction is learned. When the node has no NaN rows the default
 * direction goes with the heavier child (unseen NaN then follows the majority).
 */
export function findBestSplit(
  hist: Float64Array,
  G: number,
  H: number,
  feats: Int32Array,
  nBins: Int32Array,
  c: SplitConstraints,
  layout: HistLayout,
): SplitCandidate | null {
  const lam = c.lambdaL2;
  const parentScore = (G * G) / (H + lam);
  let best: SplitCandidate | null = null;
  let bestGain = c.minSplitGain;
  const mcw = c.minChildWeight;
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    const nb = nBins[f];
    if (nb < 2) continue;
    const o = layout.offset[f];
    const gN = hist[o];
    const hN = hist[o + 1];
    const hasNaN = hN > H * 1e-12; // ignore float dust left by histogram subtraction
    let gl = 0;
    let hl = 0;
    for (let b = 1; b < nb; b++) {
      gl += hist[o + 2 * b];
      hl += hist[o + 2 * b + 1];
      // NaN right; without NaN rows, unseen NaN goes with the heavier child.
      let gain = hl > 0 ? splitGain(gl, hl, G, H, lam, parentScore, mcw) : -Infinity;
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: f, bin: b, missingLeft: hasNaN ? 0 : hl >= H - hl ? 1 : 0, gLeft: gl, hLeft: hl };
      }
      if (!hasNaN) continue;
      gain = splitGain(gl + gN, hl + hN, G, H, lam, parentScore, mcw);
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: f, bin: b, missingLeft: 1, gLeft: gl + gN, hLeft: hl + hN };
      }
    }
    // NaN alone versus all values (a feature that matters only through missingness).
    // bin 0: every value bin goes right, NaN left.
    const gain = hasNaN ? splitGain(gN, hN, G, H, lam, parentScore, mcw) : -Infinity;
    if (gain > bestGain) {
      bestGain = gain;
      best = { gain, feature: f, bin: 0, missingLeft: 1, gLeft: gN, hLeft: hN };
    }
  }
  return best;
}

/** Gain of a split whose left child sums to (gl, hl), the right to the rest; -Infinity when a child weighs too little. */
function splitGain(gl: number, hl: number, G: number, H: number, lam: number, parentScore: number, mcw: number): number {
  const gr = G - gl;
  const hr = H - hl;
  if (!(hl >= mcw && hr >= mcw && hr > 0)) return -Infinity;
  return 0.5 * ((gl * gl) / (hl + lam) + (gr * gr) / (hr + lam) - parentScore);
}
