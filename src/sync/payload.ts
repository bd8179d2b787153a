import { SCORE_FIELDS, type FactorsPayloadV1 } from '../salesforce/score-fields.js';
import type { ScoringModel } from './model.js';

export type Tier = 'Hot' | 'Warm' | 'Cold';
export const TIERS: readonly Tier[] = ['Hot', 'Warm', 'Cold'];

export function tierFor(score: number, hot: number, warm: number): Tier {
  return score >= hot ? 'Hot' : score >= warm ? 'Warm' : 'Cold';
}

/** score = clamp(offset + factor * margin, 0, 100), kept at the field's 2 decimals. */
export function toScore(margin: number, scale: { offset: number; factor: number }): number {
  const s = scale.offset + scale.factor * margin;
  const clamped = Number.isFinite(s) ? Math.min(100, Math.max(0, s)) : s > 0 ? 100 : 0;
  return Math.round(clamped * 100) / 100;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Factors payload v1 for one account: the k features with the largest absolute
 * contribution (ties broken by feature order, so output is deterministic), contributions
 * in score points, importance relative to the account's largest factor. Keys are built in a
 * fixed order so the same inputs always give the same string (the diff compares strings).
 */
export function buildFactors(model: ScoringModel, x: Float32Array, k: number): string {
  const { base, phi } = model.explain(x);
  const order = Array.from({ length: model.nFeatures }, (_, i) => i)
    .filter((i) => phi[i] !== 0 && Number.isFinite(phi[i]))
    .sort((a, b) => Math.abs(phi[b]) - Math.abs(phi[a]) || a - b)
    .slice(0, k);
  const top = order.length ? Math.abs(phi[order[0]]) : 0;
  const payload: FactorsPayloadV1 = {
    v: 1,
    m: model.version,
    b: Math.round((model.scale.offset + model.scale.factor * base) * 100) / 100,
    f: order.map((i) => {
      const rel = top > 0 ? Math.abs(phi[i]) / top : 0;
      return {
        k: model.featureIds[i],
        l: clip(model.featureLabels[i], 120),
        v: clip(model.describe(i, x[i]), 80),
        c: round1(model.scale.factor * phi[i]),
        i: rel >= 0.6 ? 'high' : rel >= 0.25 ? 'medium' : 'low',
      };
    }),
  };
  let text = JSON.stringify(payload);
  // Labels are bounded above, so this only trims in pathological specs; never exceed the field.
  while (text.length > SCORE_FIELDS.factors.length && payload.f.length) {
    payload.f.pop();
    text = JSON.stringify(payload);
  }
  return text;
}
