import { z } from 'zod';
import { META } from '../onnx/metadata.js';

export const sigmoid = (m: number): number => 1 / (1 + Math.exp(-m));

const TrainParams = z.object({ classWeight: z.enum(['none', 'balanced']).optional(), scalePosWeight: z.number().positive().optional() }).passthrough();
const TrainData = z.object({ data: z.object({ accounts: z.number().positive(), positives: z.number().positive() }) }).passthrough();

/**
 * Log of the positive-class weight ratio the model was trained with: a weighted fit learns
 * log-odds shifted by log(wPos/wNeg), so subtracting it gives a calibrated probability. 0 for
 * unweighted training and for models that do not record their training (external exports).
 * 'balanced' weights are n/(2·pos) and n/(2·neg): the ratio is neg/pos over the training data.
 */
export function classWeightShift(metadata: Record<string, string>): number {
  const raw = metadata[META.trainParams];
  if (raw === undefined) return 0;
  const params = TrainParams.safeParse(JSON.parse(raw));
  if (!params.success) throw new Error(`metadata ${META.trainParams} is not a training parameter object`);
  if (params.data.classWeight === 'balanced') {
    const metrics = TrainData.safeParse(JSON.parse(metadata[META.metrics] ?? 'null'));
    if (!metrics.success) throw new Error(`metadata ${META.trainParams} says classWeight "balanced" but ${META.metrics} has no data.accounts/positives to undo it`);
    const { accounts, positives } = metrics.data.data;
    return Math.log((accounts - positives) / positives);
  }
  return Math.log(params.data.scalePosWeight ?? 1);
}

/** Calibrated P(convert) for a margin of a model trained with the given class-weight shift. */
export const conversionProbability = (margin: number, shift: number): number => sigmoid(margin - shift);
