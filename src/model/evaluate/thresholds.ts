import { cumulativeCounts } from './curves.js';
import { orderDesc } from './sort.js';

export interface ChosenThreshold {
  /** Call an account positive when score >= threshold. */
  threshold: number;
  rule: string;
  precision: number;
  recall: number;
  f1: number;
  accounts: number;
}

/** The PR-curve point with the highest F1. */
export function maxF1Threshold(scores: ArrayLike<number>, y: ArrayLike<number>): ChosenThreshold {
  const { points, nPos } = cumulativeCounts(scores, y);
  if (nPos === 0) throw new Error('cannot choose a max-F1 threshold without positives');
  let best: ChosenThreshold | null = null;
  for (const p of points) {
    const precision = p.tp / (p.tp + p.fp);
    const recall = p.tp / nPos;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (!best || f1 > best.f1) best = { threshold: p.threshold, rule: 'max F1', precision, recall, f1, accounts: p.tp + p.fp };
  }
  return best!;
}

/**
 * Threshold for a team that can work `capacity` accounts: the capacity-th highest score.
 * Ties at the boundary can admit a few more accounts; `accounts` reports the real count.
 */
export function capacityThreshold(scores: ArrayLike<number>, y: ArrayLike<number>, capacity: number): ChosenThreshold {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer (got ${capacity})`);
  const order = orderDesc(scores);
  const k = Math.min(capacity, order.length);
  const threshold = scores[order[k - 1]];
  const { points, nPos } = cumulativeCounts(scores, y);
  const p = points.find((q) => q.threshold === threshold)!;
  const precision = p.tp / (p.tp + p.fp);
  const recall = nPos > 0 ? p.tp / nPos : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, rule: `top ${capacity} accounts`, precision, recall, f1, accounts: p.tp + p.fp };
}
