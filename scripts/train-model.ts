/**
 * Train the account-score model from an org directory and write model/account-score.onnx
 * plus model/MODEL_CARD.md and model/charts/*.svg.
 *   node --import tsx scripts/train-model.ts --org data/orgs/seed42 --label Converted_To_SQL__c --out model/
 *   [--spec spec.json]  train with this feature spec instead of the shipped one
 * The shipped model: seed 42, 300,000 accounts at 3% (generate-org.ts --accounts 300000 --seed 42 --positive-rate 0.03
 *   --out data/orgs/seed42-300k), trained with --org data/orgs/seed42-300k --as-of 2026-11-01 --generator-seed 42.
 * Progress (fold k of N, trees so far, validation AUC) goes to stdout; --json prints only the result.
 * --threads N: CV folds trained at once on worker threads (default min(2, cores); the model is the same).
 * --write-benchmark docs/BENCHMARKS.md: puts this run's time, phases, AUC and load average in that file's
 *   train-model section (between the train-model:start/end markers).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { parseFeatureSpec } from '../src/features/index.js';
import { trainModelFromOrg } from '../src/model/pipeline/index.js';

const { values } = parseArgs({
  options: {
    org: { type: 'string', default: 'data/orgs/seed42' },
    label: { type: 'string', default: 'Converted_To_SQL__c' },
    out: { type: 'string', default: 'model/' },
    folds: { type: 'string', default: '5' },
    holdout: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '42' },
    'generator-seed': { type: 'string' },
    'model-version': { type: 'string' },
    capacity: { type: 'string' },
    'learning-rate': { type: 'string' },
    'max-depth': { type: 'string' },
    'early-stopping-rounds': { type: 'string' },
    /** relative validation-loss gain that counts as progress for early stopping (GbdtParams.earlyStoppingTolerance) */
    'early-stopping-tolerance': { type: 'string' },
    /** Snapshot date of the org (YYYY-MM-DD) for dates in notes; generated orgs default to 2026-11-01. */
    'as-of': { type: 'string' },
    threads: { type: 'string' },
    json: { type: 'boolean', default: false },
    'write-benchmark': { type: 'string' },
    /** Feature spec JSON (e.g. from scripts/infer-org-spec.ts); default: the shipped spec. */
    spec: { type: 'string' },
  },
});
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadBefore = loadavg();
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const started = Date.now();
const r = await trainModelFromOrg({
  orgDir: values.org!,
  label: values.label!,
  outDir: values.out!,
  folds: num(values.folds),
  holdoutFraction: num(values.holdout),
  seed: num(values.seed),
  generatorSeed: values['generator-seed'],
  modelVersion: values['model-version'],
  capacity: num(values.capacity),
  ...(values.spec ? { spec: parseFeatureSpec(await readFile(values.spec, 'utf8')), specSource: values.spec } : {}),
  asOf: values['as-of'] ? new Date(`${values['as-of']}T00:00:00Z`) : undefined,
  earlyStoppingRounds: num(values['early-stopping-rounds']),
  params: Object.fromEntries(
    Object.entries({ learningRate: num(values['learning-rate']), maxDepth: num(values['max-depth']), earlyStoppingTolerance: num(values['early-stopping-tolerance']) }).filter(([, v]) => v !== undefined),
  ),
  threads: num(values.threads),
  onProgress: values.json ? undefined : (m) => console.log(m),
});
const h = r.report.holdout;
const cv = r.report.cv;
const seconds = (Date.now() - started) / 1000;
const cpu = process.cpuUsage();
if (values['write-benchmark']) {
  const START = '<!-- train-model:start -->';
  const END = '<!-- train-model:end -->';
  const argv = process.argv.slice(2).filter((a, i, all) => a !== '--write-benchmark' && all[i - 1] !== '--write-benchmark');
  const block = [
    START,
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores shared with other work: load average ${loadBefore} before, ${loadavg()} after.`,
    '',
    `    node --import tsx scripts/train-model.ts ${argv.join(' ')}`,
    '',
    '| accounts | features | total | read | encode | CV + final model | SHAP | export + card | process CPU | CV ROC-AUC | holdout ROC-AUC | trees (final; per fold) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${r.report.data.accounts.toLocaleString('en-US')} | ${r.report.data.features} | **${seconds.toFixed(1)} s** | ${r.timings.read?.toFixed(1)} s | ${r.timings.encode.toFixed(1)} s | ${r.timings['train+evaluate'].toFixed(1)} s | ${r.timings.shap.toFixed(1)} s | ` +
      `${(r.timings.export + r.timings.card).toFixed(1)} s | ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s | ${cv.gbdt.rocAuc.mean.toFixed(4)} | **${h.gbdt.rocAuc.toFixed(4)}** | ${r.report.model.trees}; ${cv.bestIterations.join(', ')} |`,
    '',
    END,
  ].join('\n');
  const md = readFileSync(values['write-benchmark'], 'utf8');
  const a = md.indexOf(START);
  const b = md.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${values['write-benchmark']} has no ${START} ... ${END} section to write into`);
  writeFileSync(values['write-benchmark'], md.slice(0, a) + block + md.slice(b + END.length));
}
if (values.json) {
  console.log(
    JSON.stringify(
      {
        onnxPath: r.onnxPath,
        onnxBytes: r.onnxBytes,
        modelVersion: r.report.modelVersion,
        trees: r.report.model.trees,
        bestIterations: cv.bestIterations,
        cv: { rocAuc: cv.gbdt.rocAuc, prAuc: cv.gbdt.prAuc, logisticRocAuc: cv.logistic.rocAuc },
        holdout: { rocAuc: h.gbdt.rocAuc, prAuc: h.gbdt.prAuc, logLoss: h.gbdt.logLoss, logisticRocAuc: h.logistic.rocAuc },
        timings: r.timings,
        seconds,
      },
      null,
      2,
    ),
  );
  process.exit(0);
}
console.log(`\nmodel: ${r.onnxPath} (${(r.onnxBytes / 1024).toFixed(0)} KB, ${r.report.model.trees} trees)`);
console.log(`CV ROC-AUC ${cv.gbdt.rocAuc.mean.toFixed(4)} ± ${cv.gbdt.rocAuc.sd.toFixed(4)} (logistic ${cv.logistic.rocAuc.mean.toFixed(4)}), PR-AUC ${cv.gbdt.prAuc.mean.toFixed(4)}`);
console.log(`holdout ROC-AUC ${h.gbdt.rocAuc.toFixed(4)} (logistic ${h.logistic.rocAuc.toFixed(4)}), PR-AUC ${h.gbdt.prAuc.toFixed(4)}, log loss ${h.gbdt.logLoss.toFixed(4)} (base rate ${h.baseRate.logLoss.toFixed(4)}), lift@10% ${h.gbdt.lift[1].lift.toFixed(2)}`);
console.log(`timings (s): ${JSON.stringify(r.timings)}; total ${seconds.toFixed(1)} s`);
