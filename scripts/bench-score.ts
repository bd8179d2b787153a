/**
 * Benchmark: score N accounts with onnxruntime-node and compute top-5 TreeSHAP factors for
 * every one. Budget (issue 3): 100,000 accounts, ~300 trees of depth 6, under 30 s.
 *
 *   node --import tsx scripts/bench-score.ts [--rows 100000] [--trees 300] [--depth 6] [--features 60]
 *     [--model model/account-score.onnx] [--threads 2] [--no-single] [--doc docs/BENCHMARKS.md]
 * --doc puts the measured row (with the load average) into that file's bench-score block (one row per model).
 *
 * SHAP runs twice: in-thread (treeShap) and on worker threads (createShapPool), and the two
 * must agree bit for bit; the production path (score + parallel SHAP + top-5) is the total.
 * CPU seconds are the process's (all threads: onnxruntime's and the SHAP workers').
 *
 * Without --model it builds a random full-depth ensemble (worst case: every tree has 2^depth leaves).
 */
import { performance } from 'node:perf_hooks';
import { exportOnnx } from '../src/model/onnx/export.js';
import { loadModel } from '../src/model/score/load.js';
import { scoreMatrix } from '../src/model/score/score.js';
import { compileTreeShap, treeShap } from '../src/model/shap/tree-shap.js';
import { createShapPool, defaultShapThreads } from '../src/model/shap/parallel.js';
import { loadavg } from 'node:os';
import { fitScoreScale, toScores, percentiles } from '../src/model/calibrate/index.js';
import { explainRow, topFactors } from '../src/model/explain/factors.js';
import { randomEnsemble, randomMatrix } from '../test/fixtures/models/random-ensemble.js';
import { readFile } from 'node:fs/promises';
import { writeDocBlock } from './doc-block.js';

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
  const ens = randomEnsemble({ trees, depth, features: F, seed: 42, backgroundRows: 5000, full: true });
  const leaves = ens.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0);
  if (leaves !== trees * 2 ** depth) throw new Error(`worst case not built: ${leaves} leaves, expected ${trees} x 2^${depth} = ${trees * 2 ** depth}`);
  bytesOrPath = exportOnnx(ens, { featureNames: Array.from({ length: F }, (_, i) => `f${i}`) });
}
const model = await loadModel(bytesOrPath, { intraOpThreads: 2 });
F = model.ensemble.nFeatures;
const leaves = model.ensemble.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0);
const X = randomMatrix(rows, F, 7, 0.1);
const tLoadEnd = performance.now();

const threads = process.argv.includes('--threads') ? arg('threads', 2) : defaultShapThreads();
const single = !process.argv.includes('--no-single');
const load0 = loadavg()[0];

/** Wall and CPU seconds (user+system, all threads) of one phase. */
async function phase<T>(fn: () => T | Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const t = performance.now(), c = process.cpuUsage();
  const value = await fn();
  const d = process.cpuUsage(c);
  return { value, wall: (performance.now() - t) / 1000, cpu: (d.user + d.system) / 1e6 };
}

const score = await phase(() => scoreMatrix(model, X, rows));
const margins = score.value.margins;
const compile = await phase(() => compileTreeShap(model.ensemble));
const compiled = compile.value;
const width = F + 1;
const shapSingle = single ? await phase(() => treeShap(compiled, X, rows, F)) : undefined;
const poolStart = await phase(() => createShapPool(compiled, { threads }));
const pool = poolStart.value;
const workersStarted = pool.workers;
const shapParallel = await phase(() => pool.run(X, rows, F));
await pool.close();
const phi = shapParallel.value;
let mismatches = 0;
if (shapSingle) for (let i = 0; i < phi.length; i++) if (!Object.is(phi[i], shapSingle.value[i])) mismatches++;

