export { fitScoreScale, toScore, toScores, displayPoints, linearPoints, DEFAULT_TAILS, type ScoreScale } from './scale.js';
export { Population, percentiles, scoreBin, BINS } from './population.js';
export { tierFor, checkThresholds, TierThresholdsSchema, TIERS, type TierThresholds, type Tier } from './tier.js';
export { sigmoid, classWeightShift, conversionProbability } from './probability.js';
