import { basename } from 'node:path';
import { defaultFeatureSpec } from '../../features/index.js';
import { readOrgDir } from './read-org.js';
import { DEFAULT_EARLY_STOPPING_ROUNDS, trainModelFromInputs, type TrainFromInputsOptions, type TrainFromInputsResult } from './train-from-inputs.js';

export { DEFAULT_TRAIN_PARAMS, DEFAULT_EARLY_STOPPING_ROUNDS } from './train-from-inputs.js';

/** trainModelFromInputs' options, with an org directory in place of the inputs, labels, source and contacts. */
export interface TrainPipelineOptions extends Omit<TrainFromInputsOptions, 'inputs' | 'labels' | 'source' | 'contacts' | 'generatorSeed'> {
  orgDir: string;
  /** Recorded in the card and metadata; defaults to the number in a "seedN" directory name. */
  generatorSeed?: number | string;
}

export type TrainPipelineResult = Omit<TrainFromInputsResult, 'modelVersion'>;

/** Org directory → inputs + labels → trainModelFromInputs (features → CV + holdout → final model → ONNX + model card). */
export async function trainModelFromOrg(o: TrainPipelineOptions): Promise<TrainPipelineResult> {
  const log = o.onProgress ?? (() => {});
  const started = Date.now();
  const spec = o.spec ?? defaultFeatureSpec();
  const org = await readOrgDir(o.orgDir, spec, { label: o.label });
  const labels = org.labels!;
  const positives = labels.reduce((a, b) => a + b, 0);
  log(`read ${org.inputs.length} accounts (${positives} positive) and ${org.contacts} contacts from ${o.orgDir}`);
  const read = (Date.now() - started) / 1000;

  const { orgDir, generatorSeed, ...common } = o;
  const r = await trainModelFromInputs({
    ...common,
    inputs: org.inputs,
    labels,
    source: orgDir,
    contacts: org.contacts,
    spec,
    earlyStoppingRounds: o.earlyStoppingRounds ?? DEFAULT_EARLY_STOPPING_ROUNDS,
    // an org directory is a generated org: the seed key is always recorded (empty when unknown)
    generatorSeed: generatorSeed ?? basename(orgDir).match(/seed(\d+)/)?.[1] ?? null,
  });
  return { onnxPath: r.onnxPath, onnxBytes: r.onnxBytes, report: r.report, experiment: r.experiment, timings: { read, ...r.timings } };
}
