/**
 * The inferred spec against the shipped one on the synthetic demo org: infer a spec from the
 * training org the way `sf score spec init` does (describe + a sample through the local org),
 * train once with each spec on the same org, score a fresh org (another generator seed) with
 * both, and report ROC-AUC as a share of the best achievable (the generator's true propensities).
 * Writes the figures into docs/BENCHMARKS.md (between the compare-specs markers).
 *   node --import tsx scripts/compare-specs.ts [--train data/orgs/seed42-50k] [--fresh data/orgs/seed7-20k]
 *     [--custom-train data/orgs/seed42-50k-custom --custom-fresh data/orgs/seed7-20k-custom] [--no-write]
 * Generate the orgs first with scripts/generate-org.ts (--accounts 50000 --seed 42, --accounts 20000 --seed 7).
 */
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalOrg, OrgStore } from '../src/local-org/index.js';
import { connect } from '../src/salesforce/connection.js';
import { inferSpecFromOrg } from '../src/sync/infer-org-spec.js';
import { featureColumns, type FeatureSpec } from '../src/features/index.js';
import { evaluateModelOnOrg, trainModelFromOrg } from '../src/model/pipeline/index.js';
import { readTruthFile } from '../src/local-org/generate/auc.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    train: { type: 'string', default: 'data/orgs/seed42-50k' },
    fresh: { type: 'string', default: 'data/orgs/seed7-20k' },
    label: { type: 'string', default: 'Converted_To_SQL__c' },
    'as-of': { type: 'string', default: '2026-11-01' },
    /** The same orgs generated with --custom-schema (renamed fields, extra fields, a leakage field): adds a row. */
    'custom-train': { type: 'string' },
    'custom-fresh': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const asOf = new Date(`${values['as-of']}T00:00:00Z`);
const truthOf = (dir: string) => `${dir.replace(/\/+$/, '')}.truth.csv`;
const load = loadavg()[0].toFixed(1);

const TOKEN = '00D000000000001!compare.specs';
async function infer(dir: string) {
  const org = await startLocalOrg({ store: await OrgStore.loadDir(dir), accessToken: TOKEN });
  try {
    const { conn } = await connect({ instanceUrl: org.url, accessToken: TOKEN });
    return await inferSpecFromOrg(conn, { labelField: values.label });
  } finally {
    await org.close();
  }
}
const { spec: inferred, excluded } = await infer(values.train!);

async function run(name: string, spec: FeatureSpec | undefined, train = values.train!, fresh = values.fresh!) {
  const out = mkdtempSync(path.join(tmpdir(), `compare-${name.replace(/\W+/g, '-')}-`));
  const t0 = Date.now();
  const trained = await trainModelFromOrg({ orgDir: train, label: values.label!, outDir: out, asOf, ...(spec ? { spec, specSource: 'inferred' } : {}) });
  const ev = await evaluateModelOnOrg({ modelPath: trained.onnxPath, orgDir: fresh, truth: { ...(await readTruthFile(truthOf(fresh))), source: truthOf(fresh) }, label: values.label!, asOf });
  const row = { name, features: trained.report.data.features, holdout: trained.report.holdout.gbdt.rocAuc, fresh: ev.rocAuc, best: ev.bestAchievableAuc!, share: ev.shareOfBest!, seconds: (Date.now() - t0) / 1000 };
  console.error(JSON.stringify(row));
  return row;
}
const def = await run('default', undefined);
const inf = await run('inferred', inferred);
const custom = values['custom-train'] && values['custom-fresh'] ? await infer(values['custom-train']) : undefined;
const cus = custom ? await run('inferred, renamed-field org (--custom-schema)', custom.spec, values['custom-train'], values['custom-fresh']) : undefined;
const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const lines = [
  '<!-- compare-specs:start (written by scripts/compare-specs.ts) -->',
  '## Inferred spec vs the shipped spec on the demo org (`scripts/compare-specs.ts`)',
  '',
  `Trained on \`${values.train}\`, scored on the fresh org \`${values.fresh}\` (another generator seed); best achievable ROC-AUC there ${f4(def.best)} (true propensities). Load ${load} at start.`,
  '',
  '| spec | model inputs | holdout ROC-AUC | fresh-org ROC-AUC | share of best | train+evaluate |',
  '|---|---|---|---|---|---|',
  ...[def, inf, ...(cus ? [cus] : [])].map((r) => `| ${r.name} | ${r.features} | ${f4(r.holdout)} | ${f4(r.fresh)} | ${pct(r.share)} | ${r.seconds.toFixed(0)} s |`),
  '',
  `Difference: ${((inf.share - def.share) * 100).toFixed(1)} points of the best achievable. The inferred spec read ${featureColumns(inferred).length} inputs; left out: ${excluded.map((e) => `${e.field} (${e.reason.split(':')[0]})`).join(', ')}.`,
  ...(cus && custom
    ? [
        '',
        `Renamed-field org: the same accounts generated with \`--custom-schema\` (\`${values['custom-train']}\`, fresh \`${values['custom-fresh']}\`): ${((cus.share - def.share) * 100).toFixed(1)} points against the shipped spec on the demo org; left out: ${custom.excluded.map((e) => `${e.field} (${e.reason.split(':')[0]})`).join(', ')}.`,
      ]
    : []),
  '',
  `    node --import tsx scripts/compare-specs.ts --train ${values.train} --fresh ${values.fresh}${cus ? ` --custom-train ${values['custom-train']} --custom-fresh ${values['custom-fresh']}` : ''}`,
  '<!-- compare-specs:end -->',
];
console.log(lines.join('\n'));
if (!values['no-write']) {
  const file = path.join(ROOT, 'docs/BENCHMARKS.md');
  const md = await readFile(file, 'utf8');
  const start = md.indexOf('<!-- compare-specs:start');
  const endTag = '<!-- compare-specs:end -->';
  const end = md.indexOf(endTag);
  const section = lines.join('\n');
  await writeFile(file, start >= 0 && end > start ? md.slice(0, start) + section + md.slice(end + endTag.length) : `${md.trimEnd()}\n\n${section}\n`);
  console.error(`wrote ${file}`);
}
