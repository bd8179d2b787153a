import type { AccountInput } from '../../features/index.js';
import { Population, tierFor, toScore, toScores, conversionProbability, type Tier, type TierThresholds, checkThresholds } from '../calibrate/index.js';
import { explainRow, type Explanation, type Factor } from '../explain/factors.js';
import { compileTreeShap, treeShap, type CompiledShap } from '../shap/tree-shap.js';
import type { ScoringModel } from './model.js';
import { scoreMatrix } from './score.js';

/** What the model says about one account's margin, before it is ranked. */
export interface AccountScore {
  /** log-odds from onnxruntime */
  margin: number;
  /** 0-100, 2 decimals, strictly increasing in the margin */
  score: number;
  /** calibrated P(convert): sigmoid of the margin, class weights of the training undone */
  probability: number;
}

/** Margins and scores for a row-major [rows, nFeatures] matrix (onnxruntime). */
export async function scoreMatrixRows(model: ScoringModel, X: Float32Array, rows: number): Promise<{ margins: Float64Array; scores: Float64Array }> {
  const { margins } = await scoreMatrix(model, X, rows);
  return { margins, scores: toScores(margins, model.scale) };
}


/** Score and calibrated probability for a margin. */
export function scoreOf(model: ScoringModel, margin: number): AccountScore {
  return { margin, score: toScore(margin, model.scale), probability: conversionProbability(margin, model.probabilityShift) };
}

/**
 * Factors for an account with this score from its TreeSHAP row (nFeatures + 1 values): every
 * feature, or the k largest that move the score (the same points either way).
 */
export function explainScored(model: ScoringModel, score: number, x: ArrayLike<number>, shapRow: ArrayLike<number>, k: number | 'all' = 'all'): Explanation {
  return explainRow({ score, shapRow, values: x, keys: model.featureNames, labels: model.featureLabels, describeValue: model.describeValue, scale: model.scale }, k);
}

export interface ScoredAccount extends AccountScore {
  /** 1-100 against the stated population */
  percentile: number;
  tier: Tier;
  /** the model's expected score; baseline + every feature's points = score */
  baseline: number;
  /** top factors (or every feature with factors: 'all'), largest |points| first */
  factors: Factor[];
}

export interface ScoreAccountsOptions {
  thresholds: TierThresholds;
  /** factors per account: a count of the largest that move the score, or 'all' features (default 3) */
  factors?: number | 'all';
  /** percentiles against this population; default: the accounts scored together */
  population?: Population;
  /** rows per encode + TreeSHAP step (bounds memory; default 10,000) */
  chunk?: number;
  /** reuse compiled trees across calls */
  shap?: CompiledShap;
}

// A loaded model's trees never change: compile them for TreeSHAP once per model, not once per
// call (explaining accounts one at a time would otherwise recompile every tree each time).
const compiledShaps = new WeakMap<ScoringModel['ensemble'], CompiledShap>();
function compiledShap(model: ScoringModel): CompiledShap {
  let c = compiledShaps.get(model.ensemble);
  if (!c) compiledShaps.set(model.ensemble, (c = compileTreeShap(model.ensemble)));
  return c;
}

/**
 * Scores accounts held in memory (a CSV export, one account being explained, a planning
 * input) exactly as the sync scores an org: same encoding, onnxruntime margins, score scale,
 * percentile rule, tiers and factors. Output order = input order.
 */
export async function scoreAccounts(model: ScoringModel, inputs: readonly AccountInput[], opts: ScoreAccountsOptions): Promise<ScoredAccount[]> {
  const thresholds = checkThresholds(opts.thresholds);
  const k = opts.factors ?? 3;
  const cols = model.nFeatures;
  const chunk = opts.chunk ?? 10_000;
  const shap = opts.shap ?? compiledShap(model);
  const scored = new Array<Omit<ScoredAccount, 'percentile' | 'tier'>>(inputs.length);
  for (let start = 0; start < inputs.length; start += chunk) {
    const part = inputs.slice(start, start + chunk);
    const X = model.encode(part);
    const { margins, scores } = await scoreMatrixRows(model, X, part.length);
    const phi = treeShap(shap, X, part.length, cols);
    for (let r = 0; r < part.length; r++) {
      const e = explainScored(model, scores[r], X.subarray(r * cols, (r + 1) * cols), phi.subarray(r * (cols + 1), (r + 1) * (cols + 1)), k);
      scored[start + r] = { ...scoreOf(model, margins[r]), baseline: e.baseline, factors: e.factors };
    }
  }
  const population = opts.population ?? Population.fromScores(scored.map((s) => s.score));
  return scored.map((s) => ({ ...s, percentile: population.percentile(s.score), tier: tierFor(s.score, thresholds) }));
}
