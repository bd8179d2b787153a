// The training core: inputs + labels → features → CV + holdout → final model → ONNX + model card.
// trainModelFromOrg (train-pipeline.ts) reads an org directory into inputs + labels and calls this;
// `sf score train` calls it with inputs from a live org or a CSV export.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultFeatureSpec, encodeBatch, featureLabels, featureNames, fitFeatureSpec, type AccountInput, type FeatureSpec } from '../../features/index.js';
import { specFieldSummary } from '../../features/infer/index.js';
import { writeModelCard, type ModelCardReport } from '../card/index.js';
import { fitScoreScale, toScore, trainingScoreDeciles, TRAINING_SCORES_KEY } from '../calibrate/index.js';
import { capacityThreshold, maxF1Threshold, runExperimentParallel, takeRows, type ExperimentResult } from '../evaluate/index.js';
import { exportOnnx } from '../onnx/export.js';
import { META } from '../onnx/metadata.js';
import { globalImportance, treeShap } from '../shap/tree-shap.js';
import { predictMargin, type GbdtParamsInput } from '../train/index.js';
import { columnUsability, noUsableColumnsMessage, type ColumnUsability } from './usable-columns.js';

export class NoUsableColumnsError extends Error {
  override name = 'NoUsableColumnsError';
  constructor(
    message: string,
    readonly usability: ColumnUsability,
  ) {
    super(message);
  }
}

/**
 * Defaults for the shipped model: small learning rate, early stopping picks the tree count.
 * Chosen by 3-fold CV on the seed-42 training rows only (scripts/tune-model.ts): small trees
 * (8 leaves, depth 4) with more regularisation edged out 16 and 31 leaves (CV ROC-AUC 0.7951 vs
 * 0.7937 for the previous defaults): the signal is mostly additive with a few pairwise interactions.
 */
export const DEFAULT_TRAIN_PARAMS: GbdtParamsInput = {
  nEstimators: 2000,
  learningRate: 0.03,
  maxDepth: 4,
  maxLeaves: 8,
  minChildWeight: 20,
  lambdaL2: 10,
  subsample: 0.8,
  colsampleByTree: 0.7,
  seed: 42,
};
/** Rounds without validation improvement before a CV fold stops (noisy at a 3% positive rate, so patient). */
export const DEFAULT_EARLY_STOPPING_ROUNDS = 100;

export interface TrainFromInputsOptions {
  inputs: readonly AccountInput[];
  /** 0/1 per input */
  labels: Uint8Array;
  /** label definition, recorded in the model and card (e.g. "Converted_To_SQL__c") */
  label: string;
  /** where the data came from, recorded in the card (an org URL, a file) */
  source: string;
  outDir: string;
  /** contacts read, for the card */
  contacts?: number;
  spec?: FeatureSpec;
  /** where the spec came from, for the card: "default", "inferred", a file path */
  specSource?: string;
  params?: GbdtParamsInput;
  folds?: number;
  holdoutFraction?: number;
  seed?: number;
  earlyStoppingRounds?: number;
  modelVersion?: string;
  /** Team capacity for the "top N accounts" threshold. */
  capacity?: number;
  /** CV folds trained at once on worker threads (default min(2, cores)); 1 = in this thread. Same model either way. */
  threads?: number;
  onProgress?: (msg: string) => void;
  now?: Date;
  /** "Today" for dates in notes ("in March" -> months ago); defaults to now. Use the org's snapshot date for history. */
  asOf?: Date;
  /**
   * Synthetic generator seed, for generated orgs only. When set (null: a generated org whose seed is
   * unknown) the ONNX metadata carries account_score.generator_seed (empty for null) and the card shows it.
   */
  generatorSeed?: number | string | null;
}

export interface TrainFromInputsResult {
  onnxPath: string;
  onnxBytes: number;
  report: ModelCardReport;
  experiment: ExperimentResult;
  modelVersion: string;
  /** seconds per step: encode, train+evaluate, shap, export, card */
  timings: Record<string, number>;
}

const logit = (p: number) => Math.log(p / (1 - p));

