import { fitLogistic, predictLogistic } from '../baselines/logistic.js';
import { predictProba, trainGbdt, type GbdtParamsInput, type TrainResult } from '../train/index.js';
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
function fitEarlyStopped(X: Float32Array, cols: number, y: Uint8Array, rows: Int32Array, o: Required<Omit<ExperimentOptions, 'onProgress' | 'params'>> & { params: GbdtParamsInput }, seed: number): TrainResult {
  const yr = takeLabels(y, rows);
  const inner = stratifiedHoldout(yr, o.earlyStoppingFraction, seed);
  const tr = inner.train.map((i) => rows[i]);
  const va = inner.holdout.map((i) => rows[i]);
  return trainGbdt(takeRows(X, cols, tr), tr.length, cols, takeLabels(y, tr), { ...o.params, earlyStoppingRounds: o.earlyStoppingRounds }, {
    valid: { X: takeRows(X, cols, va), rows: va.length, y: takeLabels(y, va) },
  });
}

/**
 * The evaluation protocol: an untouched stratified holdout; stratified k-fold CV on the
 * rest for GBDT (early stopping inside each fold), logistic regression and the base rate;
 * then the final GBDT on all non-holdout rows with the mean early-stopped tree count,
 * scored once on the holdout.
 */
export function runExperiment(X: Float32Array, rows: number, cols: number, y: Uint8Array, opts: ExperimentOptions = {}): ExperimentResult {
  const o = {
    params: opts.params ?? {},
    folds: opts.folds ?? 5,
    holdoutFraction: opts.holdoutFraction ?? 0.2,
    seed: opts.seed ?? 42,
    earlyStoppingFraction: opts.earlyStoppingFraction ?? 0.15,
    earlyStoppingRounds: opts.earlyStoppingRounds ?? 30,
    logisticLambda: opts.logisticLambda ?? 1,
  };
  const log = opts.onProgress ?? (() => {});
  if (X.length !== rows * cols || y.length !== rows) throw new Error(`experiment: X must be ${rows} x ${cols} and y ${rows} long`);
  const { train, holdout } = stratifiedHoldout(y, o.holdoutFraction, o.seed);
  const yTrain = takeLabels(y, train);
  const folds = stratifiedKFold(yTrain, o.folds, o.seed + 1);
  const g: MetricSet[] = [];
  const l: MetricSet[] = [];
  const b: MetricSet[] = [];
  const bestIterations: number[] = [];
  folds.forEach((fold, k) => {
    const tr = fold.train.map((i) => train[i]);
    const te = fold.test.map((i) => train[i]);
    const Xte = takeRows(X, cols, te);
    const yte = takeLabels(y, te);
    const t0 = Date.now();
    const m = fitEarlyStopped(X, cols, y, tr, o, o.seed + 100 + k);
    bestIterations.push(m.bestIteration + 1);
    g.push(evaluateProbabilities(predictProba(m.ensemble, Xte, te.length, cols), yte));
    const Xtr = takeRows(X, cols, tr);
    const ytr = takeLabels(y, tr);
    const lr = fitLogistic(Xtr, tr.length, cols, ytr, { lambda: o.logisticLambda });
    l.push(evaluateProbabilities(predictLogistic(lr, Xte, te.length), yte));
    b.push(evaluateProbabilities(constant(ytr, te.length), yte));
    log(`fold ${k + 1}/${o.folds}: GBDT ${m.bestIteration + 1} trees, AUC ${g[k].rocAuc.toFixed(4)}; logistic AUC ${l[k].rocAuc.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  });
  const finalTrees = Math.max(1, Math.round(bestIterations.reduce((a, c) => a + c, 0) / bestIterations.length));
  const Xtrain = takeRows(X, cols, train);
  const { earlyStoppingRounds: _drop, ...finalParams } = o.params;
  void _drop;
  const final = trainGbdt(Xtrain, train.length, cols, yTrain, { ...finalParams, nEstimators: finalTrees });
  const Xho = takeRows(X, cols, holdout);
  const yho = takeLabels(y, holdout);
  const holdoutProba = predictProba(final.ensemble, Xho, holdout.length, cols);
  const lr = fitLogistic(Xtrain, train.length, cols, yTrain, { lambda: o.logisticLambda });
  const logisticHoldoutProba = predictLogistic(lr, Xho, holdout.length);
  log(`final: ${finalTrees} trees on ${train.length} rows; holdout ${holdout.length} rows`);
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
