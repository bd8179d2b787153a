import type { ScoreScale } from '../onnx/metadata.js';

export type Importance = 'low' | 'medium' | 'high';

export interface Factor {
  /** feature id (name in the model's feature spec) */
  key: string;
  /** human label, e.g. "Series B raised" */
  label: string;
  /** the account's value as shown to users, e.g. "yes", "$40M", "(missing)" */
  value: string;
  /** signed contribution in score points (factor x SHAP log-odds), 2 decimals, unclamped */
  contribution: number;
  importance: Importance;
}

export interface TopFactorOptions {
  k: number;
  /** feature ids in model input order */
  keys: readonly string[];
  /** human labels in model input order (defaults to keys) */
  labels?: readonly string[];
  /** the account's feature row (model inputs), for describeValue */
  values?: ArrayLike<number>;
  /** formats a feature value for people; default prints the number or "(missing)" */
  describeValue?: (featureIndex: number, value: number) => string;
  scale: ScoreScale;
}

/** Share of the account's total |contribution| at or above which a factor is high / medium. */
export const IMPORTANCE_SHARE = { high: 0.25, medium: 0.1 } as const;

const defaultDescribe = (_i: number, v: number): string => (Number.isNaN(v) ? '(missing)' : String(Math.round(v * 100) / 100));

/**
 * The k features with the largest |SHAP| for one account, as score points. `shapRow` is one
 * treeShap row (cols contributions, optionally followed by the expected value, ignored here).
 * Importance compares a factor with the account's own total |contribution| over all
 * features: >= 25% high, >= 10% medium, else low. Contributions are in unclamped points, so
 * for accounts clamped at 0 or 100 they may add up to more than the visible score change.
 * Features with zero contribution are never listed.
 */
export function topFactors(shapRow: ArrayLike<number>, opts: TopFactorOptions): Factor[] {
  const cols = opts.keys.length;
  if (shapRow.length !== cols && shapRow.length !== cols + 1) {
    throw new Error(`topFactors: SHAP row has ${shapRow.length} values for ${cols} features`);
  }
  if (opts.labels && opts.labels.length !== cols) throw new Error(`topFactors: ${opts.labels.length} labels for ${cols} features`);
  if (opts.values && opts.values.length < cols) throw new Error(`topFactors: ${opts.values.length} values for ${cols} features`);
  if (!Number.isInteger(opts.k) || opts.k < 0) throw new Error(`topFactors: k must be a non-negative integer (got ${opts.k})`);
  let total = 0;
  // Partial selection of the k largest |phi| without sorting all features.
  const best: number[] = [];
  for (let f = 0; f < cols; f++) {
    const a = Math.abs(shapRow[f]);
    if (Number.isNaN(a)) throw new Error(`topFactors: SHAP value for feature ${opts.keys[f]} is NaN`);
    total += a;
    if (a === 0 || opts.k === 0) continue;
    if (best.length < opts.k) {
      best.push(f);
      for (let i = best.length - 1; i > 0 && Math.abs(shapRow[best[i]]) > Math.abs(shapRow[best[i - 1]]); i--) [best[i], best[i - 1]] = [best[i - 1], best[i]];
    } else if (a > Math.abs(shapRow[best[best.length - 1]])) {
      best[best.length - 1] = f;
      for (let i = best.length - 1; i > 0 && Math.abs(shapRow[best[i]]) > Math.abs(shapRow[best[i - 1]]); i--) [best[i], best[i - 1]] = [best[i - 1], best[i]];
    }
  }
  const describe = opts.describeValue ?? defaultDescribe;
  return best.map((f) => {
    const share = total > 0 ? Math.abs(shapRow[f]) / total : 0;
    return {
      key: opts.keys[f],
      label: opts.labels?.[f] ?? opts.keys[f],
      value: opts.values ? describe(f, opts.values[f]) : '',
      contribution: Math.round(opts.scale.factor * shapRow[f] * 100) / 100,
      importance: share >= IMPORTANCE_SHARE.high ? 'high' : share >= IMPORTANCE_SHARE.medium ? 'medium' : 'low',
    };
  });
}

/** The model's baseline in score points (expected value on the scale, unclamped, 2 decimals). */
export function baselineScore(expectedValue: number, scale: ScoreScale): number {
  return Math.round((scale.offset + scale.factor * expectedValue) * 100) / 100;
}
