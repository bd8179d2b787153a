import { basename } from 'node:path';
import { defaultFeatureSpec, type FeatureSpec } from '../../features/index.js';
import type { ModelCardReport } from '../card/index.js';
import type { ExperimentResult } from '../evaluate/index.js';
import type { GbdtParamsInput } from '../train/index.js';
import { readOrgDir } from './read-org.js';
import { DEFAULT_EARLY_STOPPING_ROUNDS, trainModelFromInputs } from './train-from-inputs.js';

export { DEFAULT_TRAIN_PARAMS, DEFAULT_EARLY_STOPPING_ROUNDS } from './train-from-inputs.js';

export interface TrainPipelineOptions {
  orgDir: string;
  label: string;
  outDir: string;
  spec?: FeatureSpec;
  params?: GbdtParamsInput;
  folds?: number;
  holdoutFraction?: number;
  seed?: number;
  earlyStoppingRounds?: number;
  /** Recorded in the card and metadata; defaults to the number in a "seedN" directory name. */
  generatorSeed?: number | string;
  modelVersion?: string;
  /** Team capacity for the "top N accounts" threshold. */
  capacity?: number;
  onProgress?: (msg: string) => void;
  now?: Date;
  /** "Today" for dates in notes ("in March" -> months ago); defaults to now. Use the org's snapshot date for history. */
  asOf?: Date;
}

export interface TrainPipelineResult {
  onnxPath: string;
  onnxBytes: number;
  report: ModelCardReport;
  experiment: ExperimentResult;
  timings: Record<string, number>;
}

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

  const generatorSeed = o.generatorSeed ?? basename(o.orgDir).match(/seed(\d+)/)?.[1];
  const r = await trainModelFromInputs({
    inputs: org.inputs,
    labels,
    label: o.label,
    source: o.orgDir,
    outDir: o.outDir,
    contacts: org.contacts,
    spec,
    params: o.params,
    folds: o.folds,
    holdoutFraction: o.holdoutFraction,
    seed: o.seed,
    earlyStoppingRounds: o.earlyStoppingRounds ?? DEFAULT_EARLY_STOPPING_ROUNDS,
    modelVersion: o.modelVersion,
    capacity: o.capacity,
    onProgress: o.onProgress,
    now: o.now,
    asOf: o.asOf,
    // an org directory is a generated org: the seed key is always recorded (empty when unknown)
    generatorSeed: generatorSeed ?? null,
  });
  return { onnxPath: r.onnxPath, onnxBytes: r.onnxBytes, report: r.report, experiment: r.experiment, timings: { read, ...r.timings } };
}
