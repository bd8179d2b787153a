import { displayPoints, linearPoints } from '../calibrate/scale.js';
import type { ScoreScale } from '../onnx/metadata.js';

export type Importance = 'low' | 'medium' | 'high';

export interface Factor {
  /** feature id (name in the model's feature spec) */
  key: string;
  /** human label, e.g. "Series B raised" */
  label: string;
  /** the account's value as people read it, e.g. "yes", "$40M", "(missing)" */
  value: string;
  /** signed contribution in score points (2 decimals); baseline + every feature's points = score */
  points: number;
  importance: Importance;
}

export interface Explanation {
  /** the model's expected score (TreeSHAP expected value on the score scale, 2 decimals) */
  baseline: number;
  /** every feature, largest |points| first (ties in model input order) */
  factors: Factor[];
}

export interface ExplainRowInput {
  /** the account's score (2 decimals), as the scorer computed it */
  score: number;
  /** one TreeSHAP row: nFeatures log-odds contributions, then the expected margin */
  shapRow: ArrayLike<number>;
  /** the account's feature row (model inputs) */
  values: ArrayLike<number>;
  keys: readonly string[];
  labels: readonly string[];
  describeValue: (featureIndex: number, value: number) => string;
  scale: ScoreScale;
}

/** Share of the account's total |contribution| at or above which a factor is high / medium. */
export const IMPORTANCE_SHARE = { high: 0.25, medium: 0.1 } as const;

/**
 * Every feature's contribution to one account's score, in score points that add up exactly:
 * baseline + sum(points) = score (in cents). SHAP values are additive in linear points; where
 * the score scale compresses the ends, each is scaled by (score - baseline) / (linear score -
 * linear baseline), so the shares stay those of TreeSHAP. Cents are apportioned by largest
 * remainder among features that contribute at all.
 */
export function explainRow(o: ExplainRowInput): Explanation {
  const cols = o.keys.length;
  if (o.shapRow.length !== cols + 1) throw new Error(`explainRow: SHAP row has ${o.shapRow.length} values for ${cols} features (+ expected value)`);
  if (o.labels.length !== cols) throw new Error(`explainRow: ${o.labels.length} labels for ${cols} features`);
  if (o.values.length < cols) throw new Error(`explainRow: ${o.values.length} values for ${cols} features`);
  const expected = o.shapRow[cols];
  const baseLinear = linearPoints(expected, o.scale);
  const baseline = Math.round(displayPoints(baseLinear, o.scale) * 100) / 100;
  let total = 0;
  let sumPhi = 0;
  for (let f = 0; f < cols; f++) {
    const v = o.shapRow[f];
    if (Number.isNaN(v)) throw new Error(`explainRow: SHAP value for feature ${o.keys[f]} is NaN`);
    total += Math.abs(v);
    sumPhi += v;
  }
  const linearSpan = o.scale.factor * sumPhi;
  const displaySpan = displayPoints(baseLinear + linearSpan, o.scale) - displayPoints(baseLinear, o.scale);
  const ratio = Math.abs(linearSpan) > 1e-12 ? displaySpan / linearSpan : 1;
  const exact = Array.from({ length: cols }, (_, f) => o.scale.factor * o.shapRow[f] * ratio * 100);
  const cents = apportion(exact, Math.round(o.score * 100) - Math.round(baseline * 100));
  const factors = Array.from({ length: cols }, (_, f): Factor => {
    const share = total > 0 ? Math.abs(o.shapRow[f]) / total : 0;
    return {
      key: o.keys[f],
      label: o.labels[f],
      value: o.describeValue(f, o.values[f]),
      points: cents[f] / 100,
      importance: share >= IMPORTANCE_SHARE.high ? 'high' : share >= IMPORTANCE_SHARE.medium ? 'medium' : 'low',
    };
  });
  const order = Array.from({ length: cols }, (_, f) => f).sort((a, b) => Math.abs(exact[b]) - Math.abs(exact[a]) || a - b);
  return { baseline, factors: order.map((f) => factors[f]) };
}

/** Integers close to `exact` (floored, then +-1 by largest remainder) summing to `target`; zeros stay zero. */
function apportion(exact: number[], target: number): number[] {
  const out = exact.map((x) => (x === 0 ? 0 : Math.floor(x)));
  let deficit = target - out.reduce((a, b) => a + b, 0);
  const live = exact.map((_, i) => i).filter((i) => exact[i] !== 0);
  if (live.length === 0) return out;
  const byRemainder = [...live].sort((a, b) => exact[b] - Math.floor(exact[b]) - (exact[a] - Math.floor(exact[a])) || Math.abs(exact[b]) - Math.abs(exact[a]));
  for (let i = 0; deficit !== 0; i = (i + 1) % byRemainder.length) {
    // deficit > 0: round up the largest remainders; < 0 (float noise between the scorer and TreeSHAP): down the smallest
    const k = deficit > 0 ? byRemainder[i] : byRemainder[byRemainder.length - 1 - i];
    out[k] += Math.sign(deficit);
    deficit -= Math.sign(deficit);
  }
  return out;
}

/** The k factors with the largest |points| that move the score at all. */
export function topFactors(e: Explanation, k: number): Factor[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`topFactors: k must be a non-negative integer (got ${k})`);
  return e.factors.filter((f) => f.points !== 0).slice(0, k);
}
