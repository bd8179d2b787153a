export { readOrgDir, type OrgData } from './read-org.js';
export { trainModelFromOrg, DEFAULT_TRAIN_PARAMS, type TrainPipelineOptions, type TrainPipelineResult } from './train-pipeline.js';
export { evaluateModelOnOrg, type OrgEvaluation } from './evaluate-org.js';
