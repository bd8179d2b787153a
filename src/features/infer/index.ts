/**
 * Spec inference: proposes a feature spec from the fields a customer actually has.
 * - `inferFeatureSpec({ candidates, rows, labels?, ... })`: the core (describe types and/or values decide)
 * - `inferSpecFromCsv(file, { label, idColumn?, exclude? })`: a CSV export's columns
 * - `isDemoShaped(fields)`: whether every field the shipped spec reads is present (then the shipped spec is used)
 * - `readLabel`, `checkLabelValues`: labels in their usual spellings, errors listing what was found
 */
export { inferFeatureSpec, featureIdOf, type FieldCandidate, type InferSpecInput, type InferredSpec } from './infer-spec.js';
export { inferSpecFromCsv, CsvInferenceError, type InferCsvOptions } from './csv.js';
export { readLabel, checkLabelValues, LabelValuesError, LABEL_SPELLINGS } from './label.js';
export { checkLeakage, rankAuc, LEAK_AUC } from './leakage.js';
export { isDemoShaped, specFieldSummary, specChoices, type SpecChoice } from './shape.js';
