import { fitLogistic, predictLogistic } from '../baselines/logistic.js';
import { predictProba, trainGbdt, type GbdtParamsInput, type TrainProgress, type TrainResult } from '../train/index.js';
import { stratifiedHoldout, stratifiedKFold, takeLabels, takeRows } from './cv.js';
import { evaluateProbabilities, summariseFolds, type CvSummary, type MetricSet } from './report.js';

export interface ExperimentOptions {
  params?: GbdtParamsInput;
  folds?: number;
  holdoutFraction?: number;
  seed?: number;
  /** Share of each training fold held back for early stopping. */
  earlyStoppingFraction?: number;
  earlyStoppingRounds?: number;
  logisticLambda?: number;
  onProgress?: (msg: string) => void;
  /** Progress lines while a model trains, at most this often per fold (default 5000 ms). */
  progressEveryMs?: number;
}

/** ExperimentOptions with every default filled in (what a fold needs; plain data, so it crosses to a worker). */
export type FoldOptions = Required<Omit<ExperimentOptions, 'onProgress' | 'params'>> & { params: GbdtParamsInput };

/** One CV fold's results. */
export interface FoldResult {
  bestIteration: number;
  gbdt: MetricSet;
  logistic: MetricSet;
  baseRate: MetricSet;
  seconds: number;
}

export interface ModelResults {
  folds: MetricSet[];
  summary: CvSummary;
  holdout: MetricSet;
}

export interface ExperimentResult {
  trainRows: Int32Array;
  holdoutRows: Int32Array;
  gbdt: ModelResults & { bestIterations: number[] };
  logistic: ModelResults;
  baseRate: ModelResults;
  /** Trees in the final model (mean early-stopped count across folds). */
  finalTrees: number;
  /** Final model trained on every non-holdout row. */
  final: TrainResult;
  /** Final model's holdout probabilities and labels (charts, thresholds). */
  holdoutProba: Float64Array;
  holdoutY: Uint8Array;
  logisticHoldoutProba: Float64Array;
}

/** GBDT fit with early stopping on a stratified slice of the given rows. */
export function fitEarlyStopped(
  X: Float32Array,
  cols: number,
  y: Uint8Array,
  rows: Int32Array,
  o: FoldOptions,
  seed: number,
  onProgress?: (p: TrainProgress) => void,
): TrainResult {
  const yr = takeLabels(y, rows);
  const inner = stratifiedHoldout(yr, o.earlyStoppingFraction, seed);
  const tr = inner.train.map((i) => rows[i]);
  const va = inner.holdout.map((i) => rows[i]);
  return trainGbdt(takeRows(X, cols, tr), tr.length, cols, takeLabels(y, tr), { ...o.params, earlyStoppingRounds: o.earlyStoppingRounds }, {
    valid: { X: takeRows(X, cols, va), rows: va.length, y: takeLabels(y, va) },
    onProgress,
    progressEveryMs: o.progressEveryMs,
  });
}

/**
 * One CV fold: GBDT with early stopping inside the fold's training rows, logistic regression and
 * the base rate, each scored on the fold's test rows. `train`/`test` index rows of X.
 */
export function runFold(X: Float32Array, cols: number, y: Uint8Array, train: Int32Array, test: Int32Array, o: FoldOptions, k: number, onProgress?: (p: TrainProgress) => void): FoldResult {
  const t0 = Date.now();
  const Xte = takeRows(X, cols, test);
  const yte = takeLabels(y, test);
  const m = fitEarlyStopped(X, cols, y, train, o, o.seed + 100 + k, onProgress);
  const gbdt = evaluateProbabilities(predictProba(m.ensemble, Xte, test.length, cols), yte);
  const Xtr = takeRows(X, cols, train);
  const ytr = takeLabels(y, train);
  const lr = fitLogistic(Xtr, train.length, cols, ytr, { lambda: o.logisticLambda });
  const logistic = evaluateProbabilities(predictLogistic(lr, Xte, test.length), yte);
  const baseRate = evaluateProbabilities(constant(ytr, test.length), yte);
  return { bestIteration: m.bestIteration, gbdt, logistic, baseRate, seconds: (Date.now() - t0) / 1000 };
}

/** "fold 2 of 5: 240 trees, validation AUC 0.8123 (best 180)" */
export function foldProgressLine(k: number, folds: number, p: TrainProgress): string {
  return `fold ${k + 1} of ${folds}: ${p.trees} trees, validation AUC ${p.validAuc?.toFixed(4) ?? 'n/a'} (best at ${p.bestTrees} trees)`;
}

export function foldDoneLine(k: number, folds: number, r: FoldResult): string {
  return `fold ${k + 1} of ${folds} done: GBDT ${r.bestIteration + 1} trees, AUC ${r.gbdt.rocAuc.toFixed(4)}; logistic AUC ${r.logistic.rocAuc.toFixed(4)} (${r.seconds.toFixed(1)} s)`;
}

/**
 * The evaluation protocol: an untouched stratified holdout; stratified k-fold CV on the
 * rest for GBDT (early stopping inside each fold), logistic regression and the base rate;
 * then the final GBDT on all non-holdout rows with the mean early-stopped tree count,
 * scored once on the holdout.
 */
