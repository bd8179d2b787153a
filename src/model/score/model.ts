import { createHash } from 'node:crypto';
import {
  createContactAggregator,
  createOpportunityAggregator,
  describeValue,
  emptyContactAggregate,
  encodeBatch,
  featureLabels,
  featureNames,
  parseFittedFeatureSpec,
  requiredAccountFields,
  requiredContactFields,
  requiredOpportunityFields,
  type AccountInput,
  type ContactAggregator,
  type EncodeOptions,
  type FittedFeatureSpec,
  type OpportunityAggregator,
} from '../../features/index.js';
import { classWeightShift } from '../calibrate/probability.js';
import { parseTrainingScores, TRAINING_SCORES_KEY, type TrainingScores } from '../calibrate/drift.js';
import type { ScoreScale } from '../onnx/metadata.js';
import { loadModel, readModelFile, type LoadedModel, type LoadOptions } from './load.js';

export class ModelError extends Error {
  override name = 'ModelError';
}

/**
 * A verified model: its feature spec defines exactly the model's inputs, it has a version and
 * a score scale, and `digest` (sha256 of the bytes) tells apart two files sharing a version.
 * Everything that scores (sync, csv, explain, assign, demo, worker) takes one of these.
 */
export interface ScoringModel extends LoadedModel<FittedFeatureSpec> {
  spec: FittedFeatureSpec;
  version: string;
  digest: string;
  scale: ScoreScale;
  /** log(wPos/wNeg) of the training's class weights: subtracted from margins for a calibrated probability */
  probabilityShift: number;
  nFeatures: number;
  featureLabels: string[];
  /** Account fields the features read (Id excluded) */
  accountFields: string[];
  /** Contact fields to aggregate (Id excluded); empty when the spec ignores contacts */
  contactFields: string[];
  /** Formats a feature value for people ("yes", "$40M", "(missing)"), from the spec. */
  describeValue: (featureIndex: number, value: number) => string;
  newContactAggregator(): ContactAggregator;
  /** Opportunity fields to aggregate (Id excluded); empty when the spec has no opportunity roll-ups */
  opportunityFields: string[];
  /** null when the spec has no opportunity roll-ups (then nothing needs reading) */
  newOpportunityAggregator(): OpportunityAggregator | null;
  /** Row-major [rows, nFeatures] matrix for the inputs (checked against the model's width). */
  encode(inputs: readonly AccountInput[], opts?: EncodeOptions): Float32Array;
  /** Releases the onnxruntime session. */
  close(): Promise<void>;
  /** the training population's score deciles (each sync measures drift against them); absent in older models */
  trainingScores?: TrainingScores;
  /** where the model came from, set by whoever resolved it (sync/model-source.ts); shown in run reports */
  origin?: ModelOrigin;
}

/** The org's active model, the shipped one (nothing active), or a file given explicitly. */
export interface ModelOrigin {
  kind: 'org' | 'shipped' | 'file';
  note: string;
}

/** `sourceName` names the model in errors when it is given as bytes (default: its path, or "model bytes"). */
export type ScoringModelOptions = Omit<LoadOptions<FittedFeatureSpec>, 'parseSpec' | 'specFeatureNames'>;

/**
 * The one way to load a model for scoring: a file path or the model's bytes (e.g. downloaded
 * from the org). Refuses, naming the file and the problem, a model without a valid feature
 * spec, version or score scale, or whose input width differs from its spec.
 */
export async function loadScoringModel(source: string | Uint8Array, opts: ScoringModelOptions = {}): Promise<ScoringModel> {
  const name = opts.sourceName ?? (typeof source === 'string' ? source : 'model bytes');
  let bytes: Uint8Array;
  try {
    bytes = typeof source === 'string' ? await readModelFile(source) : source;
  } catch (e) {
    throw new ModelError((e as Error).message);
  }
  // the digest is of exactly the bytes that are scored
  const digest = createHash('sha256').update(bytes).digest('hex');
  let loaded: LoadedModel<FittedFeatureSpec>;
  try {
    loaded = await loadModel<FittedFeatureSpec>(bytes, { ...opts, sourceName: name, parseSpec: parseFittedFeatureSpec, specFeatureNames: featureNames });
  } catch (e) {
    const msg = (e as Error).message;
    throw new ModelError(msg.includes(name) ? msg : `Model ${name}: ${msg}`);
  }
  const where = `Model ${name}`;
  const fail = (problem: string) => {
    void loaded.session.release();
    return new ModelError(`${where} ${problem}; refusing to score`);
  };
  const spec = loaded.spec;
  if (!spec) throw fail('has no feature spec (metadata account_score.feature_spec) and none was given');
  if (!loaded.scoreScale) throw fail('has no score scale (metadata account_score.score_scale: offset/factor)');
  if (!loaded.modelVersion) throw fail('has no model version (metadata account_score.model_version)');
  let probabilityShift: number;
  try {
    probabilityShift = classWeightShift(loaded.metadata);
  } catch (e) {
    throw fail(`cannot state a conversion probability: ${(e as Error).message}`);
  }
  let trainingScores: TrainingScores | undefined;
  try {
    trainingScores = parseTrainingScores(loaded.metadata[TRAINING_SCORES_KEY]);
  } catch (e) {
    throw fail((e as Error).message);
  }
  const cols = loaded.ensemble.nFeatures;
  return {
    trainingScores,
    ...loaded,
    spec,
    version: loaded.modelVersion,
    digest,
    scale: loaded.scoreScale,
    probabilityShift,
    nFeatures: cols,
    featureLabels: featureLabels(spec),
    accountFields: requiredAccountFields(spec).filter((f) => f !== 'Id'),
    contactFields: spec.contacts ? requiredContactFields(spec).filter((f) => f !== 'Id') : [],
    opportunityFields: requiredOpportunityFields(spec).filter((f) => f !== 'Id'),
    newOpportunityAggregator: () => (spec.opportunities ? createOpportunityAggregator(spec) : null),
    describeValue: (i, v) => describeValue(spec, i, v),
    newContactAggregator() {
      if (!spec.contacts) return { add: () => false, get: () => emptyContactAggregate(), size: 0, unassigned: 0 };
      return createContactAggregator(spec);
    },
    encode(inputs, encodeOpts) {
      const batch = encodeBatch(spec, inputs, encodeOpts);
      if (batch.cols !== cols) throw new ModelError(`${where}: the feature spec yields ${batch.cols} features, the model takes ${cols}`);
      return batch.data;
    },
    close: () => loaded.session.release(),
  };
}
