import { encodeBatch, type AccountInput } from '../../features/index.js';
import { percentiles, tierFor, toScores, checkThresholds, type Tier, type TierThresholds } from '../calibrate/index.js';
import { topFactors, type Factor } from '../explain/top-factors.js';
import { compileTreeShap, treeShap } from '../shap/tree-shap.js';
import type { AccountScoreModel } from './load-account-model.js';
import { scoreMatrix } from './score.js';

export interface ScoredRecord {
  /** log-odds from onnxruntime */
  margin: number;
  /** 0-100, 2 decimals */
  score: number;
  tier: Tier;
  /** 1-100 within the records scored together */
  percentile: number;
  /** top factors by |contribution| in score points, largest first */
  factors: Factor[];
}

export interface ScoreRecordsOptions {
  thresholds: TierThresholds;
  /** factors per record (default 3) */
  topFactors?: number;
}

/** Rows per encode/SHAP step: bounds memory on large files (SHAP holds rows x features doubles). */
const CHUNK = 10_000;

/**
 * Scores account inputs held in memory (a CSV export, a test set) the way the sync scores
 * an org: onnxruntime margins, the model's score scale, percentiles within this population,
 * tiers from the thresholds and TreeSHAP top factors. Output order = input order.
 */
export async function scoreRecords(model: AccountScoreModel, inputs: readonly AccountInput[], opts: ScoreRecordsOptions): Promise<ScoredRecord[]> {
  const thresholds = checkThresholds(opts.thresholds);
  if (!model.scoreScale) throw new Error(`${model.source} has no score scale (offset/factor) in its metadata; it cannot produce 0-100 scores`);
  const scale = model.scoreScale;
  const k = opts.topFactors ?? 3;
  const cols = model.ensemble.nFeatures;
  const shap = compileTreeShap(model.ensemble);
  const margins = new Float64Array(inputs.length);
  const factors: Factor[][] = new Array(inputs.length);
  for (let start = 0; start < inputs.length; start += CHUNK) {
    const part = inputs.slice(start, start + CHUNK);
    const batch = encodeBatch(model.spec, part);
    if (batch.cols !== cols) throw new Error(`${model.source}: the feature spec yields ${batch.cols} features, the model takes ${cols}`);
    const { margins: m } = await scoreMatrix(model, batch.data, batch.rows);
    margins.set(m, start);
    const phi = treeShap(shap, batch.data, batch.rows, cols);
    for (let r = 0; r < batch.rows; r++) {
      factors[start + r] = topFactors(phi.subarray(r * (cols + 1), (r + 1) * (cols + 1)), {
        k,
        keys: model.featureNames,
        labels: model.featureLabels,
        values: batch.data.subarray(r * cols, (r + 1) * cols),
        describeValue: model.describeValue,
        scale,
      });
    }
  }
  const scores = toScores(margins, scale);
  const pct = percentiles(scores);
  return Array.from(scores, (score, i) => ({ margin: margins[i], score, tier: tierFor(score, thresholds), percentile: pct[i], factors: factors[i] }));
}
