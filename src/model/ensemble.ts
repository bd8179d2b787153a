import { z } from 'zod';

/**
 * The in-memory tree ensemble shared by the trainer, the ONNX exporter/importer, the
 * scorer and TreeSHAP. Binary classification: margin = baseScore + sum of leaf values of
 * every tree; probability = sigmoid(margin).
 *
 * Node arrays are parallel, indexed by node id; node 0 is the root. A split sends a row
 * left when x[feature] < threshold (ONNX BRANCH_LT), right otherwise; NaN goes left when
 * missingLeft is 1 (ONNX nodes_missing_value_tracks_true with BRANCH_LT's true branch).
 */
export const TreeSchema = z.object({
  feature: z.array(z.number().int()), // -1 for leaves
  threshold: z.array(z.number()),
  left: z.array(z.number().int()), // -1 for leaves
  right: z.array(z.number().int()),
  missingLeft: z.array(z.union([z.literal(0), z.literal(1)])),
  value: z.array(z.number()), // leaf value (log-odds contribution); 0 for inner nodes
  cover: z.array(z.number()), // training hessian/sample weight reaching the node (TreeSHAP needs it)
});
export type Tree = z.infer<typeof TreeSchema>;

export const EnsembleSchema = z.object({
  nFeatures: z.number().int().positive(),
  baseScore: z.number(), // margin added before the trees (log-odds of the weighted base rate)
  trees: z.array(TreeSchema),
});
export type Ensemble = z.infer<typeof EnsembleSchema>;
