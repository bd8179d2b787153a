import { checkLabels, orderDesc } from './sort.js';

export interface CurvePoint {
  threshold: number;
  tp: number;
  fp: number;
}

/** One point per distinct score (descending): counts of rows with score >= threshold. */
export function cumulativeCounts(scores: ArrayLike<number>, y: ArrayLike<number>): { points: CurvePoint[]; nPos: number; nNeg: number } {
  const { nPos, nNeg } = checkLabels(scores, y);
  const order = orderDesc(scores);
  const points: CurvePoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i]];
    while (i < order.length && scores[order[i]] === s) {
      if (y[order[i]] === 1) tp++;
      else fp++;
      i++;
    }
    points.push({ threshold: s, tp, fp });
  }
  return { points, nPos, nNeg };
}

export interface XY {
  x: number;
  y: number;
}

/** Thin a curve to at most maxPoints (keeps ends) so charts stay small. */
export function thin(points: XY[], maxPoints = 200): XY[] {
  if (points.length <= maxPoints) return points;
  const out: XY[] = [];
  const step = (points.length - 1) / (maxPoints - 1);
  for (let k = 0; k < maxPoints; k++) out.push(points[Math.round(k * step)]);
  return out;
}

export function rocCurve(scores: ArrayLike<number>, y: ArrayLike<number>): XY[] {
  const { points, nPos, nNeg } = cumulativeCounts(scores, y);
  return [{ x: 0, y: 0 }, ...points.map((p) => ({ x: p.fp / nNeg, y: p.tp / nPos }))];
}

/** Precision (y) against recall (x). */
export function prCurve(scores: ArrayLike<number>, y: ArrayLike<number>): XY[] {
  const { points, nPos } = cumulativeCounts(scores, y);
  return points.map((p) => ({ x: p.tp / nPos, y: p.tp / (p.tp + p.fp) }));
}
