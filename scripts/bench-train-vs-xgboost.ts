/**
 * The TypeScript trainer next to XGBoost's hist method on the same matrices and the same folds:
 * telco churn one-hot (../shared/data/telco-churn.csv) and a synthetic 200,000 x 60 matrix with ~3%
 * positives; 300 trees, depth 6, learning rate 0.05, subsample and colsample 0.8, single thread.
 * Per fold: ROC-AUC and fit time of each, and the time ratio. A dev tool, not part of npm test.
 *   node --import tsx scripts/bench-train-vs-xgboost.ts [--rows 200000] [--cols 60] [--telco path] [--folds 5] [--write-docs]
 * Needs Debian's python3-xgboost and python3-sklearn:
 *   apt-get update && apt-get install -y python3-xgboost python3-sklearn
 * --write-docs replaces the section between the bench-train-vs-xgboost markers in docs/BENCHMARKS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rocAuc } from '../src/model/evaluate/metrics.js';
import { stratifiedKFold, takeLabels, takeRows } from '../src/model/evaluate/cv.js';
import { predictMargin, trainGbdt, type GbdtParamsInput } from '../src/model/train/index.js';
import { oneHotCsv, synthetic, type Matrix } from './bench-train-data.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    cols: { type: 'string', default: '60' },
    telco: { type: 'string', default: '../shared/data/telco-churn.csv' },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '7' },
    python: { type: 'string', default: '/usr/bin/python3' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const folds = Number(values.folds);
const seed = Number(values.seed);
const python = values.python!;

const probe = spawnSync(python, ['-c', 'import xgboost, sklearn, numpy'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.error(
    `XGBoost is not importable by ${python} (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}).\n` +
      'Install Debian\'s packages: apt-get update && apt-get install -y python3-xgboost python3-sklearn (or pass --python).',
  );
  process.exit(2);
}

const shared = { trees: 300, maxDepth: 6, learningRate: 0.05, subsample: 0.8, colsample: 0.8, maxBins: 255, seed };
// Depth 6 grown leaf-wise with room for every leaf (64) is the same tree shape budget as XGBoost's depth-wise 6.
const ours: GbdtParamsInput = {
  nEstimators: shared.trees,
  maxDepth: shared.maxDepth,
  maxLeaves: 2 ** shared.maxDepth,
  learningRate: shared.learningRate,
  subsample: shared.subsample,
  colsampleByTree: shared.colsample,
  maxBins: shared.maxBins,
  lambdaL2: 1,
  minChildWeight: 1,
  seed,
};

const datasets: Matrix[] = [];
if (existsSync(values.telco!)) datasets.push(oneHotCsv(values.telco!, 'Churn', 'customerID'));
else console.error(`${values.telco} not found: telco skipped`);
datasets.push(synthetic(Number(values.rows), Number(values.cols), 1));

const dir = mkdtempSync(join(tmpdir(), 'bench-train-xgb-'));
const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
interface FoldRow {
  dataset: string;
  fold: number;
  train: number;
  oursAuc: number;
  oursSeconds: number;
  oursTrees: number;
  oursCpu: number;
  xgbAuc: number;
  xgbSeconds: number;
  xgbCpu: number;
}
const results: FoldRow[] = [];
let xgbVersion = '';
try {
  const metaDatasets = datasets.map((d, i) => {
    const foldOf = new Int32Array(d.rows);
    stratifiedKFold(d.y, folds, seed).forEach((f, k) => f.test.forEach((r) => (foldOf[r] = k)));
    const files = { X: join(dir, `X${i}.f32`), y: join(dir, `y${i}.u8`), folds: join(dir, `folds${i}.i32`) };
    writeFileSync(files.X, d.X);
    writeFileSync(files.y, d.y);
    writeFileSync(files.folds, foldOf);
    return { name: d.name, rows: d.rows, cols: d.cols, ...files, foldOf };
  });
  const metaPath = join(dir, 'meta.json');
  writeFileSync(metaPath, JSON.stringify({ params: shared, datasets: metaDatasets.map(({ foldOf: _f, ...m }) => m) }));
  const pyScript = new URL('./bench-train-vs-xgboost.py', import.meta.url).pathname;

  datasets.forEach((d, di) => {
    const foldOf = metaDatasets[di].foldOf;
    const pos = d.y.reduce((a, b) => a + b, 0);
    console.log(`\n${d.name}: ${pos} positives (${((100 * pos) / d.rows).toFixed(2)}%)`);
    console.log('fold | train rows | XGBoost AUC | ours AUC | XGBoost fit (CPU) | ours fit (CPU) | ratio wall (CPU)');
    for (let k = 0; k < folds; k++) {
      // Alternate which trainer goes first so a load change on the shared machine does not favour one.
      const runXgb = () => {
        const out = execFileSync(python, [pyScript, metaPath, String(di), String(k)], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
        return JSON.parse(out.trim().split('\n').pop()!) as { auc: number; fitSeconds: number; cpuSeconds: number; xgboost: string };
      };
      const runOurs = () => {
        const tr: number[] = [];
        const te: number[] = [];
        for (let r = 0; r < d.rows; r++) (foldOf[r] === k ? te : tr).push(r);
        const trI = Int32Array.from(tr);
        const teI = Int32Array.from(te);
        const Xtr = takeRows(d.X, d.cols, trI);
        const ytr = takeLabels(d.y, trI);
        // Warm-up fit on a small slice (as the XGBoost side does), so fold 1 does not pay for JIT compilation.
        const w = Math.min(1000, trI.length);
        trainGbdt(Xtr.subarray(0, w * d.cols), w, d.cols, ytr.subarray(0, w), { ...ours, nEstimators: 10 });
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const m = trainGbdt(Xtr, trI.length, d.cols, ytr, ours);
        const seconds = (performance.now() - t0) / 1000;
        const c = process.cpuUsage(c0);
        const cpu = (c.user + c.system) / 1e6;
        const auc = rocAuc(predictMargin(m.ensemble, takeRows(d.X, d.cols, teI), teI.length, d.cols), takeLabels(d.y, teI));
        return { auc, seconds, cpu, trees: m.ensemble.trees.length, train: trI.length };
      };
      let x: ReturnType<typeof runXgb>;
      let o: ReturnType<typeof runOurs>;
      if (k % 2 === 0) {
        x = runXgb();
        o = runOurs();
      } else {
        o = runOurs();
        x = runXgb();
      }
      xgbVersion = x.xgboost;
      const row: FoldRow = { dataset: d.name, fold: k + 1, train: o.train, oursAuc: o.auc, oursSeconds: o.seconds, oursTrees: o.trees, oursCpu: o.cpu, xgbAuc: x.auc, xgbSeconds: x.fitSeconds, xgbCpu: x.cpuSeconds };
      results.push(row);
      console.log(
        `${k + 1} | ${o.train} | ${x.auc.toFixed(4)} | ${o.auc.toFixed(4)} | ${x.fitSeconds.toFixed(2)} s (${x.cpuSeconds.toFixed(2)}) | ${o.seconds.toFixed(2)} s (${o.cpu.toFixed(2)}) | ` +
          `${(o.seconds / x.fitSeconds).toFixed(2)}x (${(o.cpu / x.cpuSeconds).toFixed(2)}x)`,
      );
    }
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`\nload average before ${loadBefore}, after ${loadAfter}; XGBoost ${xgbVersion}`);

if (values['write-docs']) {
  const START = '<!-- bench-train-vs-xgboost:start -->';
  const END = '<!-- bench-train-vs-xgboost:end -->';
  const L: string[] = [START, ''];
  L.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${loadBefore} before and ${loadAfter} after (2 cores, shared). ` +
      `XGBoost ${xgbVersion} \`tree_method="hist"\`, \`n_jobs=1\`, max_bin ${shared.maxBins}; ours: maxDepth ${shared.maxDepth}, maxLeaves ${2 ** shared.maxDepth}, lambda 1, minChildWeight 1. ` +
      `Both: ${shared.trees} trees, learning rate ${shared.learningRate}, subsample ${shared.subsample}, colsample by tree ${shared.colsample}, one thread, the same stratified ${folds} folds (seed ${seed}). Fit time includes binning/quantile sketching for both; each side first fits 10 trees on 1,000 rows untimed (JIT/first-call warm-up); CPU is the process CPU time during the fit (less sensitive to other work on the machine).`,
    '',
    '    node --import tsx scripts/bench-train-vs-xgboost.ts --write-docs',
    '',
  );
  for (const d of datasets) {
    const rows = results.filter((r) => r.dataset === d.name);
    L.push(
      `**${d.name}**`,
      '',
      '| fold | train rows | XGBoost ROC-AUC | ours ROC-AUC | XGBoost fit | ours fit | ours / XGBoost | XGBoost CPU | ours CPU | ours / XGBoost (CPU) |',
      '|---|---|---|---|---|---|---|---|---|---|',
    );
    const line = (r: Omit<FoldRow, 'dataset' | 'oursTrees'>, label: string) =>
      `| ${label} | ${r.train ? r.train.toLocaleString('en-US') : ''} | ${r.xgbAuc.toFixed(4)} | ${r.oursAuc.toFixed(4)} | ${r.xgbSeconds.toFixed(2)} s | ${r.oursSeconds.toFixed(2)} s | ` +
      `**${(r.oursSeconds / r.xgbSeconds).toFixed(2)}x** | ${r.xgbCpu.toFixed(2)} s | ${r.oursCpu.toFixed(2)} s | ${(r.oursCpu / r.xgbCpu).toFixed(2)}x |`;
    for (const r of rows) L.push(line(r, String(r.fold)));
    const mean = (f: (r: FoldRow) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
    L.push(
      line({ fold: 0, train: 0, xgbAuc: mean((r) => r.xgbAuc), oursAuc: mean((r) => r.oursAuc), xgbSeconds: mean((r) => r.xgbSeconds), oursSeconds: mean((r) => r.oursSeconds), xgbCpu: mean((r) => r.xgbCpu), oursCpu: mean((r) => r.oursCpu) }, 'mean'),
      '',
    );
  }
  L.push(END);
  const path = new URL('../docs/BENCHMARKS.md', import.meta.url).pathname;
  const md = readFileSync(path, 'utf8');
  const a = md.indexOf(START);
  const b = md.indexOf(END);
  const block = L.join('\n');
  const next =
    a >= 0 && b > a
      ? md.slice(0, a) + block + md.slice(b + END.length)
      : md.replace('## Training (`scripts/bench-train.ts`)', `## Training next to XGBoost (\`scripts/bench-train-vs-xgboost.ts\`)\n\n${block}\n\n## Training (\`scripts/bench-train.ts\`)`);
  writeFileSync(path, next);
  console.log(`wrote ${path}`);
}
