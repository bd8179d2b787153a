import type { Ensemble, Tree } from '../ensemble.js';
import { decodeModel, DataType, type AttributeObj, type ModelObj, type NodeObj, type ValueInfoObj } from './proto.js';
import { nextUpFloat32 } from './float32.js';

/** What the importer read out of an ONNX file, normalised to the shared Ensemble form. */
export interface ImportedOnnx {
  ensemble: Ensemble;
  metadata: Record<string, string>;
  inputName: string;
  /** Feature count declared by the graph input's last dimension (undefined if symbolic). */
  declaredFeatureCount?: number;
  opType: 'TreeEnsembleClassifier' | 'TreeEnsembleRegressor';
  producerName?: string;
  /** Per-tree node popularity from nodes_hitrates, when the producer wrote it. */
  hitrates?: number[][];
}

const dec = new TextDecoder();

function attrMap(node: NodeObj): Map<string, AttributeObj> {
  return new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
}

function tensorNumbers(a: AttributeObj): number[] | undefined {
  const t = a.t;
  if (!t) return undefined;
  if (t.double_data?.length) return t.double_data;
  if (t.float_data?.length) return t.float_data;
  if (t.raw_data?.length) {
    const b = t.raw_data;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out: number[] = [];
    if (t.data_type === DataType.DOUBLE) for (let i = 0; i + 8 <= b.byteLength; i += 8) out.push(view.getFloat64(i, true));
    else for (let i = 0; i + 4 <= b.byteLength; i += 4) out.push(view.getFloat32(i, true));
    return out;
  }
  return [];
}

/** Reads a float list attribute, or its `<name>_as_tensor` double variant. */
function floatsOf(attrs: Map<string, AttributeObj>, name: string): number[] | undefined {
  const a = attrs.get(name);
  if (a?.floats) return a.floats;
  const t = attrs.get(`${name}_as_tensor`);
  return t ? tensorNumbers(t) : undefined;
}
const intsOf = (attrs: Map<string, AttributeObj>, name: string): number[] | undefined => attrs.get(name)?.ints;
const stringsOf = (attrs: Map<string, AttributeObj>, name: string): string[] | undefined => attrs.get(name)?.strings?.map((s) => dec.decode(s));
const stringOf = (attrs: Map<string, AttributeObj>, name: string): string | undefined => {
  const s = attrs.get(name)?.s;
  return s ? dec.decode(s) : undefined;
};

function required<T>(v: T | undefined, what: string, where: string): T {
  if (v === undefined) throw new Error(`${where}: attribute ${what} is missing`);
  return v;
}

function lastDim(v: ValueInfoObj | undefined): number | undefined {
  const dims = v?.type?.tensor_type?.shape?.dim;
  const last = dims?.[dims.length - 1];
  return last?.dim_value !== undefined && last.dim_value > 0 ? last.dim_value : undefined;
}

/**
 * Decodes ONNX bytes and converts the tree-ensemble node to the canonical Ensemble
 * (`x < threshold` goes left, NaN left iff missingLeft). `source` names the file in errors.
 *
 * Split modes: BRANCH_LT as is; BRANCH_LEQ becomes `x < nextUp(t)` (exact for float32 inputs);
 * BRANCH_GTE / BRANCH_GT swap the children (true branch on the right). BRANCH_EQ/NEQ are
 * refused. Missing values follow the true branch iff nodes_missing_value_tracks_true, else
 * the false branch (what onnxruntime does).
 *
 * Leaf weights and base_values are read the way onnxruntime scores them (see below), so a
 * normalised model scores exactly as onnxruntime scores the original file. post_transform must be LOGISTIC for a classifier (leaves in log-odds); a regressor must
 * use SUM aggregation and have NONE (a following Sigmoid, if any, is implied).
 */
