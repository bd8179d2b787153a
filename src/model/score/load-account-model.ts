import { parseFittedFeatureSpec, featureNames, featureLabels, describeValue, type FittedFeatureSpec } from '../../features/index.js';
import { loadModel, type LoadedModel, type LoadOptions } from './load.js';

export interface AccountScoreModel extends LoadedModel<FittedFeatureSpec> {
  spec: FittedFeatureSpec;
  featureLabels: string[];
  /** Formats a feature value for people ("yes", "$40M", "(missing)"), from the spec. */
  describeValue: (featureIndex: number, value: number) => string;
}

/**
 * Loads the product's model: the fitted feature spec (from metadata, or `opts.spec`) must be
 * valid and define exactly the model's input features, in order, or nothing is scored.
 */
export async function loadAccountScoreModel(pathOrBytes: string | Uint8Array, opts: Omit<LoadOptions<FittedFeatureSpec>, 'parseSpec' | 'specFeatureNames'> = {}): Promise<AccountScoreModel> {
  const m = await loadModel<FittedFeatureSpec>(pathOrBytes, { ...opts, parseSpec: parseFittedFeatureSpec, specFeatureNames: featureNames });
  if (!m.spec) throw new Error(`${m.source} has no feature spec (metadata account_score.feature_spec) and none was given; refusing to score`);
  const spec = m.spec;
  return { ...m, spec, featureLabels: featureLabels(spec), describeValue: (i, v) => describeValue(spec, i, v) };
}
