import { atThreshold, averagePrecision, brier, calibrationTable, liftTable, logLoss, rocAuc, type CalibrationBin, type LiftRow, type ThresholdMetrics } from './metrics.js';
import { maxF1Threshold } from './thresholds.js';

export interface MetricSet {
  rows: number;
  positives: number;
  positiveRate: number;
  rocAuc: number;
  prAuc: number;
  logLoss: number;
  brier: number;
  lift: LiftRow[];
  /** Precision/recall/F1 at the threshold that maximises F1 on this set. */
  atMaxF1: ThresholdMetrics;
  calibration: CalibrationBin[];
}

/** All the metrics the model card reports, for probabilities p against labels y. */
export function evaluateProbabilities(p: ArrayLike<number>, y: ArrayLike<number>): MetricSet {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  const t = maxF1Threshold(p, y);
  return {
    rows: y.length,
    positives,
    positiveRate: positives / y.length,
    rocAuc: rocAuc(p, y),
    prAuc: averagePrecision(p, y),
    logLoss: logLoss(p, y),
    brier: brier(p, y),
    lift: liftTable(p, y),
    atMaxF1: atThreshold(p, y, t.threshold),
    calibration: calibrationTable(p, y),
  };
}

export interface MeanSd {
  mean: number;
  sd: number;
}

export function meanSd(xs: number[]): MeanSd {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

export interface CvSummary {
  folds: number;
  rocAuc: MeanSd;
  prAuc: MeanSd;
  logLoss: MeanSd;
  brier: MeanSd;
  liftTop10: MeanSd;
}

/** Mean ± sd (sample sd) of the headline metrics across folds. */
export function summariseFolds(folds: MetricSet[]): CvSummary {
  const col = (f: (m: MetricSet) => number) => meanSd(folds.map(f));
  return {
    folds: folds.length,
    rocAuc: col((m) => m.rocAuc),
    prAuc: col((m) => m.prAuc),
    logLoss: col((m) => m.logLoss),
    brier: col((m) => m.brier),
    liftTop10: col((m) => m.lift.find((l) => l.fraction === 0.1)?.lift ?? NaN),
  };
}
