import { baselineScore, topFactors } from '../model/index.js';
import { SCORE_FIELDS, type FactorsPayloadV1 } from '../salesforce/score-fields.js';
import type { ScoringModel } from './model.js';

export type Tier = 'Hot' | 'Warm' | 'Cold';
export const TIERS: readonly Tier[] = ['Hot', 'Warm', 'Cold'];

/** score >= hot -> Hot, >= warm -> Warm, else Cold (thresholds validated once, with the settings). */
export function tierFor(score: number, hot: number, warm: number): Tier {
  return score >= hot ? 'Hot' : score >= warm ? 'Warm' : 'Cold';
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Factors payload v1 for one account: the model module's top-k factors (score points,
 * importance by share of the account's total), built with keys in a fixed order so the
 * same inputs always give the same string. Trimmed to fit Account_Score_Factors__c.
 * `shapRow` (from a batch explanation) avoids explaining the row again.
 */
export function buildFactors(model: ScoringModel, x: Float32Array, k: number, shapRow?: Float64Array): string {
  // shapRow: this row of a batch explanation (nFeatures contributions, then the expected margin)
  const { base, phi } = shapRow ? { base: shapRow[model.nFeatures], phi: shapRow.subarray(0, model.nFeatures) } : model.explain(x);
  const factors = topFactors(phi, {
    k,
    keys: model.featureIds,
    labels: model.featureLabels,
    values: x,
    describeValue: (i, v) => model.describe(i, v),
    scale: model.scale,
  });
  const payload: FactorsPayloadV1 = {
    v: 1,
    m: model.version,
    b: baselineScore(base, model.scale),
    f: factors.map((f) => ({ k: f.key, l: clip(f.label, 120), v: clip(f.value, 80), c: f.contribution, i: f.importance })),
  };
  let text = JSON.stringify(payload);
  while (text.length > SCORE_FIELDS.factors.length && payload.f.length) {
    payload.f.pop();
    text = JSON.stringify(payload);
  }
  return text;
}
