/**
 * Trainer benchmark: synthetic 200,000 x 60 matrix with a known logistic signal (some
 * features missing at random, one whose missingness is itself predictive), ~3% positives.
 *   node --import tsx scripts/bench-train.ts [--rows 200000] [--cols 60] [--trees 300] [--depth 6]
 */
import { parseArgs } from 'node:util';
import { trainGbdt, predictMargin, makeRng } from '../src/model/train/index.js';
import { rocAuc } from '../src/model/evaluate/metrics.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    cols: { type: 'string', default: '60' },
    trees: { type: 'string', default: '300' },
    depth: { type: 'string', default: '6' },
    leaves: { type: 'string', default: '63' },
    subsample: { type: 'string', default: '0.8' },
  },
});
const rows = Number(values.rows);
const cols = Number(values.cols);

function synth(n: number, seed: number): { X: Float32Array; y: Uint8Array; truth: Float64Array } {
  const rng = makeRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  const X = new Float32Array(n * cols);
  const y = new Uint8Array(n);
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * cols;
    for (let f = 0; f < cols; f++) X[o + f] = f % 7 === 3 ? Math.floor(rng() * 5) : gauss();
    // Feature 5 is missing 40% of the time and missing rows convert more.
    const miss = rng() < 0.4;
    if (miss) X[o + 5] = NaN;
    const m = -4.6 + 1.0 * X[o] + 0.8 * X[o + 1] * X[o + 2] + 0.6 * (X[o + 3] === 2 ? 1 : 0) + (miss ? 0.7 : 0.3 * X[o + 5]) + 0.5 * Math.sin(2 * X[o + 4]);
    truth[i] = m;
    y[i] = rng() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
  }
  return { X, y, truth };
}

const t0 = performance.now();
const train = synth(rows, 1);
const valid = synth(Math.round(rows / 4), 2);
const t1 = performance.now();
const res = trainGbdt(
  train.X,
  rows,
  cols,
  train.y,
  {
    nEstimators: Number(values.trees),
    maxDepth: Number(values.depth),
    maxLeaves: Number(values.leaves),
    learningRate: 0.05,
    subsample: Number(values.subsample),
    colsampleByTree: 0.8,
    seed: 7,
  },
  {},
);
const t2 = performance.now();
const vm = predictMargin(res.ensemble, valid.X, valid.y.length, cols);
const pos = train.y.reduce((a, b) => a + b, 0) / rows;
console.log(`data: ${rows} x ${cols}, positive rate ${(100 * pos).toFixed(2)}%, generated in ${((t1 - t0) / 1000).toFixed(1)} s`);
console.log(`trained ${res.ensemble.trees.length} trees (depth<=${values.depth}, leaves<=${values.leaves}) in ${((t2 - t1) / 1000).toFixed(1)} s (${((t2 - t1) / res.ensemble.trees.length).toFixed(0)} ms/tree)`);
console.log(`valid ROC-AUC ${rocAuc(vm, valid.y).toFixed(4)} vs true-propensity AUC ${rocAuc(valid.truth, valid.y).toFixed(4)}`);
