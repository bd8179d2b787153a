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
  /** every feature (or the top k asked for), largest |contribution| first (ties in model input order) */
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

/** exact and rounded points of the row being explained (grown as needed, reused across calls) */
let scratch = new Float64Array(0);

/** Share of the account's total |contribution| at or above which a factor is high / medium. */
export const IMPORTANCE_SHARE = { high: 0.25, medium: 0.1 } as const;

/**
 * Contributions to one account's score, in score points that add up exactly: baseline +
 * sum(points of every feature) = score (in cents). SHAP values are additive in linear points;
 * where the score scale compresses the ends, each is scaled by (score - baseline) / (linear
 * score - linear baseline), so the shares stay those of TreeSHAP. Each is rounded to the nearest
 * cent and the few cents left over go to the features whose rounding was furthest off.
 * `k` (default 'all'): every feature, or only the k largest that move the score at all; either
 * way a feature gets the same points (the top k of 'all' are the k-list).
 */
export function explainRow(o: ExplainRowInput, k: number | 'all' = 'all'): Explanation {
  const cols = o.keys.length;
  if (o.shapRow.length !== cols + 1) throw new Error(`explainRow: SHAP row has ${o.shapRow.length} values for ${cols} features (+ expected value)`);
  if (o.labels.length !== cols) throw new Error(`explainRow: ${o.labels.length} labels for ${cols} features`);
  if (o.values.length < cols) throw new Error(`explainRow: ${o.values.length} values for ${cols} features`);
  if (k !== 'all' && !(Number.isInteger(k) && k >= 0)) throw new Error(`explainRow: k must be a non-negative integer or 'all' (got ${k})`);
  const expected = o.shapRow[cols];
  const baseLinear = linearPoints(expected, o.scale);
  const baseDisplay = displayPoints(baseLinear, o.scale);
  const baseline = Math.round(baseDisplay * 100) / 100;
  let total = 0;
  let sumPhi = 0;
  for (let f = 0; f < cols; f++) {
    const v = o.shapRow[f];
    if (Number.isNaN(v)) throw new Error(`explainRow: SHAP value for feature ${o.keys[f]} is NaN`);
    total += Math.abs(v);
    sumPhi += v;
  }
  const linearSpan = o.scale.factor * sumPhi;
  const ratio = Math.abs(linearSpan) > 1e-12 ? (displayPoints(baseLinear + linearSpan, o.scale) - baseDisplay) / linearSpan : 1;
  if (scratch.length < 2 * cols) scratch = new Float64Array(2 * cols);
  const exact = scratch.subarray(0, cols);
  const cents = scratch.subarray(cols, 2 * cols);
  let sum = 0;
  let live = 0;
  for (let f = 0; f < cols; f++) {
    const x = (exact[f] = o.scale.factor * o.shapRow[f] * ratio * 100);
    cents[f] = Math.round(x);
    sum += cents[f];
    if (x !== 0) live++;
  }
  // Leftover cents (rounding, float noise between onnxruntime and TreeSHAP): one at a time to the
  // contributing feature whose rounding moved it furthest the other way.
  let left = Math.round(o.score * 100) - Math.round(baseline * 100) - sum;
  if (live > 0 && Math.abs(left) > live) {
    // more than a cent each (a score far from its TreeSHAP sum): spread evenly first
    const each = Math.trunc(left / live);
    for (let f = 0; f < cols; f++) if (exact[f] !== 0) cents[f] += each;
    left -= each * live;
  }
  while (left !== 0) {
    const dir = Math.sign(left);
    let best = -1;
    for (let f = 0; f < cols; f++) {
      if (exact[f] !== 0 && (best < 0 || dir * (exact[f] - cents[f]) > dir * (exact[best] - cents[best]))) best = f;
    }
    if (best < 0) break; // nothing contributes: score = baseline up to float noise
    cents[best] += dir;
    left -= dir;
  }
  const byMagnitude = (a: number, b: number) => Math.abs(exact[b]) - Math.abs(exact[a]) || a - b;
  let chosen: number[];
  if (k === 'all') chosen = Array.from({ length: cols }, (_, f) => f).sort(byMagnitude);
  else {
    // partial selection: the k largest |contribution| among features with points
    chosen = [];
    for (let f = 0; f < cols && k > 0; f++) {
      if (cents[f] === 0) continue;
      if (chosen.length === k) {
        if (byMagnitude(f, chosen[k - 1]) >= 0) continue;
        chosen.pop();
      }
      let i = chosen.length;
      chosen.push(f);
      for (; i > 0 && byMagnitude(chosen[i], chosen[i - 1]) < 0; i--) [chosen[i], chosen[i - 1]] = [chosen[i - 1], chosen[i]];
    }
  }
  const factors = chosen.map((f): Factor => {
    const share = total > 0 ? Math.abs(o.shapRow[f]) / total : 0;
    return {
      key: o.keys[f],
      label: o.labels[f],
      value: o.describeValue(f, o.values[f]),
      points: cents[f] / 100,
      importance: share >= IMPORTANCE_SHARE.high ? 'high' : share >= IMPORTANCE_SHARE.medium ? 'medium' : 'low',
    };
  });
  return { baseline, factors };
}

/** The k factors with the largest |points| that move the score at all. */
export function topFactors(e: Explanation, k: number): Factor[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`topFactors: k must be a non-negative integer (got ${k})`);
  return e.factors.filter((f) => f.points !== 0).slice(0, k);
}
