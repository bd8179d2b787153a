// Public model API: ONNX export/import, scoring, TreeSHAP, calibration, explanations.
export type { Ensemble, Tree } from './ensemble.js';
export { exportOnnx, INPUT_NAME, PROBABILITIES_OUTPUT, type ExportOptions } from './onnx/export.js';
export { importOnnx, type ImportedOnnx } from './onnx/import.js';
export { META, ScoreScaleSchema, type ScoreScale } from './onnx/metadata.js';
export { loadModel, type LoadedModel, type LoadOptions, type CoversSource } from './score/load.js';
export { scoreMatrix, scoreBatch, marginsBatch, type ScoreResult, type ScoreOptions } from './score/score.js';
export { predictMarginTs, sigmoid } from './score/predict-ts.js';
export { computeCovers } from './shap/covers.js';
export { treeShap, compileTreeShap, globalImportance, type CompiledShap } from './shap/tree-shap.js';
export { createShapPool, treeShapParallel, defaultShapThreads, type ShapPool } from './shap/parallel.js';
export { fitScoreScale, toScore, toScores, percentiles, tierFor, checkThresholds, TierThresholdsSchema, type TierThresholds, type Tier } from './calibrate/index.js';
export { trainingScoreDeciles, parseTrainingScores, scoreDrift, TrainingScores, TRAINING_SCORES_KEY, PSI_WARN, type Drift } from './calibrate/drift.js';
export { topFactors, baselineScore, IMPORTANCE_SHARE, type Factor, type Importance, type TopFactorOptions } from './explain/top-factors.js';
export { loadAccountScoreModel, type AccountScoreModel } from './score/load-account-model.js';
// Trainer, evaluation and pipeline (owned by the trainer engineer), re-exported for one entry point.
export { trainGbdt, predictMargin, predictProba, parseGbdtParams, GbdtParamsSchema, type TrainResult, type TrainOptions, type GbdtParams, type GbdtParamsInput } from './train/index.js';
export { trainModelFromOrg, evaluateModelOnOrg, readOrgDir, DEFAULT_TRAIN_PARAMS, type TrainPipelineOptions, type TrainPipelineResult, type OrgEvaluation } from './pipeline/index.js';
