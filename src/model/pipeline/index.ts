export { readOrgDir, type OrgData } from './read-org.js';
export { trainModelFromOrg, type TrainPipelineOptions, type TrainPipelineResult } from './train-pipeline.js';
export { trainModelFromInputs, DEFAULT_TRAIN_PARAMS, DEFAULT_EARLY_STOPPING_ROUNDS, type TrainFromInputsOptions, type TrainFromInputsResult } from './train-from-inputs.js';
export { evaluateModelOnOrg, type OrgEvaluation } from './evaluate-org.js';
