import { encodeBatch, type AccountInput } from '../../features/index.js';
import { toScore } from '../calibrate/index.js';
import { baselineScore, IMPORTANCE_SHARE, type Importance } from './top-factors.js';
import { treeShap } from '../shap/tree-shap.js';
import type { AccountScoreModel } from '../score/load-account-model.js';
import { scoreMatrix } from '../score/score.js';

export interface FeatureContribution {
  key: string;
  label: string;
  /** the account's value as people read it ("yes", "$40M", "(missing)") */
  value: string;
  /** signed contribution in score points (unclamped, 2 decimals) */
  points: number;
  importance: Importance;
}

export interface AccountExplanation {
  score: number;
  margin: number;
  /** the model's expected score: baseline + sum of points = unclamped score */
  baseline: number;
  /** every feature, largest |points| first (ties in model input order) */
  factors: FeatureContribution[];
}

/**
 * The full TreeSHAP row for one account: every feature's contribution in score points, not
 * only the top few the sync stores. Used by `sf score explain`.
 */
export async function explainAccount(model: AccountScoreModel, input: AccountInput): Promise<AccountExplanation> {
  if (!model.scoreScale) throw new Error(`${model.source} has no score scale (offset/factor) in its metadata`);
  const scale = model.scoreScale;
  const batch = encodeBatch(model.spec, [input]);
  const cols = model.ensemble.nFeatures;
  if (batch.cols !== cols) throw new Error(`${model.source}: the feature spec yields ${batch.cols} features, the model takes ${cols}`);
  const { margins } = await scoreMatrix(model, batch.data, 1);
  const phi = treeShap(model.ensemble, batch.data, 1, cols);
  let total = 0;
  for (let f = 0; f < cols; f++) total += Math.abs(phi[f]);
  const factors = Array.from({ length: cols }, (_, f): FeatureContribution => {
    const share = total > 0 ? Math.abs(phi[f]) / total : 0;
    return {
      key: model.featureNames[f],
      label: model.featureLabels[f],
      value: model.describeValue(f, batch.data[f]),
      points: Math.round(scale.factor * phi[f] * 100) / 100,
      importance: share >= IMPORTANCE_SHARE.high ? 'high' : share >= IMPORTANCE_SHARE.medium ? 'medium' : 'low',
    };
  });
  // stable sort keeps model input order among equal contributions
  factors.sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  return { score: toScore(margins[0], scale), margin: margins[0], baseline: baselineScore(phi[cols], scale), factors };
}