/** Inputs + labels → features → CV + holdout → final model → ONNX + model card in outDir. */
export async function trainModelFromInputs(o: TrainFromInputsOptions): Promise<TrainFromInputsResult> {
  const log = o.onProgress ?? (() => {});
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (k: string) => {
    timings[k] = (Date.now() - t) / 1000;
    t = Date.now();
  };
  if (o.labels.length !== o.inputs.length) throw new Error(`trainModelFromInputs: ${o.labels.length} labels for ${o.inputs.length} accounts`);
  const y = o.labels;
  const positives = y.reduce((a, b) => a + b, 0);
  const spec = o.spec ?? defaultFeatureSpec();
  // Vocabularies use no labels, so fitting them on every row leaks nothing into the holdout.
  const fitted = fitFeatureSpec(spec, o.inputs);
  const enc = encodeBatch(fitted, o.inputs, { asOf: o.asOf });
  const names = featureNames(fitted);
  const labels = featureLabels(fitted);
  log(`encoded ${enc.rows} accounts x ${enc.cols} features (${positives} positive)`);
  const usability = columnUsability(fitted, enc.data, enc.rows, enc.cols);
  if (!usability.usable) throw new NoUsableColumnsError(noUsableColumnsMessage(usability), usability);
  lap('encode');

  const params = { ...DEFAULT_TRAIN_PARAMS, minChildWeight: defaultMinChildWeight(y), ...o.params };
  const seed = o.seed ?? 42;
  const folds = o.folds ?? 5;
  const exp = await runExperimentParallel(enc.data, enc.rows, enc.cols, y, {
    threads: o.threads,
    params,
    folds,
    holdoutFraction: o.holdoutFraction ?? 0.2,
    seed,
    earlyStoppingRounds: o.earlyStoppingRounds ?? DEFAULT_EARLY_STOPPING_ROUNDS,
    onProgress: log,
  });
  lap('train+evaluate');
  const ens = exp.final.ensemble;

  // Score scale from the training margins (1st pct → 0, 99.9th → 100).
  const Xtrain = takeRows(enc.data, enc.cols, exp.trainRows);
  let scoreScale;
  const trainMargins = predictMargin(ens, Xtrain, exp.trainRows.length, enc.cols);
  try {
    scoreScale = fitScoreScale(trainMargins);
  } catch (e) {
    // Too few converters for any split to pass the regularisation, or features unrelated to the label: say which.
    const cause =
      positives < 100
        ? 'More converted accounts are needed.'
        : `With ${positives} converted accounts, the fields themselves carry no signal about ${o.label}${usability.empty.length + usability.constant.length ? ` (${[...usability.empty, ...usability.constant].join(', ')} are empty or constant)` : ''}: choose other fields with --spec (see "sf score spec init").`;
    throw new Error(
      `The model found nothing that separates the ${positives} converted accounts from the other ${enc.rows - positives} ` +
        `(${ens.trees.length} trees, all scores equal), so no model was written. ${cause} (${(e as Error).message})`,
    );
  }
  const toScoreOfP = (p: number) => toScore(logit(p), scoreScale);

  // Global importance: mean |SHAP| over (up to 5,000 of) the holdout rows; more adds time, not insight.
  log('computing factor importance (TreeSHAP on the holdout)');
  const shapRows = exp.holdoutRows.subarray(0, Math.min(5000, exp.holdoutRows.length));
  const phi = treeShap(ens, takeRows(enc.data, enc.cols, shapRows), shapRows.length, enc.cols);
  const imp = globalImportance(phi, shapRows.length, enc.cols);
  const importance = Array.from(imp, (value, i) => ({ feature: names[i], label: labels[i], value }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 20);
  lap('shap');

  const capacity = o.capacity ?? Math.max(1, Math.round(exp.holdoutRows.length * 0.05));
  const thresholds = [maxF1Threshold(exp.holdoutProba, exp.holdoutY), capacityThreshold(exp.holdoutProba, exp.holdoutY, capacity)].map((c) => ({ ...c, score: toScoreOfP(c.threshold) }));

  const now = o.now ?? new Date();
  // Date + a hash of the trees, feature spec and scale: a same-day retrain gets a new version,
  // the same training gets the same one (checkpoints and stored scores are keyed on it).
  const contentHash = createHash('sha256').update(exportOnnx(ens, { featureNames: names })).update(JSON.stringify(fitted)).update(JSON.stringify(scoreScale)).digest('hex').slice(0, 8);
  const modelVersion = o.modelVersion ?? `gbdt-${now.toISOString().slice(0, 10)}-${contentHash}`;
  const metrics = {
    holdout: { rocAuc: exp.gbdt.holdout.rocAuc, prAuc: exp.gbdt.holdout.prAuc, logLoss: exp.gbdt.holdout.logLoss, brier: exp.gbdt.holdout.brier, liftTop10: exp.gbdt.holdout.lift[1].lift },
    cv: { rocAuc: exp.gbdt.summary.rocAuc.mean, rocAucSd: exp.gbdt.summary.rocAuc.sd, prAuc: exp.gbdt.summary.prAuc.mean },
    baselines: { logisticRocAuc: exp.logistic.holdout.rocAuc, baseRateLogLoss: exp.baseRate.holdout.logLoss },
    data: { accounts: enc.rows, positives, positiveRate: positives / enc.rows, generatorSeed: o.generatorSeed ?? null, source: o.source },
    trees: ens.trees.length,
  };
  const bytes = exportOnnx(ens, {
    featureNames: names,
    metadata: {
      [META.featureSpec]: JSON.stringify(fitted),
      [META.modelVersion]: modelVersion,
      [META.trainedAt]: now.toISOString(),
      [META.metrics]: JSON.stringify(metrics),
      [META.scoreScale]: JSON.stringify(scoreScale),
      // the training population's score deciles: each sync measures drift against them
      [TRAINING_SCORES_KEY]: JSON.stringify(trainingScoreDeciles(Array.from(trainMargins, (m) => toScore(m, scoreScale)))),
      ...(o.generatorSeed !== undefined ? { 'account_score.generator_seed': String(o.generatorSeed ?? '') } : {}),
      'account_score.label': o.label,
      'account_score.train_params': JSON.stringify(exp.final.params),
    },
    docString: `Account Score ${modelVersion}: P(${o.label}) from ${enc.cols} features`,
  });
  await mkdir(o.outDir, { recursive: true });
  const onnxPath = join(o.outDir, 'account-score.onnx');
  await writeFile(onnxPath, bytes);
  lap('export');

  const report: ModelCardReport = {
    modelVersion,
    trainedAt: now.toISOString(),
    label: o.label,
    data: { source: o.source, accounts: enc.rows, positives, generatorSeed: o.generatorSeed ?? undefined, features: enc.cols, contacts: o.contacts ?? 0 },
    split: { trainRows: exp.trainRows.length, holdoutRows: exp.holdoutRows.length, folds, seed },
    model: { trees: ens.trees.length, params: exp.final.params, onnxBytes: bytes.length },
    cv: { gbdt: exp.gbdt.summary, logistic: exp.logistic.summary, baseRate: exp.baseRate.summary, bestIterations: exp.gbdt.bestIterations },
    holdout: { gbdt: exp.gbdt.holdout, logistic: exp.logistic.holdout, baseRate: exp.baseRate.holdout },
    curves: { y: exp.holdoutY, model: exp.holdoutProba, baseline: exp.logisticHoldoutProba },
    importance: { kind: 'mean-abs-shap', rows: importance },
    thresholds,
    scoreScale,
    spec: { source: o.specSource ?? (o.spec ? 'custom' : 'default'), target: fitted.target ?? (o.spec ? undefined : 'an account converting to a sales-qualified lead'), fields: specFieldSummary(fitted), excluded: fitted.excluded },
  };
  log('writing the model card');
  await writeModelCard(o.outDir, report);
  lap('card');
  return { onnxPath, onnxBytes: bytes.length, report, experiment: exp, modelVersion, timings };
}

/**
 * Minimum hessian per leaf: the tuned 20 (chosen by CV on 100k-300k accounts at 3%), scaled
 * down for smaller orgs so a leaf still needs ~1/150 of the total hessian n·p·(1-p). A fixed
 * 20 needs ~700 accounts per leaf at 3% converters, which lets a 5,000-account org learn
 * almost nothing; orgs of ~100k accounts and more keep exactly 20.
 */
export function defaultMinChildWeight(labels: Uint8Array): number {
  const n = labels.length;
  if (n === 0) return DEFAULT_TRAIN_PARAMS.minChildWeight ?? 20;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i];
  const p = positives / n;
  const totalHessian = n * p * (1 - p);
  return Math.min(DEFAULT_TRAIN_PARAMS.minChildWeight ?? 20, Math.max(1, Math.round(totalHessian / 150)));
}