const scale = model.scoreScale ?? fitScoreScale(margins);
const calibrate = await phase(() => {
  const scores = toScores(margins, scale);
  return { scores, pct: percentiles(scores) };
});
const describeValue = (_i: number, v: number) => (Number.isNaN(v) ? '(missing)' : String(v));
const top5 = await phase(() => {
  let n = 0;
  const keys = model.featureNames;
  for (let r = 0; r < rows; r++) {
    const e = explainRow({ score: calibrate.value.scores[r], shapRow: phi.subarray(r * width, (r + 1) * width), values: X.subarray(r * F, (r + 1) * F), keys, labels: keys, describeValue, scale });
    n += topFactors(e, 5).length;
  }
  return n;
});
const tEnd = performance.now();

// The production path: onnxruntime scoring, SHAP compile, pool start + parallel SHAP, top-5, calibration.
const prod = [score, compile, poolStart, shapParallel, top5, calibrate];
const r2 = (x: number) => +x.toFixed(2);
const result = {
  model: modelPath ?? `random ${trees} trees, depth ${depth}`,
  rows, features: F, trees: model.ensemble.trees.length, leaves, leavesPerTree: r2(leaves / model.ensemble.trees.length), maxDepth: compiled.maxDepth,
  shapTableMB: +(compiled.table.byteLength / 1e6).toFixed(1),
  threads, workersStarted,
  seconds: {
    buildAndLoad: r2((tLoadEnd - t0) / 1000),
    onnxScore: r2(score.wall), shapCompile: r2(compile.wall),
    shapSingle: shapSingle ? r2(shapSingle.wall) : null,
    shapPoolStart: r2(poolStart.wall), shapParallel: r2(shapParallel.wall),
    top5: r2(top5.wall), calibrate: r2(calibrate.wall),
    productionTotal: r2(prod.reduce((s, p) => s + p.wall, 0)),
    scriptTotal: r2((tEnd - t0) / 1000),
  },
  cpuSeconds: {
    onnxScore: r2(score.cpu), shapSingle: shapSingle ? r2(shapSingle.cpu) : null, shapParallel: r2(shapParallel.cpu + poolStart.cpu),
    productionTotal: r2(prod.reduce((s, p) => s + p.cpu, 0)),
  },
  parallelEqualsSingle: shapSingle ? mismatches === 0 : null,
  factorsPerAccount: +(top5.value / rows).toFixed(2),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  loadAverage1m: { start: +load0.toFixed(1), end: +loadavg()[0].toFixed(1) },
};
console.log(JSON.stringify(result, null, 1));

const docIdx = process.argv.indexOf('--doc');
if (docIdx >= 0) {
  const file = process.argv[docIdx + 1];
  const START = '<!-- bench-score:start';
  const md = await readFile(file, 'utf8');
  // keep the other model's row: one row per model description
  const old = md.includes(START) ? md.slice(md.indexOf(START), md.indexOf('<!-- bench-score:end -->')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| model') && !l.startsWith(`| ${result.model} `)) : [];
  const s = result.seconds;
  const row = `| ${result.model} | ${result.trees} trees, ${result.leaves} leaves (${result.leavesPerTree}/tree), ${F} features | ${rows.toLocaleString('en-US')} | ${s.onnxScore} s | ${s.shapParallel} s | ${s.shapSingle ?? '-'} s | ${s.top5} s | **${s.productionTotal} s** | ${result.peakRssMB} MB | ${result.loadAverage1m.start} → ${result.loadAverage1m.end} | ${new Date().toISOString().slice(0, 16).replace('T', ' ')} |`;
  const body = [
    'Command: `node --import tsx scripts/bench-score.ts [--model model/account-score.onnx --no-single] --doc docs/BENCHMARKS.md` (without --model: random full trees, every one 2^depth leaves).',
    '',
    '| model | size | rows | onnxruntime | TreeSHAP (2 workers) | TreeSHAP (1 thread) | top-5 | production total | peak RSS | load average (1 min) start → end | measured (UTC) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...old,
    row,
  ].join('\n');
  await writeDocBlock(file, 'bench-score', 'scripts/bench-score.ts --doc', body, '## Scoring + explanations');
}
await model.session.release();
if (mismatches > 0) process.exitCode = 1;
