/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeModel, AttrType, DataType, type AttributeObj, type ModelObj, type NodeObj } from '../../src/model/onnx/proto.js';
import { exportOnnx } from '../../src/model/onnx/export.js';
import { importOnnx } from '../../src/model/onnx/import.js';
import { loadModel, type LoadedModel } from '../../src/model/score/load.js';
import { scoreMatrix } from '../../src/model/score/score.js';
import { predictMarginTs } from '../../src/model/score/predict-ts.js';
import { sigmoid } from '../../src/model/calibrate/index.js';
import { randomEnsemble, randomMatrix } from '../fixtures/models/random-ensemble.js';
import type { Ensemble } from '../../src/model/ensemble.js';

const enc = new TextEncoder();
const ints = (name: string, v: number[]): AttributeObj => ({ name, type: AttrType.INTS, ints: v });
const floats = (name: string, v: number[]): AttributeObj => ({ name, type: AttrType.FLOATS, floats: v });
const strs = (name: string, v: string[]): AttributeObj => ({ name, type: AttrType.STRINGS, strings: v.map((s) => enc.encode(s)) });
const str = (name: string, v: string): AttributeObj => ({ name, type: AttrType.STRING, s: enc.encode(v) });
const tensorType = (elem: number, dims: (number | string)[]) => ({ tensor_type: { elem_type: elem, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } });

/**
 * An onnxmltools-LightGBM-shaped file: BRANCH_LEQ splits (LightGBM's `<=`), node ids in
 * depth-first order, class weights on class 0 only (onnxmltools' binary convention) or
 * on both classes, some GTE splits, base_values, a ZipMap producing the
 * sequence<map<int64,float>> output, input named "input". No feature names in metadata.
 */
function lightgbmLike(ens: Ensemble, opts: { bothClasses: boolean; zipMap: boolean }): Uint8Array {
  const a = { treeIds: [] as number[], nodeIds: [] as number[], feats: [] as number[], modes: [] as string[], vals: [] as number[], t: [] as number[], f: [] as number[], miss: [] as number[] };
  const w = { tree: [] as number[], node: [] as number[], ids: [] as number[], weights: [] as number[] };
  ens.trees.forEach((tree, ti) => {
    let next = 0;
    const emit = (i: number): number => {
      const id = next++;
      const pos = a.treeIds.length;
      a.treeIds.push(ti); a.nodeIds.push(id);
      a.feats.push(0); a.modes.push('LEAF'); a.vals.push(0); a.t.push(0); a.f.push(0); a.miss.push(0);
      if (tree.feature[i] < 0) {
        const v = Math.fround(tree.value[i]);
        // onnxruntime reads class-0 weights + base_values[1] as the margin when both classes carry weights.
        if (opts.bothClasses) { w.tree.push(ti, ti); w.node.push(id, id); w.ids.push(0, 1); w.weights.push(v, -v); }
        else { w.tree.push(ti); w.node.push(id); w.ids.push(0); w.weights.push(v); }
        return id;
      }
      // x < th  <=>  x <= prevFloat32(th) for float32 x (LightGBM writes <= thresholds).
      const th = Math.fround(tree.threshold[i]); // fixture thresholds are exact float32 or integers
      const f32 = new Float32Array([th]);
      const u = new Int32Array(f32.buffer);
      if (th === 0) f32[0] = -1.401298464324817e-45; // largest float32 below 0
      else u[0] += th > 0 ? -1 : 1;
      const useGte = (i + ti) % 3 === 0 && th !== 0;
      const l = emit(tree.left[i]);
      const r = emit(tree.right[i]);
      a.feats[pos] = tree.feature[i];
      if (useGte) { // x >= th is true -> right child
        a.modes[pos] = 'BRANCH_GTE'; a.vals[pos] = th; a.t[pos] = r; a.f[pos] = l; a.miss[pos] = tree.missingLeft[i] ? 0 : 1;
      } else {
        a.modes[pos] = 'BRANCH_LEQ'; a.vals[pos] = f32[0]; a.t[pos] = l; a.f[pos] = r; a.miss[pos] = tree.missingLeft[i];
      }
      return id;
    };
    emit(0);
  });
  const F = ens.nFeatures;
  const nodes: NodeObj[] = [{
    op_type: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', name: 'LightGbmLGBMClassifier', input: ['input'], output: ['label', 'probability_tensor'],
    attribute: [
      ints('classlabels_int64s', [0, 1]), str('post_transform', 'LOGISTIC'),
      floats('base_values', opts.bothClasses ? [-ens.baseScore, ens.baseScore] : [ens.baseScore]),
      ints('nodes_treeids', a.treeIds), ints('nodes_nodeids', a.nodeIds), ints('nodes_featureids', a.feats), strs('nodes_modes', a.modes),
      floats('nodes_values', a.vals), ints('nodes_truenodeids', a.t), ints('nodes_falsenodeids', a.f), ints('nodes_missing_value_tracks_true', a.miss),
      floats('nodes_hitrates', a.treeIds.map(() => 1)),
      ints('class_treeids', w.tree), ints('class_nodeids', w.node), ints('class_ids', w.ids), floats('class_weights', w.weights),
    ],
  }];
  const outputs = [{ name: 'label', type: tensorType(DataType.INT64, ['N']) }];
  if (opts.zipMap) {
    nodes.push({ op_type: 'ZipMap', domain: 'ai.onnx.ml', name: 'ZipMap', input: ['probability_tensor'], output: ['probabilities'], attribute: [ints('classlabels_int64s', [0, 1])] });
    outputs.push({ name: 'probabilities', type: { sequence_type: { elem_type: { map_type: { key_type: DataType.INT64, value_type: tensorType(DataType.FLOAT, []) } } } } } as never);
  } else {
    outputs.push({ name: 'probability_tensor', type: tensorType(DataType.FLOAT, ['N', 2]) });
  }
  const model: ModelObj = {
    ir_version: 7, producer_name: 'OnnxMLTools', producer_version: '1.12.0', domain: 'onnxconverter-common', model_version: 0,
    opset_import: [{ domain: 'ai.onnx.ml', version: 3 }, { domain: '', version: 15 }],
    graph: { name: 'lgbm', node: nodes, input: [{ name: 'input', type: tensorType(DataType.FLOAT, ['N', F]) }], output: outputs },
    metadata_props: [],
  };
  return encodeModel(model);
}

