import { cumulativeCounts, prCurve, rocCurve, thin, type XY } from '../evaluate/curves.js';
import type { CalibrationBin } from '../evaluate/metrics.js';
import { barChart, lineChart, type LineChartSpec } from './svg.js';

const MODEL = '#1b6ec2';
const BASELINE = '#d9822b';
const CHANCE = '#888888';
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Share of conversions found (y) when working the top x share of accounts by score. */
export function gainsCurve(scores: ArrayLike<number>, y: ArrayLike<number>): XY[] {
  const { points, nPos } = cumulativeCounts(scores, y);
  const n = scores.length;
  return [{ x: 0, y: 0 }, ...points.map((p) => ({ x: (p.tp + p.fp) / n, y: p.tp / nPos }))];
}

export interface ChartInputs {
  y: ArrayLike<number>;
  model: ArrayLike<number>;
  baseline: ArrayLike<number>;
  calibration: CalibrationBin[];
  importance: { label: string; value: number }[];
  importanceTitle: string;
  importanceAxis: string;
}

const DIAGONAL: XY[] = [{ x: 0, y: 0 }, { x: 1, y: 1 }];

/** A curve over the unit square for the boosted trees and the logistic baseline, with a dashed reference line. */
function versusBaseline(
  c: ChartInputs,
  curve: (scores: ArrayLike<number>, y: ArrayLike<number>) => XY[],
  text: Pick<LineChartSpec, 'title' | 'xLabel' | 'yLabel' | 'tickFormat'>,
  reference: { name: string; points: XY[] },
): string {
  return lineChart({
    ...text,
    xDomain: [0, 1],
    yDomain: [0, 1],
    series: [
      { name: 'Boosted trees', points: thin(curve(c.model, c.y)), color: MODEL },
      { name: 'Logistic regression', points: thin(curve(c.baseline, c.y)), color: BASELINE },
      { ...reference, color: CHANCE, dashed: true },
    ],
  });
}

/** The five model-card charts as SVG text, keyed by file name. */
export function renderCharts(c: ChartInputs): Record<string, string> {
  const positiveRate = Array.from(c.y).reduce((a, b) => a + b, 0) / c.y.length;
  const maxCal = Math.max(...c.calibration.flatMap((b) => [b.meanPredicted, b.observedRate]), 0.01);
  return {
    'roc.svg': versusBaseline(c, rocCurve, {
      title: 'ROC curve (holdout)',
      xLabel: 'False positive rate',
      yLabel: 'True positive rate (recall)',
    }, { name: 'Chance', points: DIAGONAL }),
    'pr.svg': versusBaseline(c, prCurve, {
      title: 'Precision-recall curve (holdout)',
      xLabel: 'Recall (share of conversions found)',
      yLabel: 'Precision (conversion rate)',
    }, { name: `Base rate (${(100 * positiveRate).toFixed(1)}%)`, points: [{ x: 0, y: positiveRate }, { x: 1, y: positiveRate }] }),
    'calibration.svg': lineChart({
      title: 'Calibration by decile (holdout)',
      xLabel: 'Mean predicted probability',
      yLabel: 'Observed conversion rate',
      xDomain: [0, maxCal * 1.05],
      yDomain: [0, maxCal * 1.05],
      tickFormat: (v) => `${Number((v * 100).toPrecision(3))}%`,
      series: [
        { name: 'Boosted trees', points: c.calibration.map((b) => ({ x: b.meanPredicted, y: b.observedRate })), color: MODEL, markers: true },
        { name: 'Perfect calibration', points: [{ x: 0, y: 0 }, { x: maxCal * 1.05, y: maxCal * 1.05 }], color: CHANCE, dashed: true },
      ],
    }),
    'lift.svg': versusBaseline(c, gainsCurve, {
      title: 'Cumulative gains: conversions found by working the top accounts',
      xLabel: 'Share of accounts worked (highest score first)',
      yLabel: 'Share of conversions found',
      tickFormat: pct,
    }, { name: 'Random order', points: DIAGONAL }),
    'importance.svg': barChart({ title: c.importanceTitle, xLabel: c.importanceAxis, bars: c.importance }),
  };
}