export function runExperiment(X: Float32Array, rows: number, cols: number, y: Uint8Array, opts: ExperimentOptions = {}): ExperimentResult {
  const plan = planExperiment(X, rows, cols, y, opts);
  const log = opts.onProgress ?? (() => {});
  const folds = plan.folds.map((f, k) => {
    const r = runFold(X, cols, y, f.train, f.test, plan.o, k, (p) => log(foldProgressLine(k, plan.o.folds, p)));
    log(foldDoneLine(k, plan.o.folds, r));
    return r;
  });
  return finishExperiment(X, cols, y, plan, folds, log);
}

export interface ExperimentPlan {
  o: FoldOptions;
  train: Int32Array;
  holdout: Int32Array;
  yTrain: Uint8Array;
  /** fold train/test rows, as rows of X */
  folds: Array<{ train: Int32Array; test: Int32Array }>;
}

/** The untouched holdout and the CV folds (rows of X), with every option defaulted. */
export function planExperiment(X: Float32Array, rows: number, cols: number, y: Uint8Array, opts: ExperimentOptions = {}): ExperimentPlan {
  const o: FoldOptions = {
    params: opts.params ?? {},
    folds: opts.folds ?? 5,
    holdoutFraction: opts.holdoutFraction ?? 0.2,
    seed: opts.seed ?? 42,
    earlyStoppingFraction: opts.earlyStoppingFraction ?? 0.15,
    earlyStoppingRounds: opts.earlyStoppingRounds ?? 30,
    logisticLambda: opts.logisticLambda ?? 1,
    progressEveryMs: opts.progressEveryMs ?? 5000,
  };
  if (X.length !== rows * cols || y.length !== rows) throw new Error(`experiment: X must be ${rows} x ${cols} and y ${rows} long`);
  const { train, holdout } = stratifiedHoldout(y, o.holdoutFraction, o.seed);
  const yTrain = takeLabels(y, train);
  const folds = stratifiedKFold(yTrain, o.folds, o.seed + 1).map((fold) => ({ train: fold.train.map((i) => train[i]), test: fold.test.map((i) => train[i]) }));
  return { o, train, holdout, yTrain, folds };
}

/** After the folds: the final GBDT on every non-holdout row with the mean early-stopped tree count, scored once on the holdout. */
/** The final model's tree count: the mean early-stopped count over the folds. */
export function finalTreeCount(folds: FoldResult[]): number {
  return Math.max(1, Math.round(folds.reduce((a, f) => a + f.bestIteration + 1, 0) / folds.length));
}

/** The final model's parameters: the experiment's, without early stopping (its tree count is set from the folds). */
export function finalParams(o: FoldOptions): GbdtParamsInput {
  const { earlyStoppingRounds: _drop, ...p } = o.params;
  void _drop;
  return p;
}

/**
 * After the folds: the final GBDT on every non-holdout row with the mean early-stopped tree count
 * (trained here unless `trained` already holds it), scored once on the holdout.
 */
export function finishExperiment(
  X: Float32Array,
  cols: number,
  y: Uint8Array,
  plan: ExperimentPlan,
  folds: FoldResult[],
  log: (msg: string) => void = () => {},
  trained?: TrainResult,
): ExperimentResult {
  const { o, train, holdout, yTrain } = plan;
  const bestIterations = folds.map((f) => f.bestIteration + 1);
  const finalTrees = finalTreeCount(folds);
  const Xtrain = takeRows(X, cols, train);
  if (!trained) log(`training the final model: ${finalTrees} trees on ${train.length} rows`);
  const final =
    trained ??
    trainGbdt(Xtrain, train.length, cols, yTrain, { ...finalParams(o), nEstimators: finalTrees }, {
      onProgress: (p) => {
        if (!p.done) log(`final model: ${p.trees} of ${finalTrees} trees`);
      },
      progressEveryMs: o.progressEveryMs,
    });
  if (final.ensemble.trees.length !== finalTrees) throw new Error(`final model has ${final.ensemble.trees.length} trees, expected ${finalTrees}`);
  const Xho = takeRows(X, cols, holdout);
  const yho = takeLabels(y, holdout);
  const holdoutProba = predictProba(final.ensemble, Xho, holdout.length, cols);
  const lr = fitLogistic(Xtrain, train.length, cols, yTrain, { lambda: o.logisticLambda });
  const logisticHoldoutProba = predictLogistic(lr, Xho, holdout.length);
  log(`final: ${finalTrees} trees on ${train.length} rows; holdout ${holdout.length} rows`);
  const g = folds.map((f) => f.gbdt);
  const l = folds.map((f) => f.logistic);
  const b = folds.map((f) => f.baseRate);
  return {
    trainRows: train,
    holdoutRows: holdout,
    gbdt: { folds: g, summary: summariseFolds(g), holdout: evaluateProbabilities(holdoutProba, yho), bestIterations },
    logistic: { folds: l, summary: summariseFolds(l), holdout: evaluateProbabilities(logisticHoldoutProba, yho) },
    baseRate: { folds: b, summary: summariseFolds(b), holdout: evaluateProbabilities(constant(yTrain, holdout.length), yho) },
    finalTrees,
    final,
    holdoutProba,
    holdoutY: yho,
    logisticHoldoutProba,
  };
}

/** Base-rate "model": every row gets the training positive rate. */
function constant(yTrain: Uint8Array, n: number): Float64Array {
  let pos = 0;
  for (let i = 0; i < yTrain.length; i++) pos += yTrain[i];
  return new Float64Array(n).fill(pos / yTrain.length);
}
