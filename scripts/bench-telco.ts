/**
 * Real public data through the CLI: `sf score train --csv telco-churn.csv --label Churn --id-column customerID`
 * (the command class run in-process, as the tests do), once with the default seed and once per
 * extra split seed, then writes the figures into docs/BENCHMARKS.md (between the bench-telco markers).
 *   node --import tsx scripts/bench-telco.ts [--file ../shared/data/telco-churn.csv] [--seeds 1,2,3,4,5] [--no-write]
 */
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ScoreTrain, { type ScoreTrainResult } from '../src/commands/score/train.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    file: { type: 'string', default: path.join(ROOT, '../shared/data/telco-churn.csv') },
    seeds: { type: 'string', default: '1,2,3,4,5' },
    'no-write': { type: 'boolean', default: false },
  },
});
const REFERENCE = { xgboost: 0.8349, logistic: 0.8452 };
const BAR = Math.max(REFERENCE.xgboost, REFERENCE.logistic) - 0.005;

async function train(seed: number | undefined): Promise<{ r: ScoreTrainResult; seconds: number }> {
  const out = mkdtempSync(path.join(tmpdir(), 'bench-telco-'));
  const argv = ['--csv', values.file!, '--label', 'Churn', '--id-column', 'customerID', '--output-dir', out, '--json', ...(seed !== undefined ? ['--seed', String(seed)] : [])];
  const log = console.log;
  const write = process.stdout.write.bind(process.stdout);
  console.log = () => {};
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const t0 = Date.now();
  try {
    const r = await ScoreTrain.run(argv, ROOT);
    return { r, seconds: (Date.now() - t0) / 1000 };
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
}

const load = loadavg()[0].toFixed(1);
const main = await train(undefined);
console.error(`default seed: holdout ROC-AUC ${main.r.holdout.rocAuc.toFixed(4)}, CV ${main.r.cv.rocAuc.mean.toFixed(4)} ± ${main.r.cv.rocAuc.sd.toFixed(4)} (${main.seconds.toFixed(1)} s)`);
const seeds = values.seeds!.split(',').filter(Boolean).map(Number);
const others: { seed: number; holdout: number; cv: number }[] = [];
for (const seed of seeds) {
  const { r } = await train(seed);
  others.push({ seed, holdout: r.holdout.rocAuc, cv: r.cv.rocAuc.mean });
  console.error(`seed ${seed}: holdout ROC-AUC ${r.holdout.rocAuc.toFixed(4)}, CV ${r.cv.rocAuc.mean.toFixed(4)}`);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const r = main.r;
const f4 = (x: number) => x.toFixed(4);
const lines = [
  '<!-- bench-telco:start (written by scripts/bench-telco.ts) -->',
  '## Real data: telco churn export (`scripts/bench-telco.ts`)',
  '',
  `\`sf score train --csv ../shared/data/telco-churn.csv --label Churn --id-column customerID\`, no other flag: ${r.accounts} rows, ${r.positives} churned, ` +
    `inferred spec of ${r.fields.length} columns (every column but the id and the label), ${r.features} model inputs, ${r.trees} trees; ${main.seconds.toFixed(1)} s, load ${load} at start.`,
  '',
  '| | ROC-AUC |',
  '|---|---|',
  `| ${r.cv.folds}-fold CV on the training part (80%) | ${f4(r.cv.rocAuc.mean)} ± ${f4(r.cv.rocAuc.sd)} |`,
  `| holdout (20%, split seed 42, the default) | ${f4(r.holdout.rocAuc)} |`,
  ...(others.length
    ? [`| holdout, split seeds ${seeds.join(', ')} (mean; min-max) | ${f4(mean(others.map((o) => o.holdout)))} (${f4(Math.min(...others.map((o) => o.holdout)))}-${f4(Math.max(...others.map((o) => o.holdout)))}) |`]
    : []),
  `| reference: 5-fold CV, XGBoost 300 trees depth 6 / logistic regression (../shared/data/README.md) | ${f4(REFERENCE.xgboost)} / ${f4(REFERENCE.logistic)} |`,
  `| bar: max(reference) - 0.005 | ${f4(BAR)} |`,
  '',
  `Holdout PR-AUC ${f4(r.holdout.prAuc)}, lift in the top 10% ${r.lift[1].lift.toFixed(2)}x. The holdout is ${r.holdout.rows.toLocaleString('en-US')} rows` +
    (others.length
      ? `: across the split seeds its ROC-AUC ranges over ${f4(Math.min(r.holdout.rocAuc, ...others.map((o) => o.holdout)))}-${f4(Math.max(r.holdout.rocAuc, ...others.map((o) => o.holdout)))}, so the CV figure is the one to compare with the CV references.`
      : '.'),
  '',
  '    node --import tsx scripts/bench-telco.ts',
  '<!-- bench-telco:end -->',
];
console.log(lines.join('\n'));
if (!values['no-write']) {
  const file = path.join(ROOT, 'docs/BENCHMARKS.md');
  const md = await readFile(file, 'utf8');
  const start = md.indexOf('<!-- bench-telco:start');
  const end = md.indexOf('<!-- bench-telco:end -->');
  const section = lines.join('\n');
  const next = start >= 0 && end > start ? md.slice(0, start) + section + md.slice(end + '<!-- bench-telco:end -->'.length) : `${md.trimEnd()}\n\n${section}\n`;
  await writeFile(file, next);
  console.error(`wrote ${file}`);
}
