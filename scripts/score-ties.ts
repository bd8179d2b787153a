// How often accounts with different log-odds share a score at the fields' precision: the score
// (2 decimals) alone, and the score with Expected Conversion (5 decimals) as the tie-breaker the
// demo, the board and the Hot-accounts ordering use. Orgs are generated (and cached) or given.
//   node --import tsx scripts/score-ties.ts [--org DIR ...] [--model model/account-score.onnx] [--doc docs/BENCHMARKS.md]
// Without --org: generated orgs of 5,000 (seed 42, the demo's), 20,000 (seed 7) and 100,000 (seed 42) accounts.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeOrgDir } from '../src/local-org/generate/index.js';
import { conversionProbability, loadScoringModel } from '../src/model/index.js';
import { readOrgDir } from '../src/model/pipeline/read-org.js';
import { scoreMatrixRows } from '../src/model/score/core.js';
import { writeDocBlock } from './doc-block.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    org: { type: 'string', multiple: true },
    model: { type: 'string', default: 'model/account-score.onnx' },
    cache: { type: 'string', default: path.join(ROOT, '.cache', 'score-ties') },
    doc: { type: 'string' },
  },
});

async function orgDirs(): Promise<{ name: string; dir: string }[]> {
  if (values.org?.length) return values.org.map((dir) => ({ name: dir, dir }));
  const out = [];
  for (const [accounts, seed] of [[5000, 42], [20000, 7], [100000, 42]] as const) {
    const dir = path.join(values.cache, `org-seed${seed}-${accounts}`);
    if (!existsSync(path.join(dir, 'Account.ndjson'))) {
      console.log(`generating ${accounts} accounts (seed ${seed}) in ${dir}`);
      await writeOrgDir(dir, { seed, accounts }, { truthFile: path.join(values.cache, `truth-seed${seed}-${accounts}.csv`) });
    }
    out.push({ name: `generated, ${accounts.toLocaleString('en-US')} accounts (seed ${seed})`, dir });
  }
  return out;
}

/** Accounts among the first n (best first) that share their key with a neighbour of different log-odds. */
function sharing(margins: Float64Array, keys: string[], n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const tiedAbove = i > 0 && keys[i] === keys[i - 1] && margins[i] !== margins[i - 1];
    const tiedBelow = i + 1 < margins.length && keys[i] === keys[i + 1] && margins[i] !== margins[i + 1];
    if (tiedAbove || tiedBelow) count++;
  }
  return count;
}

const model = await loadScoringModel(values.model);
const rows: string[] = [];
const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
for (const { name, dir } of await orgDirs()) {
  const data = await readOrgDir(dir, model.spec);
  const X = model.encode(data.inputs);
  const { margins, scores } = await scoreMatrixRows(model, X, data.inputs.length);
  const order = Array.from(margins.keys()).sort((a, b) => margins[b] - margins[a]);
  const m = Float64Array.from(order, (i) => margins[i]);
  const score = order.map((i) => scores[i].toFixed(2));
  // the probability field keeps 5 decimals (src/sync/plan.ts)
  const withProbability = order.map((i, r) => `${score[r]}|${(Math.round(conversionProbability(margins[i], model.probabilityShift) * 1e5) / 1e5).toFixed(5)}`);
  const n = m.length;
  const cuts = [10, 100, Math.ceil(n / 100), n];
  const cell = (keys: string[]) => cuts.map((c) => `${sharing(m, keys, Math.min(c, n)).toLocaleString('en-US')} of ${Math.min(c, n).toLocaleString('en-US')}`).join(' | ');
  const distinct = new Set(m).size;
  rows.push(`| ${name} | ${distinct.toLocaleString('en-US')} | score | ${cell(score)} |`);
  rows.push(`| | | score, then Expected Conversion | ${cell(withProbability)} |`);
  console.log(rows.slice(-2).join('\n'));
}

const body = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`node --import tsx scripts/score-ties.ts${values.doc ? ` --doc ${values.doc}` : ''}\` (model ${values.model}; load average ${loadBefore}).`,
  '',
  'Accounts that share their key with a neighbour of different log-odds, counted among the best 10, the best 100, the best 1% and all accounts (best first by log-odds):',
  '',
  '| org | distinct log-odds | ordered by | best 10 | best 100 | best 1% | all |',
  '|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(body);
if (values.doc) {
  await writeDocBlock(values.doc, 'score-ties', 'scripts/score-ties.ts --doc', body, '## Score ties at two decimals');
  console.log(`wrote the score-ties block into ${values.doc}`);
}
