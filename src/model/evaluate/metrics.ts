import { checkLabels, orderDesc } from './sort.js';

/** Exact ROC-AUC (Mann-Whitney, tied scores count one half). Any monotone score works. */
export function rocAuc(scores: ArrayLike<number>, y: ArrayLike<number>): number {
  const { nPos, nNeg } = checkLabels(scores, y);
  if (nPos === 0 || nNeg === 0) return NaN;
  const order = orderDesc(scores);
  // Walk groups of tied scores from the top: each negative beats nothing, each positive
  // beats the negatives below it; ties count 1/2.
  let negBelow = nNeg;
  let wins = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    let p = 0;
    let q = 0;
    const s = scores[order[i]];
    while (j < order.length && scores[order[j]] === s) {
      if (y[order[j]] === 1) p++;
      else q++;
      j++;
    }
    negBelow -= q;
    wins += p * negBelow + 0.5 * p * q;
    i = j;
  }
  return wins / (nPos * nNeg);
}

/** Average precision (area under the PR step curve, as scikit-learn computes it). */
export function averagePrecision(scores: ArrayLike<number>, y: ArrayLike<number>): number {
  const { nPos } = checkLabels(scores, y);
  if (nPos === 0) return NaN;
  const order = orderDesc(scores);
  let tp = 0;
  let k = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i]];
    while (i < order.length && scores[order[i]] === s) {
      tp += y[order[i]];
      k++;
      i++;
    }
    const recall = tp / nPos;
    ap += (recall - prevRecall) * (tp / k);
    prevRecall = recall;
  }
  return ap;
}

const EPS = 1e-15;

/** Mean binary log loss of probabilities (clipped to [1e-15, 1-1e-15]). */
export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLabels(p, y);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i]));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLabels(p, y);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return s / p.length;
}

export interface ThresholdMetrics {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of rows with score >= threshold. */
  sharePredictedPositive: number;
}

/** Confusion counts when score >= threshold is called positive. */
export function atThreshold(scores: ArrayLike<number>, y: ArrayLike<number>, threshold: number): ThresholdMetrics {
  checkLabels(scores, y);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pred = scores[i] >= threshold;
    if (pred && y[i] === 1) tp++;
    else if (pred) fp++;
    else if (y[i] === 1) fn++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, tp, fp, fn, tn, precision, recall, f1, sharePredictedPositive: (tp + fp) / scores.length };
}

export interface LiftRow {
  /** Top share of accounts, e.g. 0.1 for the top 10%. */
  fraction: number;
  accounts: number;
  positives: number;
  /** Conversion rate in the top share. */
  precision: number;
  /** Share of all conversions found in the top share. */
  recall: number;
  /** precision / overall positive rate. */
  lift: number;
}

/** Lift and recall in the top fraction of accounts by score (ties broken by row order). */
export function liftTable(scores: ArrayLike<number>, y: ArrayLike<number>, fractions: number[] = [0.05, 0.1, 0.2]): LiftRow[] {
  const { nPos } = checkLabels(scores, y);
  const order = orderDesc(scores);
  const n = scores.length;
  const base = nPos / n;
  return fractions.map((fraction) => {
    if (!(fraction > 0 && fraction <= 1)) throw new Error(`lift fraction ${fraction} must be in (0, 1]`);
    const k = Math.max(1, Math.ceil(fraction * n));
    let pos = 0;
    for (let i = 0; i < k; i++) pos += y[order[i]];
    const precision = pos / k;
    return { fraction, accounts: k, positives: pos, precision, recall: nPos > 0 ? pos / nPos : NaN, lift: base > 0 ? precision / base : NaN };
  });
}

export interface CalibrationBin {
  bin: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
}

/** Equal-count bins (deciles by default) of predicted probability: mean predicted vs observed. */
export function calibrationTable(p: ArrayLike<number>, y: ArrayLike<number>, nBins = 10): CalibrationBin[] {
  checkLabels(p, y);
  const order = orderDesc(p).reverse(); // ascending
  const n = p.length;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    const s = Math.floor((b * n) / nBins);
    const e = Math.floor(((b + 1) * n) / nBins);
    if (e <= s) continue;
    let sp = 0;
    let sy = 0;
    for (let i = s; i < e; i++) {
      sp += p[order[i]];
      sy += y[order[i]];
    }
    out.push({ bin: b + 1, count: e - s, meanPredicted: sp / (e - s), observedRate: sy / (e - s), minPredicted: p[order[s]], maxPredicted: p[order[e - 1]] });
  }
  return out;
}
