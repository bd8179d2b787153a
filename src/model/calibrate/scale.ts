import type { ScoreScale } from '../onnx/metadata.js';

export type { ScoreScale };

/** Quantile (linear interpolation) of an ascending-sorted array. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Fits the linear part of the score scale on training (or holdout) margins: the
 * 1st-percentile margin maps to 0 and the 99.9th-percentile margin to 100 before the ends
 * are compressed (see toScore). The score is a relative likelihood, not a percent chance.
 */
export function fitScoreScale(margins: ArrayLike<number>, opts: { low?: number; high?: number } = {}): ScoreScale {
  const low = opts.low ?? 0.01, high = opts.high ?? 0.999;
  if (!(low >= 0 && high <= 1 && low < high)) throw new Error(`fitScoreScale: quantiles must satisfy 0 <= low < high <= 1 (got ${low}, ${high})`);
  if (margins.length < 2) throw new Error(`fitScoreScale: need at least 2 margins, got ${margins.length}`);
  const sorted = new Float64Array(margins.length);
  for (let i = 0; i < margins.length; i++) {
    if (!Number.isFinite(margins[i])) throw new Error(`fitScoreScale: margin ${i} is ${margins[i]} (must be finite)`);
    sorted[i] = margins[i];
  }
  sorted.sort();
  const m0 = quantileSorted(sorted, low), m1 = quantileSorted(sorted, high);
  if (!(m1 - m0 > 1e-9)) throw new Error(`fitScoreScale: margins have no spread between the ${low * 100}th and ${high * 100}th percentiles (${m0}); the model does not rank accounts`);
  const factor = 100 / (m1 - m0);
  return { offset: -factor * m0, factor };
}

/** Where the linear part of the scale ends when the model's metadata does not say (score points). */
export const DEFAULT_TAILS = { low: 5, high: 90 } as const;

/**
 * Linear points (offset + factor * margin, unbounded) to the 0-100 score. Between the tails'
 * knees the map is the identity; beyond them it bends hyperbolically towards 0 or 100
 * (continuous, slope 1 at the knee, never flat), so the score is strictly increasing in the
 * margin over the whole range and the best accounts never share a clamped 100.
 */
export function displayPoints(linear: number, scale: ScoreScale): number {
  const lo = scale.tails?.low ?? DEFAULT_TAILS.low;
  const hi = scale.tails?.high ?? DEFAULT_TAILS.high;
  if (linear > hi) {
    const w = 100 - hi;
    return 100 - (w * w) / (w + linear - hi);
  }
  if (linear < lo) return (lo * lo) / (lo + lo - linear);
  return linear;
}

/** Linear (uncompressed) points for a margin: what SHAP contributions add up to. */
export const linearPoints = (margin: number, scale: ScoreScale): number => scale.offset + scale.factor * margin;

/** Score 0-100 with 2 decimals for a margin (log-odds). */
export function toScore(margin: number, scale: ScoreScale): number {
  if (Number.isNaN(margin)) throw new Error('toScore: margin is NaN');
  return Math.round(displayPoints(linearPoints(margin, scale), scale) * 100) / 100;
}

/** Scores for many margins. */
export function toScores(margins: ArrayLike<number>, scale: ScoreScale): Float64Array {
  const out = new Float64Array(margins.length);
  for (let i = 0; i < margins.length; i++) {
    if (Number.isNaN(margins[i])) throw new Error(`toScores: margin ${i} is NaN`);
    out[i] = toScore(margins[i], scale);
  }
  return out;
}
