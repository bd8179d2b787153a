// Public model API: the scoring core (load, score, rank, tier, explain), ONNX export/import,
// TreeSHAP, calibration, training and evaluation.
export type { Ensemble, Tree } from './ensemble.js';
export { exportOnnx, INPUT_NAME, PROBABILITIES_OUTPUT, type ExportOptions } from './onnx/export.js';
export { importOnnx, type ImportedOnnx } from './onnx/import.js';
export { META, ScoreScaleSchema, type ScoreScale } from './onnx/metadata.js';
export { loadModel, type LoadedModel, type LoadOptions, type CoversSource } from './score/load.js';
export { loadScoringModel, ModelError, type ScoringModel, type ScoringModelOptions, type ModelOrigin } from './score/model.js';
export { scoreAccounts, scoreMatrixRows, scoreOf, explainScored, type AccountScore, type ScoredAccount, type ScoreAccountsOptions } from './score/core.js';
export { scoreMatrix, scoreBatch, marginsBatch, type ScoreResult, type ScoreOptions } from './score/score.js';
export { openScoringThread, type ScoringThread } from './score/scoring-thread.js';
export { predictMarginTs } from './score/predict-ts.js';
export { computeCovers } from './shap/covers.js';
export { treeShap, compileTreeShap, globalImportance, type CompiledShap } from './shap/tree-shap.js';
export { createShapPool, treeShapParallel, defaultShapThreads, type ShapPool } from './shap/parallel.js';
export {
  fitScoreScale,
  toScore,
  toScores,
  displayPoints,
  Population,
  BINS,
  scoreBin,
  percentiles,
  tierFor,
  checkThresholds,
  TierThresholdsSchema,
  TIERS,
  TierCounts,
  sigmoid,
  conversionProbability,
  type TierThresholds,
  type Tier,
} from './calibrate/index.js';
export { trainingScoreDeciles, parseTrainingScores, scoreDrift, TrainingScores, TRAINING_SCORES_KEY, PSI_WARN, type Drift } from './calibrate/drift.js';
export { explainRow, topFactors, IMPORTANCE_SHARE, type Factor, type Explanation, type Importance } from './explain/factors.js';
export { formatReason, formatReasons, splitReasons } from './explain/reason-text.js';
export { trainGbdt, predictMargin, predictProba, parseGbdtParams, GbdtParamsSchema, type TrainResult, type TrainOptions, type GbdtParams, type GbdtParamsInput } from './train/index.js';
export { trainModelFromOrg, evaluateModelOnOrg, readOrgDir, DEFAULT_TRAIN_PARAMS, type TrainPipelineOptions, type TrainPipelineResult, type OrgEvaluation } from './pipeline/index.js';
