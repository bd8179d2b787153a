/**
 * Moderate hyper-parameter search by stratified CV on the TRAINING org only (never on the fresh
 * evaluation org): encodes once, then reports CV ROC-AUC per candidate.
 *   node --import tsx scripts/tune-model.ts --org data/orgs/seed42 [--folds 3]
 */
import { parseArgs } from 'node:util';
import { defaultFeatureSpec, encodeBatch, fitFeatureSpec } from '../src/features/index.js';
import { runExperiment } from '../src/model/evaluate/index.js';
import { DEFAULT_TRAIN_PARAMS, readOrgDir } from '../src/model/pipeline/index.js';
import type { GbdtParamsInput } from '../src/model/train/index.js';

const { values } = parseArgs({
  options: {
    org: { type: 'string', default: 'data/orgs/seed42' },
    label: { type: 'string', default: 'Converted_To_SQL__c' },
    folds: { type: 'string', default: '3' },
    'as-of': { type: 'string' },
  },
});
const CANDIDATES: [string, GbdtParamsInput, number][] = [
  ['defaults', DEFAULT_TRAIN_PARAMS, 50],
  ['lr.03 leaves16 mcw20 l2 10 col.7', { ...DEFAULT_TRAIN_PARAMS, learningRate: 0.03, minChildWeight: 20, lambdaL2: 10, colsampleByTree: 0.7 }, 100],
  ['lr.03 leaves8 d4 mcw20 l2 10 col.7', { ...DEFAULT_TRAIN_PARAMS, learningRate: 0.03, maxLeaves: 8, maxDepth: 4, minChildWeight: 20, lambdaL2: 10, colsampleByTree: 0.7 }, 100],
  ['lr.03 leaves31 d6 mcw50 l2 20 col.7', { ...DEFAULT_TRAIN_PARAMS, learningRate: 0.03, maxLeaves: 31, maxDepth: 6, minChildWeight: 50, lambdaL2: 20, colsampleByTree: 0.7 }, 100],
];
const spec = defaultFeatureSpec();
const org = await readOrgDir(values.org!, spec, { label: values.label });
const fitted = fitFeatureSpec(spec, org.inputs);
const enc = encodeBatch(fitted, org.inputs, values['as-of'] ? { asOf: new Date(`${values['as-of']}T00:00:00Z`) } : {});
for (const [name, params, es] of CANDIDATES) {
  const t0 = Date.now();
  const r = runExperiment(enc.data, enc.rows, enc.cols, org.labels!, { params, folds: Number(values.folds), seed: 42, earlyStoppingRounds: es });
  const s = r.gbdt.summary;
  console.log(`${name.padEnd(40)} CV ROC-AUC ${s.rocAuc.mean.toFixed(4)} ± ${s.rocAuc.sd.toFixed(4)}, trees ${r.gbdt.bestIterations.join('/')}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