export function importOnnx(bytes: Uint8Array, source = 'model'): ImportedOnnx {
  let model: ModelObj;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    throw new Error(`${source} is not a valid ONNX model (protobuf decode failed: ${(e as Error).message})`);
  }
  const graph = model.graph;
  if (!graph || !graph.node?.length) throw new Error(`${source} is not a valid ONNX model (no graph or empty graph)`);
  const metadata: Record<string, string> = {};
  for (const p of model.metadata_props ?? []) if (p.key) metadata[p.key] = p.value ?? '';

  const treeNodes = graph.node.filter((n) => (n.op_type === 'TreeEnsembleClassifier' || n.op_type === 'TreeEnsembleRegressor') && (n.domain ?? '') === 'ai.onnx.ml');
  if (treeNodes.length === 0) {
    const ops = [...new Set(graph.node.map((n) => n.op_type))].join(', ');
    throw new Error(`${source} has no ai.onnx.ml TreeEnsembleClassifier/TreeEnsembleRegressor node (found: ${ops})`);
  }
  if (treeNodes.length > 1) throw new Error(`${source} has ${treeNodes.length} tree-ensemble nodes; only one is supported`);
  const node = treeNodes[0];
  const where = `${source}: ${node.op_type}`;
  const opType = node.op_type as ImportedOnnx['opType'];
  // Graph inputs that are not initializers are the real inputs; a tree model has exactly one.
  const initNames = new Set((graph.initializer ?? []).map((t) => t.name));
  const realInputs = (graph.input ?? []).filter((i) => !initNames.has(i.name));
  if (realInputs.length !== 1) throw new Error(`${source} must have exactly one graph input (features float [N, F]); found ${realInputs.length}`);
  const input = realInputs[0];
  const elem = input.type?.tensor_type?.elem_type;
  if (elem !== DataType.FLOAT) throw new Error(`${source}: input '${input.name}' must be a float tensor [N, F] (elem_type ${elem ?? 'missing'})`);
  if (node.input?.[0] !== input.name) throw new Error(`${source}: the tree ensemble must read the graph input '${input.name}' directly (it reads '${node.input?.[0]}')`);

  const a = attrMap(node);
  const isClassifier = opType === 'TreeEnsembleClassifier';
  const post = stringOf(a, 'post_transform') ?? 'NONE';
  if (isClassifier && post !== 'LOGISTIC') {
    throw new Error(`${where}: post_transform ${post} is not supported; leaf weights must be log-odds with LOGISTIC (binary classifier)`);
  }
  if (!isClassifier) {
    if (post !== 'NONE') throw new Error(`${where}: post_transform ${post} is not supported for a regressor (expected NONE, optionally followed by Sigmoid)`);
    const agg = stringOf(a, 'aggregate_function') ?? 'SUM';
    if (agg !== 'SUM') throw new Error(`${where}: aggregate_function ${agg} is not supported (expected SUM)`);
    const nt = a.get('n_targets')?.i ?? 1;
    if (nt !== 1) throw new Error(`${where}: n_targets ${nt} is not supported (expected 1)`);
  } else {
    const labels = intsOf(a, 'classlabels_int64s') ?? stringsOf(a, 'classlabels_strings');
    if (!labels || labels.length !== 2) throw new Error(`${where}: expected a binary classifier (2 class labels), found ${labels?.length ?? 0}`);
  }

  const treeIds = required(intsOf(a, 'nodes_treeids'), 'nodes_treeids', where);
  const nodeIds = required(intsOf(a, 'nodes_nodeids'), 'nodes_nodeids', where);
  const featIds = required(intsOf(a, 'nodes_featureids'), 'nodes_featureids', where);
  const modes = required(stringsOf(a, 'nodes_modes'), 'nodes_modes', where);
  const values = required(floatsOf(a, 'nodes_values'), 'nodes_values', where);
  const trueIds = required(intsOf(a, 'nodes_truenodeids'), 'nodes_truenodeids', where);
  const falseIds = required(intsOf(a, 'nodes_falsenodeids'), 'nodes_falsenodeids', where);
  const missing = intsOf(a, 'nodes_missing_value_tracks_true') ?? [];
  const hit = floatsOf(a, 'nodes_hitrates');
  const n = treeIds.length;
  for (const [name, arr] of [['nodes_nodeids', nodeIds], ['nodes_featureids', featIds], ['nodes_modes', modes], ['nodes_values', values], ['nodes_truenodeids', trueIds], ['nodes_falsenodeids', falseIds]] as const) {
    if (arr.length !== n) throw new Error(`${where}: ${name} has ${arr.length} entries, nodes_treeids has ${n}`);
  }
  const p = isClassifier ? 'class_' : 'target_';
  const wTree = required(intsOf(a, `${p}treeids`), `${p}treeids`, where);
  const wNode = required(intsOf(a, `${p}nodeids`), `${p}nodeids`, where);
  const wIds = required(intsOf(a, `${p}ids`), `${p}ids`, where);
  const wVal = required(floatsOf(a, `${p}weights`), `${p}weights`, where);
  if (wNode.length !== wTree.length || wIds.length !== wTree.length || wVal.length !== wTree.length) {
    throw new Error(`${where}: ${p}treeids/nodeids/ids/weights have different lengths`);
  }
  const classes = new Set(wIds);
  if (classes.size > 2) throw new Error(`${where}: weights for ${classes.size} classes; only binary models are supported`);
  const base = floatsOf(a, 'base_values') ?? [];
  // Which weights form the positive-class margin, replicating onnxruntime 1.30 (verified in
  // test/model/onnx-import.test.ts): one weighted class (either id) is the margin, plus the
  // last base value. With weights on both classes and two base values onnxruntime computes
  // sigmoid(sum of class-0 weights + base_values[1]); with fewer base values, sigmoid(class-1 sum).
  let marginClass: number;
  let baseScore: number;
  if (classes.size <= 1) {
    marginClass = wIds[0] ?? 0;
    baseScore = base.length === 0 ? 0 : base[base.length - 1];
  } else if (base.length === 2) {
    marginClass = 0;
    baseScore = base[1];
  } else {
    marginClass = 1;
    baseScore = 0;
  }
  // Group node rows by tree, then map ONNX node ids to dense indices with the root first.
  const byTree = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    let list = byTree.get(treeIds[k]);
    if (!list) byTree.set(treeIds[k], (list = []));
    list.push(k);
  }
  const treeOrder = [...byTree.keys()].sort((x, y) => x - y);
  const trees: Tree[] = [];
  const hitrates: number[][] = [];
  let maxFeature = -1;
  const treeIndex = new Map<number, number>();
  for (const tid of treeOrder) {
    const rows = byTree.get(tid)!;
    const idToRow = new Map<number, number>();
    for (const k of rows) {
      if (idToRow.has(nodeIds[k])) throw new Error(`${where}: tree ${tid} has node id ${nodeIds[k]} twice`);
      idToRow.set(nodeIds[k], k);
    }
    const referenced = new Set<number>();
    for (const k of rows) if (modes[k] !== 'LEAF') { referenced.add(trueIds[k]); referenced.add(falseIds[k]); }
    const roots = rows.filter((k) => !referenced.has(nodeIds[k]));
    if (roots.length !== 1) throw new Error(`${where}: tree ${tid} has ${roots.length} root nodes (expected 1)`);
    // Breadth-first renumbering so children always have larger indices than parents.
    const order: number[] = [roots[0]];
    const dense = new Map<number, number>([[nodeIds[roots[0]], 0]]);
    for (let q = 0; q < order.length; q++) {
      const k = order[q];
      if (modes[k] === 'LEAF') continue;
      for (const child of [trueIds[k], falseIds[k]]) {
        if (!idToRow.has(child)) throw new Error(`${where}: tree ${tid} node ${nodeIds[k]} points to missing node ${child}`);
        if (dense.has(child)) throw new Error(`${where}: tree ${tid} node ${child} has two parents (not a tree)`);
        dense.set(child, order.length);
        order.push(idToRow.get(child)!);
      }
    }
    const m = order.length;
    const t: Tree = { feature: new Array<number>(m), threshold: new Array<number>(m), left: new Array<number>(m), right: new Array<number>(m), missingLeft: new Array<0 | 1>(m), value: new Array<number>(m).fill(0), cover: new Array<number>(m).fill(0) };
    const hr = new Array<number>(m).fill(0);
    order.forEach((k, i) => {
      hr[i] = hit?.[k] ?? 0;
      const mode = modes[k];
      if (mode === 'LEAF') {
        t.feature[i] = -1; t.threshold[i] = 0; t.left[i] = -1; t.right[i] = -1; t.missingLeft[i] = 0;
        return;
      }
      const th = values[k];
      if (Number.isNaN(th)) throw new Error(`${where}: tree ${tid} node ${nodeIds[k]} has a NaN threshold`);
      const tIdx = dense.get(trueIds[k])!, fIdx = dense.get(falseIds[k])!;
      const missTrue = missing[k] === 1;
      t.feature[i] = featIds[k];
      maxFeature = Math.max(maxFeature, featIds[k]);
      switch (mode) {
        case 'BRANCH_LT': // x < t -> true
          t.threshold[i] = th; t.left[i] = tIdx; t.right[i] = fIdx; t.missingLeft[i] = missTrue ? 1 : 0; break;
        case 'BRANCH_LEQ': // x <= t  <=>  x < nextUp(t) for float32 x
          t.threshold[i] = nextUpFloat32(th); t.left[i] = tIdx; t.right[i] = fIdx; t.missingLeft[i] = missTrue ? 1 : 0; break;
        case 'BRANCH_GTE': // x >= t  <=>  !(x < t): true branch is on the right
          t.threshold[i] = th; t.left[i] = fIdx; t.right[i] = tIdx; t.missingLeft[i] = missTrue ? 0 : 1; break;
        case 'BRANCH_GT': // x > t  <=>  !(x < nextUp(t))
          t.threshold[i] = nextUpFloat32(th); t.left[i] = fIdx; t.right[i] = tIdx; t.missingLeft[i] = missTrue ? 0 : 1; break;
        default:
          throw new Error(`${where}: tree ${tid} node ${nodeIds[k]} uses split mode ${mode}, which is not supported (supported: BRANCH_LT, BRANCH_LEQ, BRANCH_GT, BRANCH_GTE, LEAF)`);
      }
    });
    treeIndex.set(tid, trees.length);
    trees.push(t);
    hitrates.push(hr);
    // Stash the id -> dense map for the weights pass.
    (t as Tree & { _dense?: Map<number, number> })._dense = dense;
  }
  for (let w = 0; w < wTree.length; w++) {
    if (wIds[w] !== marginClass) continue;
    const ti = treeIndex.get(wTree[w]);
    if (ti === undefined) throw new Error(`${where}: weight ${w} refers to unknown tree ${wTree[w]}`);
    const t = trees[ti] as Tree & { _dense?: Map<number, number> };
    const i = t._dense!.get(wNode[w]);
    if (i === undefined || t.feature[i] !== -1) throw new Error(`${where}: weight ${w} refers to tree ${wTree[w]} node ${wNode[w]}, which is not a leaf`);
    if (!Number.isFinite(wVal[w])) throw new Error(`${where}: weight ${w} (tree ${wTree[w]} node ${wNode[w]}) is not finite`);
    t.value[i] += wVal[w];
  }
  for (const t of trees) delete (t as Tree & { _dense?: Map<number, number> })._dense;

  const declared = lastDim(input);
  const nFeatures = declared ?? maxFeature + 1;
  if (maxFeature >= nFeatures) throw new Error(`${where}: splits use feature index ${maxFeature} but the input '${input.name}' has ${nFeatures} features`);
  return {
    ensemble: { nFeatures: Math.max(1, nFeatures), baseScore, trees },
    metadata,
    inputName: input.name ?? 'features',
    declaredFeatureCount: declared,
    opType,
    producerName: model.producer_name,
    hitrates: hit ? hitrates : undefined,
  };
}
