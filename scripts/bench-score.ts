/**
 * Benchmark: score N accounts with onnxruntime-node and compute top-5 TreeSHAP factors for
 * every one. Budget (issue 3): 100,000 accounts, ~300 trees of depth 6, under 30 s.
 *
 *   node --import tsx scripts/bench-score.ts [--rows 100000] [--trees 300] [--depth 6] [--features 60] [--model model/account-score.onnx]
 *
 * Without --model it builds a random full-depth ensemble (worst case: every tree has 2^depth leaves).
 */
import { performance } from 'node:perf_hooks';
import { exportOnnx } from '../src/model/onnx/export.js';
import { loadModel } from '../src/model/score/load.js';
import { scoreMatrix } from '../src/model/score/score.js';
import { compileTreeShap, treeShap } from '../src/model/shap/tree-shap.js';
import { fitScoreScale, toScores, percentiles } from '../src/model/calibrate/index.js';
import { topFactors } from '../src/model/explain/top-factors.js';
import { randomEnsemble, randomMatrix } from '../test/fixtures/models/random-ensemble.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const rows = arg('rows', 100_000), trees = arg('trees', 300), depth = arg('depth', 6);
const modelPathIdx = process.argv.indexOf('--model');
const modelPath = modelPathIdx >= 0 ? process.argv[modelPathIdx + 1] : undefined;

const t0 = performance.now();
let bytesOrPath: string | Uint8Array;
let F: number;
if (modelPath) {
  bytesOrPath = modelPath;
  F = 0;
} else {
  F = arg('features', 60);
  const ens = randomEnsemble({ trees, depth, features: F, seed: 42, backgroundRows: 5000 });
  // Full trees: force every branch to depth (randomEnsemble stops early with p=0.2 below depth 2).
  bytesOrPath = exportOnnx(ens, { featureNames: Array.from({ length: F }, (_, i) => `f${i}`) });
}
const model = await loadModel(bytesOrPath, { intraOpThreads: 2 });
F = model.ensemble.nFeatures;
const leaves = model.ensemble.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0);
const X = randomMatrix(rows, F, 7, 0.1);
const tLoad = performance.now();
const cpuLoad = process.cpuUsage();

const { margins } = await scoreMatrix(model, X, rows);
const tScore = performance.now();

const compiled = compileTreeShap(model.ensemble);
const tCompile = performance.now();
// SHAP in chunks so memory stays bounded (rows x (F+1) doubles per chunk).
const chunk = 10_000;
const phi = new Float64Array(chunk * (F + 1));
const scale = model.scoreScale ?? fitScoreScale(margins);
let factorCount = 0;
for (let start = 0; start < rows; start += chunk) {
  const n = Math.min(chunk, rows - start);
  treeShap(compiled, X.subarray(start * F, (start + n) * F), n, F, phi);
  for (let r = 0; r < n; r++) {
    const f = topFactors(phi.subarray(r * (F + 1), (r + 1) * (F + 1)), { k: 5, keys: model.featureNames, values: X.subarray((start + r) * F, (start + r + 1) * F), scale });
    factorCount += f.length;
  }
}
const tShap = performance.now();
const scores = toScores(margins, scale);
percentiles(scores);
const tEnd = performance.now();
const cpuEnd = process.cpuUsage(cpuLoad);

const s = (a: number, b: number) => ((b - a) / 1000).toFixed(2);
console.log(JSON.stringify({
  rows, features: F, trees: model.ensemble.trees.length, leaves, maxDepth: compiled.maxDepth,
  shapTableMB: +(compiled.table.byteLength / 1e6).toFixed(1),
  seconds: { buildAndLoad: +s(t0, tLoad), onnxScore: +s(tLoad, tScore), shapCompile: +s(tScore, tCompile), shapAndTop5: +s(tCompile, tShap), calibrate: +s(tShap, tEnd), scoreShapTop5Total: +s(tLoad, tEnd) },
  // CPU seconds of this process (user+system, all threads incl. onnxruntime's) for score+SHAP+top5:
  // a load-independent figure on a shared machine.
  cpuSecondsScoreShapTop5: +((cpuEnd.user + cpuEnd.system) / 1e6).toFixed(2),
  loadAverage1m: +(await import('node:os')).loadavg()[0].toFixed(1),
  factorsPerAccount: +(factorCount / rows).toFixed(2),
}, null, 1));
await model.session.release();
