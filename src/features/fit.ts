// Fitting learns what only data can tell: the category vocabularies. Deterministic.
import { fitVocabulary } from './categorical.js';
import type { AccountInput } from './encode.js';
import type { FeatureSpec, FittedFeatureSpec, VocabularyEntry } from './spec.js';
import { FeatureSpecError, specProblems } from './validate.js';

export function fitFeatureSpec(spec: FeatureSpec, inputs: readonly AccountInput[]): FittedFeatureSpec {
  const problems = specProblems(spec);
  if (problems.length) throw new FeatureSpecError(problems);
  const vocabularies: Record<string, VocabularyEntry[]> = {};
  for (const c of spec.categorical) {
    vocabularies[c.id] = fitVocabulary(c, spec.missingTokens, (function* () {
      for (const i of inputs) yield i.account[c.field];
    })());
  }
  // Copy through JSON so the fitted spec shares no objects with the input (and is serializable).
  const base = JSON.parse(JSON.stringify(spec)) as FeatureSpec;
  return { ...base, vocabularies, fittedRows: inputs.length };
}
