export { readOrgDir, type OrgData } from './read-org.js';
export { trainModelFromOrg, DEFAULT_TRAIN_PARAMS, DEFAULT_EARLY_STOPPING_ROUNDS, type TrainPipelineOptions, type TrainPipelineResult } from './train-pipeline.js';
export { evaluateModelOnOrg, type OrgEvaluation } from './evaluate-org.js';
