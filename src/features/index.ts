/**
 * Features: Salesforce records -> model feature vectors. Everything is driven by a FeatureSpec
 * (JSON, stored in the ONNX model's metadata_props), so admins change features by editing data.
 *
 * Spec & fitting
 * - `FeatureSpecSchema` / `FeatureSpec` (zod + type), `FittedFeatureSpecSchema` / `FittedFeatureSpec`
 * - `defaultFeatureSpec()`           the shipped spec (48 model inputs)
 * - `parseFeatureSpec(json)`, `parseFittedFeatureSpec(json)`  load + validate; throw FeatureSpecError naming each problem
 * - `fitFeatureSpec(spec, inputs)`   learns category vocabularies (top-K by count, ties alphabetical); deterministic
 * - `requiredAccountFields(spec)`, `requiredContactFields(spec)`  API names the reader must query
 *
 * Encoding (pure)
 * - `type AccountInput = { account: Record<string, unknown>; contacts: ContactAggregate }`
 * - `encodeBatch(fitted, inputs)` -> `{ data: Float32Array (row-major rows*cols), rows, cols }`; NaN = missing.
 *   Throws FeatureInputError (Account Id + field) on a non-numeric value in a numeric field.
 * - `featureNames(fitted)`, `featureLabels(fitted)`, `featureColumns(fitted)` (format, source, transform)
 * - `describeValue(fitted, featureIndex, value)` -> "yes", "$40M", "1,200", "Enterprise", "Series B", "(missing)"
 *   Categorical codes: 0..K-1 vocabulary (most frequent first), K = "(other)", K+1 = "(missing)".
 *
 * Notes and contacts
 * - `parseNotes(spec, text)` -> { missing, signals, evidence }; null/blank notes -> missing: true, signals null
 *   (encoded as NaN plus notes_missing = 1 with the default spec's missingAs: 'nan').
 * - `classifyTitle(spec, title)` -> 'atl' | 'btl' | 'other' (ordered rules; interns are 'other').
 * - `createContactAggregator(spec)` -> { add(contact), get(accountId), size, unassigned }: six counters per account;
 *   15- and 18-char Ids match. `emptyContactAggregate()` (no contacts: zeros),
 *   `unknownContactAggregate()` (contacts not known: NaN, so contact features are missing rather than 0).
 *
 * CSV (offline scoring and training)
 * - `readAccountCsv(source, { spec, labelColumn?, contactsCsv? })` -> { rows, errors, warnings }: see csv.ts for the format.
 */
export * from './spec.js';
export { defaultFeatureSpec } from './default-spec.js';
export { parseFeatureSpec, parseFittedFeatureSpec, FeatureSpecError, specProblems } from './validate.js';
export { fitFeatureSpec } from './fit.js';
export { encodeBatch, FeatureInputError, signedLog1p, type AccountInput, type EncodedBatch, type EncodeOptions } from './encode.js';
export {
  featureColumns,
  featureNames,
  featureLabels,
  describeValue,
  type FeatureColumn,
  type ColumnFormat,
  type ColumnSource,
} from './columns.js';
export { parseNotes, type NotesResult, type NotesSignalValue, type ParseNotesOptions } from './notes.js';
export { classifyTitle, normalizeTitle } from './titles.js';
export {
  createContactAggregator,
  emptyContactAggregate,
  unknownContactAggregate,
  emailDomain,
  type ContactAggregate,
  type ContactAggregator,
  type AggregateKey,
} from './contacts.js';
export { requiredAccountFields, requiredContactFields, requiredOpportunityFields } from './fields.js';
export {
  createOpportunityAggregator,
  defaultOpportunitiesSpec,
  emptyOpportunityAggregate,
  unknownOpportunityAggregate,
  type OpportunityAggregate,
  type OpportunityAggregator,
  type OpportunityKey,
} from './opportunities.js';
export { coerceLabel } from './label.js';
export { canonicalCategory } from './categorical.js';
export { foldText } from './text.js';
export {
  readAccountCsv,
  parseCsvNumber,
  parseCsvLabel,
  CONTACT_COUNT_COLUMNS,
  type AccountCsvResult,
  type CsvAccountRow,
  type CsvRowError,
  type ReadAccountCsvOptions,
} from './csv.js';
