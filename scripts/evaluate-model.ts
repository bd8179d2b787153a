/**
 * Score a fresh org with the shipped model and compare with the generator's truth.
 *   node --import tsx scripts/evaluate-model.ts --model model/account-score.onnx --org data/orgs/seed7 --truth data/orgs/seed7.truth.csv \
 *     [--card model/MODEL_CARD.md]   (writes the result into the card's fresh-org section)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { withFreshOrgSection } from '../src/model/card/index.js';
import { readTruthFile } from '../src/local-org/generate/auc.js';
import { evaluateModelOnOrg } from '../src/model/pipeline/index.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'model/account-score.onnx' },
    org: { type: 'string', default: 'data/orgs/seed7' },
    truth: { type: 'string' },
    label: { type: 'string', default: 'Converted_To_SQL__c' },
    json: { type: 'boolean', default: false },
    card: { type: 'string' },
    'as-of': { type: 'string' },
  },
});
const asOf = values['as-of'] ? new Date(`${values['as-of']}T00:00:00Z`) : undefined;
const r = await evaluateModelOnOrg({ modelPath: values.model!, orgDir: values.org!, truth: values.truth ? { ...(await readTruthFile(values.truth)), source: values.truth } : undefined, label: values.label!, asOf });
if (values.card) {
  const lift10 = r.lift.find((l) => Math.abs(l.fraction - 0.1) < 1e-9);
  if (!lift10) throw new Error('no top-10% lift row to write into the card');
  const md = await readFile(values.card, 'utf8');
  await writeFile(values.card, withFreshOrgSection(md, { source: r.org, rocAuc: r.rocAuc, bestAchievableAuc: r.bestAchievableAuc, liftTop10: lift10.lift }));
}
if (values.json) console.log(JSON.stringify(r, null, 2));
else {
  console.log(`model ${r.model} (${r.modelVersion ?? 'no version'}) on ${r.org}: ${r.accounts} accounts, ${r.positives} positive (${((100 * r.positives) / r.accounts).toFixed(2)}%)`);
  console.log(`ROC-AUC ${r.rocAuc.toFixed(4)}` + (r.bestAchievableAuc ? ` vs best achievable ${r.bestAchievableAuc.toFixed(4)} (${(100 * r.shareOfBest!).toFixed(1)}% of best; target >= 95%)` : ''));
  console.log(`PR-AUC ${r.prAuc.toFixed(4)}`);
  for (const l of r.lift) console.log(`top ${(l.fraction * 100).toFixed(0)}%: ${l.accounts} accounts, ${l.positives} conversions, rate ${(100 * l.precision).toFixed(1)}%, recall ${(100 * l.recall).toFixed(1)}%, lift ${l.lift.toFixed(2)}x`);
  console.log(`ONNX vs TypeScript max |margin diff| ${r.maxMarginDiff.toExponential(2)}; read+encode ${r.seconds.read.toFixed(1)} s, onnxruntime scoring ${r.seconds.score.toFixed(2)} s`);
}
