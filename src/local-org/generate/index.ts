// Synthetic org generator: public API. See org.ts (generation), write.ts (org directory), auc.ts.
export { generateOrg, calibrate, type GeneratedAccount, type Calibration, type LatentView } from './org.js';
export type { Latent } from './latent.js';
export { NOISE_SD, logitTerms } from './propensity.js';
export { parseGenerateOptions, GenerateOptionsSchema, type GenerateOptions, type GenerateOptionsInput } from './options.js';
export { bestAchievableAuc, rocAuc } from './auc.js';
export { writeOrgDir, DEFAULT_SETTINGS_RECORD, type WriteOrgResult, type WriteOrgDirOptions } from './write.js';
export type { AccountRecord } from './account.js';
export type { Contact } from './contacts.js';
export type { Opportunity } from './opportunities.js';
export { customSchemaJson, toCustomSchemaAccount, RENAMED_FIELDS, LEAKAGE_FIELD, LABEL_FORMULA_FIELD, UNRELATED_FIELDS } from './custom-schema.js';
