export { fitScoreScale, toScore, toScores, displayPoints, linearPoints, DEFAULT_TAILS, type ScoreScale } from './scale.js';
export { Population, percentiles, scoreBin, BINS } from './population.js';
export { tierFor, checkThresholds, TierThresholdsSchema, TIERS, TierCounts, type TierThresholds, type Tier } from './tier.js';
export { sigmoid, classWeightShift, conversionProbability } from './probability.js';
export { trainingScoreDeciles, parseTrainingScores, scoreDrift, TrainingScores, TRAINING_SCORES_KEY, PSI_WARN, type Drift } from './drift.js';
