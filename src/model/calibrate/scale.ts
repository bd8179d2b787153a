import type { ScoreScale } from '../onnx/metadata.js';

export type { ScoreScale };

/** Quantile (linear interpolation) of an ascending-sorted array. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Fits the linear score scale on training (or holdout) margins: the 1st-percentile margin maps
 * to 0 and the 99.9th-percentile margin to 100. The score is therefore a relative likelihood
 * (higher = more likely to convert, each point is the same log-odds step everywhere), not a
 * percent chance. Accounts beyond those margins clamp to 0/100; SHAP contributions
 * (factor x log-odds) are additive in unclamped points.
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

/** Score 0-100 with 2 decimals: clamp(offset + factor * margin). */
export function toScore(margin: number, scale: ScoreScale): number {
  if (Number.isNaN(margin)) throw new Error('toScore: margin is NaN');
  const s = scale.offset + scale.factor * margin;
  return Math.round(Math.min(100, Math.max(0, s)) * 100) / 100;
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
