import { z } from 'zod';

export const TierThresholdsSchema = z
  .object({ hot: z.number().finite().min(0).max(100), warm: z.number().finite().min(0).max(100) })
  .refine((t) => t.warm < t.hot, { message: 'warm threshold must be below hot threshold' });
export type TierThresholds = z.infer<typeof TierThresholdsSchema>;
export const TIERS = ['Hot', 'Warm', 'Cold'] as const;
export type Tier = (typeof TIERS)[number];

/** Accounts per tier (reports, plans, comparisons). */
export const TierCounts = z.object({ Hot: z.number().int().nonnegative(), Warm: z.number().int().nonnegative(), Cold: z.number().int().nonnegative() });
export type TierCounts = z.infer<typeof TierCounts>;

/** Throws a readable error for invalid thresholds (e.g. warm >= hot, out of 0-100). */
export function checkThresholds(t: TierThresholds): TierThresholds {
  const r = TierThresholdsSchema.safeParse(t);
  if (!r.success) throw new Error(`invalid tier thresholds hot=${t?.hot} warm=${t?.warm}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

/** score >= hot -> Hot, >= warm -> Warm, else Cold. Thresholds are checked once, where they are read (checkThresholds). */
export function tierFor(score: number, thresholds: TierThresholds): Tier {
  if (Number.isNaN(score)) throw new Error('tierFor: score is NaN');
  return score >= thresholds.hot ? 'Hot' : score >= thresholds.warm ? 'Warm' : 'Cold';
}
