// Score drift: how far today's score distribution has moved from the training population's.
// The training scores' deciles travel inside the model (metadata account_score.training_scores);
// a run counts its scores into the same bins and computes the population stability index.
import { z } from 'zod';
import { parseJson } from '../../util/json.js';

export const TRAINING_SCORES_KEY = 'account_score.training_scores';
/** Past this PSI the population has shifted enough that the model's ranking is suspect (common practice). */
export const PSI_WARN = 0.25;

/** Decile edges of the training scores (2 decimals, as stored) and the share of training rows in each bin. */
export const TrainingScores = z.object({
  v: z.literal(1),
  rows: z.number().int().positive(),
  /** 9 ascending cut points; bin k holds scores in [edges[k-1], edges[k]) */
  edges: z.array(z.number()).length(9),
  fractions: z.array(z.number().min(0).max(1)).length(10),
});
export type TrainingScores = z.infer<typeof TrainingScores>;

const r2 = (x: number) => Math.round(x * 100) / 100;

function binOf(edges: readonly number[], s: number): number {
  let k = 0;
  while (k < edges.length && s >= edges[k]) k++;
  return k;
}

/** Deciles of the training scores, for the model's metadata. */
export function trainingScoreDeciles(scores: ArrayLike<number>): TrainingScores {
  const sorted = Float64Array.from(scores, r2).sort();
  const n = sorted.length;
  if (n === 0) throw new Error('trainingScoreDeciles: no scores');
  const edges = Array.from({ length: 9 }, (_, i) => sorted[Math.min(n - 1, Math.floor(((i + 1) * n) / 10))]);
  const counts = new Array<number>(10).fill(0);
  for (const s of sorted) counts[binOf(edges, s)]++;
  return { v: 1, rows: n, edges, fractions: counts.map((c) => c / n) };
}

export function parseTrainingScores(text: string | undefined): TrainingScores | undefined {
  if (text === undefined) return undefined;
  const p = TrainingScores.safeParse(parseJson(text, `metadata ${TRAINING_SCORES_KEY}`));
  if (!p.success) throw new Error(`metadata ${TRAINING_SCORES_KEY} is invalid: ${p.error.issues[0]?.path.join('.')}: ${p.error.issues[0]?.message}`);
  return p.data;
}

export interface Drift {
  psi: number;
  /** share of training rows and of today's accounts per training decile */
  bins: { expected: number; actual: number }[];
  drifted: boolean;
}

/**
 * PSI = sum over bins of (actual - expected) * ln(actual / expected), shares floored at 0.0001
 * so an empty bin counts as a large shift instead of infinity. `countBelow(x)` = today's
 * accounts scoring below x; `total` = all of them.
 */
export function scoreDrift(training: TrainingScores, countBelow: (x: number) => number, total: number): Drift {
  const floor = 1e-4;
  const cum = [0, ...training.edges.map(countBelow), total];
  let psi = 0;
  const bins = training.fractions.map((expected, k) => {
    const actual = total === 0 ? 0 : (cum[k + 1] - cum[k]) / total;
    const a = Math.max(actual, floor);
    const e = Math.max(expected, floor);
    psi += (a - e) * Math.log(a / e);
    return { expected, actual };
  });
  return { psi, bins, drifted: psi > PSI_WARN };
}
