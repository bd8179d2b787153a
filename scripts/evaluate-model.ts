/**
 * Score a fresh org with the shipped model and compare with the generator's truth.
 *   node --import tsx scripts/evaluate-model.ts --model model/account-score.onnx --org data/orgs/seed7 --truth data/orgs/seed7.truth.csv
 */
import { parseArgs } from 'node:util';
import { evaluateModelOnOrg } from '../src/model/pipeline/index.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'model/account-score.onnx' },
    org: { type: 'string', default: 'data/orgs/seed7' },
    truth: { type: 'string' },
    label: { type: 'string', default: 'Converted_To_SQL__c' },
    json: { type: 'boolean', default: false },
  },
});
const r = await evaluateModelOnOrg({ modelPath: values.model!, orgDir: values.org!, truthPath: values.truth, label: values.label! });
if (values.json) console.log(JSON.stringify(r, null, 2));
else {
  console.log(`model ${r.model} (${r.modelVersion ?? 'no version'}) on ${r.org}: ${r.accounts} accounts, ${r.positives} positive (${((100 * r.positives) / r.accounts).toFixed(2)}%)`);
  console.log(`ROC-AUC ${r.rocAuc.toFixed(4)}` + (r.bestAchievableAuc ? ` vs best achievable ${r.bestAchievableAuc.toFixed(4)} (${(100 * r.shareOfBest!).toFixed(1)}% of best; target >= 95%)` : ''));
  console.log(`PR-AUC ${r.prAuc.toFixed(4)}`);
  for (const l of r.lift) console.log(`top ${(l.fraction * 100).toFixed(0)}%: ${l.accounts} accounts, ${l.positives} conversions, rate ${(100 * l.precision).toFixed(1)}%, recall ${(100 * l.recall).toFixed(1)}%, lift ${l.lift.toFixed(2)}x`);
  console.log(`ONNX vs TypeScript max |margin diff| ${r.maxMarginDiff.toExponential(2)}; read+encode ${r.seconds.read.toFixed(1)} s, onnxruntime scoring ${r.seconds.score.toFixed(2)} s`);
}