const opened: { release(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of opened) await s.release();
});
async function load(b: Uint8Array | string, o = {}): Promise<LoadedModel> {
  const m = await loadModel(b, o);
  opened.push(m.session);
  return m;
}

describe('importing ONNX tree ensembles from other tools', () => {
  const F = 8;
  const ens = randomEnsemble({ trees: 40, depth: 5, features: F, seed: 31 });
  for (const t of ens.trees) t.value = t.value.map((v) => Math.fround(v));
  ens.baseScore = Math.fround(ens.baseScore);
  const rows = 4000;
  const X = randomMatrix(rows, F, 32, 0.15);

  it.each([
    ['weights on class 0 only', false],
    ['weights mirrored on both classes', true],
  ])('scores an onnxmltools-style LightGBM file with ZipMap exactly like onnxruntime on the raw graph (%s)', async (_n, bothClasses) => {
    // Ground truth: onnxruntime on the same trees with the probability tensor as graph output.
    const raw = await ort.InferenceSession.create(lightgbmLike(ens, { bothClasses, zipMap: false }));
    opened.push(raw);
    const truth = (await raw.run({ input: new ort.Tensor('float32', X, [rows, F]) }, ['probability_tensor'])).probability_tensor.data as Float32Array;

    const m = await load(lightgbmLike(ens, { bothClasses, zipMap: true }), { featureNames: Array.from({ length: F }, (_, i) => `x${i}`) });
    expect(m.normalised).toBe(true);
    const { probabilities } = await scoreMatrix(m, X, rows);
    const tsMargin = predictMarginTs(m.ensemble, X, rows, F);
    const original = predictMarginTs(ens, X, rows, F);
    let worstOrt = 0, worstTs = 0, worstOrig = 0;
    for (let r = 0; r < rows; r++) {
      worstOrt = Math.max(worstOrt, Math.abs(probabilities[r] - truth[2 * r + 1]));
      worstTs = Math.max(worstTs, Math.abs(probabilities[r] - sigmoid(tsMargin[r])));
      worstOrig = Math.max(worstOrig, Math.abs(tsMargin[r] - original[r]));
    }
    expect(worstOrt).toBeLessThan(1e-5);
    expect(worstTs).toBeLessThan(1e-5);
    expect(worstOrig).toBeLessThan(1e-5);
    // No covers in the file and hitrates are flat: covers fall back, flagged for the caller.
    expect(['uniform', 'hitrates']).toContain(m.coversSource);
  });

  it('computes covers from background rows when the file has none', async () => {
    const m = await load(lightgbmLike(ens, { bothClasses: false, zipMap: true }), { background: { X, rows: 1000 } });
    expect(m.coversSource === 'background' || m.coversSource === 'hitrates').toBe(true);
    expect(m.featureNames).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
  });

  it('refuses a model whose input does not match the feature spec, before scoring', async () => {
    const bytes = exportOnnx(ens, { featureNames: Array.from({ length: F }, (_, i) => `x${i}`) });
    const spec = { features: Array.from({ length: F + 1 }, (_, i) => `x${i}`) };
    await expect(loadModel(bytes, { spec, specFeatureNames: (s: typeof spec) => s.features })).rejects.toThrow(
      /takes 8 features but the feature spec defines 9; refusing to score/,
    );
    await expect(loadModel(lightgbmLike(ens, { bothClasses: false, zipMap: true }), { featureNames: ['a', 'b'] })).rejects.toThrow(/takes 8 features but the given feature names are 2/);
  });

  it('names the file when it is not ONNX, is missing, or has no tree ensemble', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'as-onnx-'));
    const junk = join(dir, 'junk.onnx');
    writeFileSync(junk, 'this is a CSV,not,a model\n1,2,3\n');
    await expect(loadModel(junk)).rejects.toThrow(new RegExp(`${junk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a valid ONNX model`));
    await expect(loadModel(join(dir, 'nope.onnx'))).rejects.toThrow(/cannot read model file .*nope.onnx: ENOENT/);
    const sigmoidOnly = encodeModel({
      ir_version: 8, opset_import: [{ domain: '', version: 17 }],
      graph: { name: 'g', node: [{ op_type: 'Sigmoid', input: ['x'], output: ['y'] }], input: [{ name: 'x', type: tensorType(DataType.FLOAT, ['N', 3]) }], output: [{ name: 'y', type: tensorType(DataType.FLOAT, ['N', 3]) }] },
    });
    const p = join(dir, 'sigmoid.onnx');
    writeFileSync(p, sigmoidOnly);
    await expect(loadModel(p)).rejects.toThrow(/sigmoid.onnx has no ai.onnx.ml TreeEnsembleClassifier\/TreeEnsembleRegressor node \(found: Sigmoid\)/);
  });

  it('refuses unsupported split modes with a clear message', () => {
    const bytes = lightgbmLike(ens, { bothClasses: false, zipMap: false });
    const m = importOnnx(bytes, 'lgbm.onnx');
    expect(m.ensemble.trees.length).toBe(40);
    const text = Buffer.from(bytes);
    const eq = Buffer.from(text.toString('latin1').replace('BRANCH_LEQ', 'BRANCH_EQ_'), 'latin1');
    expect(() => importOnnx(eq, 'eq.onnx')).toThrow(/eq.onnx: TreeEnsembleClassifier: tree \d+ node \d+ uses split mode BRANCH_EQ_, which is not supported/);
  });

  it('reads a TreeEnsembleRegressor followed by Sigmoid', async () => {
    const bytes = exportOnnx(ens, { featureNames: Array.from({ length: F }, (_, i) => `x${i}`) });
    const imp = importOnnx(bytes);
    // Re-label the classifier as a regressor: same node attributes, target_* instead of class_*.
    const { decodeModel } = await import('../../src/model/onnx/proto.js');
    const model = decodeModel(bytes);
    const node = model.graph!.node![0];
    node.op_type = 'TreeEnsembleRegressor';
    node.output = ['margin'];
    node.attribute = node.attribute!
      .filter((x) => !['classlabels_int64s', 'post_transform'].includes(x.name!))
      .map((x) => (x.name!.startsWith('class_') ? { ...x, name: x.name!.replace('class_', 'target_') } : x));
    node.attribute.push(ints('n_targets', [1]).ints ? { name: 'n_targets', type: AttrType.INT, i: 1 } : ints('n_targets', [1]));
    model.graph!.node!.push({ op_type: 'Sigmoid', input: ['margin'], output: ['p'] });
    model.graph!.output = [{ name: 'p', type: tensorType(DataType.FLOAT, ['N', 1]) }];
    model.producer_name = 'skl2onnx';
    const m = await load(encodeModel(model));
    expect(m.normalised).toBe(true);
    const { probabilities } = await scoreMatrix(m, X.subarray(0, 100 * F), 100);
    const ref = predictMarginTs(imp.ensemble, X, 100, F);
    for (let r = 0; r < 100; r++) expect(probabilities[r]).toBeCloseTo(sigmoid(ref[r]), 5);
  });
});
