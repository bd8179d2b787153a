/**
 * Trainer benchmark: synthetic 200,000 x 60 matrix with a known logistic signal (some
 * features missing at random, one whose missingness is itself predictive), ~3% positives.
 *   node --import tsx scripts/bench-train.ts [--rows 200000] [--cols 60] [--trees 300] [--depth 6]
 */
import { parseArgs } from 'node:util';
import { trainGbdt, predictMargin } from '../src/model/train/index.js';
import { rocAuc } from '../src/model/evaluate/metrics.js';
import { synthetic } from './bench-train-data.js';

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

// The benchmark's original data: intercept -4.6 (~3.4% positives).
const synth = (n: number, seed: number) => synthetic(n, cols, seed, -4.6);

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
console.log(`valid ROC-AUC ${rocAuc(vm, valid.y).toFixed(4)} vs true-propensity AUC ${rocAuc(valid.truth!, valid.y).toFixed(4)}`);
