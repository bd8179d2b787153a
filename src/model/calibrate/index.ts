export { fitScoreScale, toScore, toScores, type ScoreScale } from './scale.js';
export { percentiles } from './percentile.js';
export { tierFor, checkThresholds, TierThresholdsSchema, type TierThresholds, type Tier } from './tier.js';
export { trainingScoreDeciles, parseTrainingScores, scoreDrift, TrainingScores, TRAINING_SCORES_KEY, PSI_WARN, type Drift } from './drift.js';
