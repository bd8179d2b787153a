/**
 * What a plateau tolerance and a shorter patience would do to the shipped pipeline, measured exactly
 * from one run: each CV fold trains once with the current rule (100 rounds without a new best);
 * a stricter rule stops no later, and the trees up to its stop are the same trees, so its stopping
 * point, best iteration, fold AUC and the final model (a prefix of the current final model) follow
 * from that run's validation-loss history and prefix predictions. Prints, per rule: trees grown
 * (the time), CV ROC-AUC, the final tree count and the holdout ROC-AUC.
 *   node --import tsx scripts/bench-train-early-stopping.ts --org data/orgs/seed42-300k --as-of 2026-11-01
 */
import { parseArgs } from 'node:util';
import { defaultFeatureSpec, encodeBatch, fitFeatureSpec } from '../src/features/index.js';
import { fitEarlyStopped, planExperiment, rocAuc, takeLabels, takeRows } from '../src/model/evaluate/index.js';
import { DEFAULT_EARLY_STOPPING_ROUNDS, DEFAULT_TRAIN_PARAMS, readOrgDir } from '../src/model/pipeline/index.js';
import { defaultMinChildWeight } from '../src/model/pipeline/train-from-inputs.js';
import { predictMargin, trainGbdt } from '../src/model/train/index.js';
import type { Ensemble } from '../src/model/ensemble.js';

const { values } = parseArgs({
  options: {
    org: { type: 'string', default: 'data/orgs/seed42-300k' },
    label: { type: 'string', default: 'Converted_To_SQL__c' },
    'as-of': { type: 'string' },
    tolerances: { type: 'string', default: '0,0.00002,0.00005,0.0001,0.0002' },
    patience: { type: 'string', default: '100,50,30' },
  },
});
const tolerances = values.tolerances!.split(',').map(Number);
const patiences = values.patience!.split(',').map(Number);
const asOf = values['as-of'] ? new Date(`${values['as-of']}T00:00:00Z`) : undefined;

const spec = defaultFeatureSpec();
const org = await readOrgDir(values.org!, spec, { label: values.label });
const fitted = fitFeatureSpec(spec, org.inputs);
const enc = encodeBatch(fitted, org.inputs, { asOf });
const y = org.labels!;
const params = { ...DEFAULT_TRAIN_PARAMS, minChildWeight: defaultMinChildWeight(y) };
const plan = planExperiment(enc.data, enc.rows, enc.cols, y, { params, earlyStoppingRounds: DEFAULT_EARLY_STOPPING_ROUNDS });
console.error(`encoded ${enc.rows} x ${enc.cols}; ${plan.folds.length} folds`);

/** Margins of the first n trees for each n in `at` (ascending), walking tree by tree. */
function prefixMargins(ens: Ensemble, X: Float32Array, rows: number, cols: number, at: number[]): Map<number, Float64Array> {
  const out = new Map<number, Float64Array>();
  const m = new Float64Array(rows).fill(ens.baseScore);
  let done = 0;
  for (const n of at) {
    if (n > done) {
      const part = predictMargin({ ...ens, baseScore: 0, trees: ens.trees.slice(done, n) }, X, rows, cols);
      for (let i = 0; i < rows; i++) m[i] += part[i];
      done = n;
    }
    out.set(n, m.slice());
  }
  return out;
}

interface Rule {
  tol: number;
  patience: number;
}
const rules: Rule[] = tolerances.flatMap((tol) => patiences.map((patience) => ({ tol, patience })));

/** Where the rule stops (trees grown) and its best tree count, from a validation-loss history. */
function simulate(valid: number[], r: Rule): { grown: number; best: number } {
  let best = Infinity;
  let bestIt = 0;
  let sig = Infinity;
  let lastSig = 0;
  for (let it = 0; it < valid.length; it++) {
    const v = valid[it];
    if (v < best - 1e-12) {
      best = v;
      bestIt = it;
    }
    if (sig === Infinity || v < sig - Math.max(1e-12, r.tol * sig)) {
      sig = v;
      lastSig = it;
    }
    if (it - lastSig >= r.patience) return { grown: it + 1, best: bestIt + 1 };
  }
  return { grown: valid.length, best: bestIt + 1 };
}

const perRule = rules.map(() => ({ grown: 0, best: [] as number[], auc: [] as number[] }));
plan.folds.forEach((f, k) => {
  const t0 = Date.now();
  const m = fitEarlyStopped(enc.data, enc.cols, y, f.train, plan.o, plan.o.seed + 100 + k);
  const valid = m.history.map((h) => h.validLogloss!);
  const sims = rules.map((r) => simulate(valid, r));
  const Xte = takeRows(enc.data, enc.cols, f.test);
  const yte = takeLabels(y, f.test);
  const at = [...new Set(sims.map((s) => s.best))].sort((a, b) => a - b);
  const margins = prefixMargins(m.ensemble, Xte, f.test.length, enc.cols, at);
  sims.forEach((s, i) => {
    perRule[i].grown += s.grown;
    perRule[i].best.push(s.best);
    perRule[i].auc.push(rocAuc(margins.get(s.best)!, yte));
  });
  console.error(`fold ${k + 1}: ${valid.length} trees grown, best ${m.bestIteration + 1} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
});

const finalCounts = perRule.map((p) => Math.max(1, Math.round(p.best.reduce((a, b) => a + b, 0) / p.best.length)));
const maxFinal = Math.max(...finalCounts);
const { earlyStoppingRounds: _e, ...finalParams } = plan.o.params;
void _e;
const final = trainGbdt(takeRows(enc.data, enc.cols, plan.train), plan.train.length, enc.cols, plan.yTrain, { ...finalParams, nEstimators: maxFinal });
const Xho = takeRows(enc.data, enc.cols, plan.holdout);
const yho = takeLabels(y, plan.holdout);
const hm = prefixMargins(final.ensemble, Xho, plan.holdout.length, enc.cols, [...new Set(finalCounts)].sort((a, b) => a - b));

console.log('| tolerance | patience | fold trees grown | best per fold | CV ROC-AUC | final trees | holdout ROC-AUC | fold + final trees |');
console.log('|---|---|---|---|---|---|---|---|');
rules.forEach((r, i) => {
  const p = perRule[i];
  const cv = p.auc.reduce((a, b) => a + b, 0) / p.auc.length;
  console.log(`| ${r.tol} | ${r.patience} | ${p.grown} | ${p.best.join(', ')} | ${cv.toFixed(4)} | ${finalCounts[i]} | ${rocAuc(hm.get(finalCounts[i])!, yho).toFixed(4)} | ${p.grown + finalCounts[i]} |`);
});
