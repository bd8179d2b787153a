import { EnsembleSchema, type Ensemble } from '../ensemble.js';
import { encodeModel, AttrType, DataType, type AttributeObj, type ModelObj } from './proto.js';
import { ceilFloat32 } from './float32.js';
import { META, encodeCovers } from './metadata.js';

export const INPUT_NAME = 'features';
export const PROBABILITIES_OUTPUT = 'probabilities';
export const LABEL_OUTPUT = 'label';

export interface ExportOptions {
  featureNames: string[];
  /** Free-form metadata_props (e.g. account_score.feature_spec, model_version, metrics). */
  metadata?: Record<string, string>;
  producerVersion?: string;
  /** ONNX ModelProto.model_version (integer); defaults to 1. */
  modelVersion?: number;
  docString?: string;
}

const ints = (name: string, v: number[]): AttributeObj => ({ name, type: AttrType.INTS, ints: v });
const floats = (name: string, v: number[]): AttributeObj => ({ name, type: AttrType.FLOATS, floats: v });
const enc = new TextEncoder();
const strs = (name: string, v: string[]): AttributeObj => ({ name, type: AttrType.STRINGS, strings: v.map((s) => enc.encode(s)) });
const str = (name: string, v: string): AttributeObj => ({ name, type: AttrType.STRING, s: enc.encode(v) });

/**
 * Writes the ensemble as an ai.onnx.ml TreeEnsembleClassifier (opset ml 3, default 17).
 *
 * Arrangement verified against onnxruntime-node 1.30 (test/model/onnx-export.test.ts):
 * all leaf weights on class_ids 0 with classlabels [0, 1] and base_values [baseScore] make
 * onnxruntime treat the single score as the positive-class margin, so
 * probabilities = [1 - sigmoid(m), sigmoid(m)] with m = baseScore + sum of leaves, whatever
 * the leaf signs. (Weights on class 1 instead give [0.5, sigmoid(sum)] and drop base_values.)
 * The `label` output is not used: onnxruntime thresholds it on the raw sum when all leaf
 * weights are >= 0. Thresholds are rounded UP to float32 so `x < t` routes every float32
 * input exactly as the double-precision split did.
 */
export function exportOnnx(ensemble: Ensemble, opts: ExportOptions): Uint8Array {
  const parsed = EnsembleSchema.safeParse(ensemble);
  if (!parsed.success) throw new Error(`exportOnnx: invalid ensemble: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const F = ensemble.nFeatures;
  if (opts.featureNames.length !== F) {
    throw new Error(`exportOnnx: ${opts.featureNames.length} feature names given for an ensemble with ${F} features`);
  }
  if (!Number.isFinite(ensemble.baseScore)) throw new Error('exportOnnx: baseScore must be finite');

  const treeIds: number[] = [], nodeIds: number[] = [], featureIds: number[] = [], modes: string[] = [];
  const values: number[] = [], trueIds: number[] = [], falseIds: number[] = [], missingTrue: number[] = [];
  const cTree: number[] = [], cNode: number[] = [], cIds: number[] = [], cWeights: number[] = [];

  ensemble.trees.forEach((t, ti) => {
    const n = t.feature.length;
    for (const [name, arr] of Object.entries({ threshold: t.threshold, left: t.left, right: t.right, missingLeft: t.missingLeft, value: t.value, cover: t.cover })) {
      if (arr.length !== n) throw new Error(`exportOnnx: tree ${ti} has ${n} features but ${arr.length} ${name} entries`);
    }
    for (let i = 0; i < n; i++) {
      treeIds.push(ti);
      nodeIds.push(i);
      if (t.feature[i] < 0) {
        if (!Number.isFinite(t.value[i])) throw new Error(`exportOnnx: tree ${ti} leaf ${i} has a non-finite value`);
        featureIds.push(0); modes.push('LEAF'); values.push(0); trueIds.push(0); falseIds.push(0); missingTrue.push(0);
        cTree.push(ti); cNode.push(i); cIds.push(0); cWeights.push(t.value[i]);
      } else {
        const f = t.feature[i], l = t.left[i], r = t.right[i];
        if (f >= F) throw new Error(`exportOnnx: tree ${ti} node ${i} splits on feature ${f}, ensemble has ${F}`);
        if (l <= 0 || r <= 0 || l >= n || r >= n || l === r) throw new Error(`exportOnnx: tree ${ti} node ${i} has invalid children ${l}/${r}`);
        if (Number.isNaN(t.threshold[i])) throw new Error(`exportOnnx: tree ${ti} node ${i} has a NaN threshold`);
        featureIds.push(f); modes.push('BRANCH_LT'); values.push(ceilFloat32(t.threshold[i]));
        trueIds.push(l); falseIds.push(r); missingTrue.push(t.missingLeft[i]);
      }
    }
  });

  const metadata: Record<string, string> = {
    [META.format]: '1',
    [META.featureNames]: JSON.stringify(opts.featureNames),
    [META.covers]: encodeCovers(ensemble),
    [META.baseScore]: String(ensemble.baseScore),
    ...opts.metadata,
  };

  const dims = (d: (number | string)[]) => ({ dim: d.map((x) => (typeof x === 'number' ? { dim_value: x } : { dim_param: x })) });
  const model: ModelObj = {
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }, { domain: 'ai.onnx.ml', version: 3 }],
    producer_name: 'account-score',
    producer_version: opts.producerVersion ?? '0.1.0',
    domain: 'account-score',
    model_version: opts.modelVersion ?? 1,
    doc_string: opts.docString ?? 'Account Score: gradient-boosted trees, binary logloss. probabilities[:,1] = P(converted to SQL).',
    graph: {
      name: 'account_score',
      node: [{
        name: 'trees', op_type: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml',
        input: [INPUT_NAME], output: [LABEL_OUTPUT, PROBABILITIES_OUTPUT],
        attribute: [
          ints('classlabels_int64s', [0, 1]),
          floats('base_values', [ensemble.baseScore]),
          str('post_transform', 'LOGISTIC'),
          ints('nodes_treeids', treeIds), ints('nodes_nodeids', nodeIds), ints('nodes_featureids', featureIds),
          strs('nodes_modes', modes), floats('nodes_values', values),
          ints('nodes_truenodeids', trueIds), ints('nodes_falsenodeids', falseIds),
          ints('nodes_missing_value_tracks_true', missingTrue),
          ints('class_treeids', cTree), ints('class_nodeids', cNode), ints('class_ids', cIds), floats('class_weights', cWeights),
        ],
      }],
      input: [{ name: INPUT_NAME, doc_string: opts.featureNames.join(','), type: { tensor_type: { elem_type: DataType.FLOAT, shape: dims(['N', F]) } } }],
      output: [
        { name: LABEL_OUTPUT, type: { tensor_type: { elem_type: DataType.INT64, shape: dims(['N']) } } },
        { name: PROBABILITIES_OUTPUT, type: { tensor_type: { elem_type: DataType.FLOAT, shape: dims(['N', 2]) } } },
      ],
    },
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  return encodeModel(model);
}
