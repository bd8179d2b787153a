export { trainGbdt, validateTrainingData, type TrainResult, type TrainOptions, type TrainProgress, type IterationLog, type Dataset } from './gbdt.js';
export { predictMargin, predictProba } from './predict.js';
export { GbdtParamsSchema, parseGbdtParams, type GbdtParams, type GbdtParamsInput } from './params.js';
export { fitBins, binMatrix, binOf, type BinMapper } from './binning.js';
export { makeRng, shuffleInPlace } from './rng.js';
