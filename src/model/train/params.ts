import { z } from 'zod';

/** Hyper-parameters of the histogram GBDT trainer (binary logloss). Leaf-wise growth capped by depth. */
export const GbdtParamsSchema = z
  .object({
    nEstimators: z.number().int().min(1).max(20000).default(300),
    learningRate: z.number().gt(0).lte(1).default(0.05),
    maxDepth: z.number().int().min(1).max(20).default(6),
    maxLeaves: z.number().int().min(2).max(4096).default(31),
    minChildWeight: z.number().min(0).default(1),
    minSplitGain: z.number().min(0).default(0),
    lambdaL2: z.number().min(0).default(1),
    subsample: z.number().gt(0).lte(1).default(1),
    colsampleByTree: z.number().gt(0).lte(1).default(1),
    /** Value bins per feature (NaN gets its own extra bin). */
    maxBins: z.number().int().min(2).max(255).default(255),
    /** Rows sampled to compute quantile bin edges. */
    binSampleSize: z.number().int().min(100).default(100_000),
    scalePosWeight: z.number().gt(0).default(1),
    classWeight: z.enum(['none', 'balanced']).default('none'),
    earlyStoppingRounds: z.number().int().min(1).optional(),
    /**
     * Relative validation-loss improvement that counts as progress for early stopping: training stops
     * after earlyStoppingRounds rounds without a gain of more than this share of the best loss (a
     * plateau). The kept trees still end at the lowest loss seen. 0 = any improvement counts.
     */
    earlyStoppingTolerance: z.number().min(0).lt(1).default(0),
    seed: z.number().int().default(42),
  })
  .strict()
  .refine((p) => !(p.classWeight === 'balanced' && p.scalePosWeight !== 1), {
    message: 'use either classWeight "balanced" or scalePosWeight, not both',
    path: ['scalePosWeight'],
  });

export type GbdtParams = z.infer<typeof GbdtParamsSchema>;
export type GbdtParamsInput = z.input<typeof GbdtParamsSchema>;

/** Parse params, turning zod issues into one readable error. */
export function parseGbdtParams(input: GbdtParamsInput = {}): GbdtParams {
  const r = GbdtParamsSchema.safeParse(input);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    throw new Error(`Invalid GBDT params: ${msg}`);
  }
  return r.data;
}
