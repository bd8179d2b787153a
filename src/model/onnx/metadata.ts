import { z } from 'zod';
import { parseJson } from '../../util/json.js';
import type { Ensemble } from '../ensemble.js';

/** metadata_props keys written by exportOnnx and read by loadModel. */
export const META = {
  featureSpec: 'account_score.feature_spec',
  featureNames: 'account_score.feature_names',
  modelVersion: 'account_score.model_version',
  trainedAt: 'account_score.trained_at',
  metrics: 'account_score.metrics',
  scoreScale: 'account_score.score_scale',
  covers: 'account_score.covers',
  baseScore: 'account_score.base_score',
  format: 'account_score.format',
  trainParams: 'account_score.train_params',
  label: 'account_score.label',
} as const;

/**
 * Map from margin (log-odds) to score points: linear = offset + factor * margin, compressed
 * towards 0/100 beyond the tails' knees (optional: models written before they existed use the
 * defaults in calibrate/scale.ts).
 */
export const ScoreScaleSchema = z.object({
  offset: z.number().finite(),
  factor: z.number().finite().positive(),
  tails: z
    .object({ low: z.number().gt(0).lt(50), high: z.number().gt(50).lt(100) })
    .optional(),
});
export type ScoreScale = z.infer<typeof ScoreScaleSchema>;

/**
 * Covers are stored as JSON: one array per tree, one number per node (node order = node id),
 * rounded to 6 significant digits. TreeSHAP only needs cover ratios, so the rounding is harmless.
 */
export function encodeCovers(ensemble: Ensemble): string {
  return JSON.stringify(ensemble.trees.map((t) => t.cover.map((c) => Number(c.toPrecision(6)))));
}

export function decodeCovers(text: string, ensemble: Ensemble): number[][] {
  const covers = z.array(z.array(z.number().nonnegative())).safeParse(parseJson(text, `metadata ${META.covers}`));
  if (!covers.success) throw new Error(`metadata ${META.covers} must be an array of number arrays (one per tree)`);
  if (covers.data.length !== ensemble.trees.length) {
    throw new Error(`metadata ${META.covers} has ${covers.data.length} trees, the ensemble has ${ensemble.trees.length}`);
  }
  covers.data.forEach((c, t) => {
    if (c.length !== ensemble.trees[t].feature.length) {
      throw new Error(`metadata ${META.covers} tree ${t} has ${c.length} nodes, the ensemble tree has ${ensemble.trees[t].feature.length}`);
    }
  });
  return covers.data;
}

export function parseScoreScale(text: string | undefined): ScoreScale | undefined {
  if (text === undefined) return undefined;
  const r = ScoreScaleSchema.safeParse(parseJson(text, `metadata ${META.scoreScale}`));
  if (!r.success) throw new Error(`metadata ${META.scoreScale} must be {offset, factor>0, tails?: {low, high}}: ${r.error.issues[0]?.message}`);
  return r.data;
}
