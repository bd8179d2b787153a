import {
  createContactAggregator,
  describeValue,
  emptyContactAggregate,
  encodeBatch,
  featureLabels,
  featureNames,
  parseFittedFeatureSpec,
  requiredAccountFields,
  requiredContactFields,
  type ContactAggregate,
  type FittedFeatureSpec,
} from '../features/index.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { compileTreeShap, createShapPool, loadModel, marginsBatch, parseTrainingScores, treeShap, TRAINING_SCORES_KEY, type LoadedModel } from '../model/index.js';
import type { ScoringModel } from './model.js';

export class ModelError extends Error {
  override name = 'ModelError';
}

/**
 * Wraps a loaded ONNX model + its fitted feature spec as the sync's ScoringModel; `digest` is
 * the sha256 of the model bytes (identity beyond the version string).
 */
export function adaptLoadedModel(loaded: LoadedModel<FittedFeatureSpec>, digest: string): ScoringModel {
  const where = `Model ${loaded.source}`;
  const spec = loaded.spec;
  if (!spec) throw new ModelError(`${where} has no feature spec in its metadata; it cannot be used for scoring.`);
  if (!loaded.scoreScale) throw new ModelError(`${where} has no score scale (offset/factor) in its metadata.`);
  if (!loaded.modelVersion) throw new ModelError(`${where} has no model version in its metadata.`);
  const scale = loaded.scoreScale;
  const cols = loaded.ensemble.nFeatures;
  const shap = compileTreeShap(loaded.ensemble);
  const shapOut = new Float64Array(cols + 1);
  const labels = featureLabels(spec);
  let trainingScores;
  try {
    trainingScores = parseTrainingScores(loaded.metadata[TRAINING_SCORES_KEY]);
  } catch (e) {
    throw new ModelError(`${where}: ${(e as Error).message}`);
  }
  return {
    trainingScores,
    version: loaded.modelVersion,
    digest,
    accountFields: requiredAccountFields(spec).filter((f) => f !== 'Id'),
    contactFields: requiredContactFields(spec).filter((f) => f !== 'Id'),
    nFeatures: cols,
    featureIds: loaded.featureNames,
    featureLabels: labels,
    scale,
    newContactAggregator() {
      if (!spec.contacts) return { add: () => false, get: () => emptyContactAggregate() };
      return createContactAggregator(spec);
    },
    encode(accounts, contacts) {
      const inputs = accounts.map((account) => ({ account, contacts: contacts.get(String(account.Id)) as ContactAggregate }));
      const batch = encodeBatch(spec, inputs);
      if (batch.cols !== cols) throw new ModelError(`${where}: the feature spec yields ${batch.cols} features, the model takes ${cols}.`);
      return batch.data;
    },
    margins: (X, rows) => marginsBatch(loaded, X, rows),
    explain(x) {
      const out = treeShap(shap, x, 1, cols, shapOut);
      return { base: out[cols], phi: out.subarray(0, cols) };
    },
    async openExplainer() {
      // One pool of worker threads per run, sharing the compiled trees; bit-identical to treeShap.
      const pool = await createShapPool(shap);
      return { run: (X, rows) => pool.run(X, rows, cols), close: () => pool.close() };
    },
    describe: (i, v) => describeValue(spec, i, v),
  };
}

/** Loads an ONNX model file and checks it is usable for the sync; errors name the file and the problem. */
export async function loadScoringModel(path: string): Promise<ScoringModel> {
  try {
    // Read once: the same bytes are loaded and hashed, so the digest is of what is scored.
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw new ModelError(`cannot read model file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const digest = createHash('sha256').update(bytes).digest('hex');
    const loaded = await loadModel<FittedFeatureSpec>(bytes, { parseSpec: parseFittedFeatureSpec, specFeatureNames: featureNames });
    return adaptLoadedModel({ ...loaded, source: path }, digest);
  } catch (err) {
    if (err instanceof ModelError) throw err;
    // loadModel names byte input 'model bytes': name the file instead.
    const msg = (err as Error).message.replaceAll('model bytes', path);
    throw new ModelError(msg.includes(path) ? msg : `Model ${path}: ${msg}`);
  }
}
