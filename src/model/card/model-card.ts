import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CvSummary, MeanSd, MetricSet } from '../evaluate/report.js';
import type { ChosenThreshold } from '../evaluate/thresholds.js';
import { renderCharts } from './charts.js';
import { DEFAULT_TAILS, type ScoreScale } from '../calibrate/scale.js';

export interface ImportanceRow {
  feature: string;
  label: string;
  value: number;
}

export interface ThresholdRow extends ChosenThreshold {
  /** The threshold on the 0-100 score scale. */
  score: number;
}

/** Everything the model card states; the pipeline fills it from a training run. */
export interface ModelCardReport {
  modelVersion: string;
  trainedAt: string;
  label: string;
  data: { source: string; accounts: number; positives: number; generatorSeed?: number | string; features: number; contacts?: number };
  split: { trainRows: number; holdoutRows: number; folds: number; seed: number };
  model: { trees: number; params: Record<string, unknown>; onnxBytes?: number };
  cv: { gbdt: CvSummary; logistic: CvSummary; baseRate: CvSummary; bestIterations: number[] };
  holdout: { gbdt: MetricSet; logistic: MetricSet; baseRate: MetricSet };
  /** Holdout labels and probabilities, for the charts. */
  curves: { y: ArrayLike<number>; model: ArrayLike<number>; baseline: ArrayLike<number> };
  /** Mean |SHAP| per feature (log-odds); 'gain' when SHAP was not available. */
  importance: { kind: 'mean-abs-shap' | 'gain'; rows: ImportanceRow[] };
  thresholds: ThresholdRow[];
  scoreScale: ScoreScale;
  /** What the model reads: the spec's source ("default", "inferred", a file), target in words, fields, and what was left out. */
  spec?: { source: string; target?: string; fields: string[]; excluded: { field: string; reason: string }[] };
  /** Optional evaluation on a fresh org generated with another seed. */
  freshOrg?: { source: string; rocAuc: number; bestAchievableAuc?: number; liftTop10: number };
}

const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
const ms = (m: MeanSd) => `${f4(m.mean)} ± ${f4(m.sd)}`;
const pct = (v: number, d = 1) => `${(100 * v).toFixed(d)}%`;

const FRESH_HEADING = '### Fresh org (new generator seed, never seen in training)';

function freshOrgSection(f: NonNullable<ModelCardReport['freshOrg']>): string[] {
  return [
    FRESH_HEADING,
    '',
    `Source ${f.source}: ROC-AUC ${f4(f.rocAuc)}` + (f.bestAchievableAuc ? ` vs best achievable ${f4(f.bestAchievableAuc)} from the true propensities (${pct(f.rocAuc / f.bestAchievableAuc, 2)} of it)` : '') + `; lift in the top 10% ${f.liftTop10.toFixed(2)}×.`,
    '',
  ];
}

/**
 * Puts (or replaces) the fresh-org evaluation in an existing card's markdown, before the holdout
 * lift table: the evaluation runs after training, on an org the trainer never saw.
 */
export function withFreshOrgSection(markdown: string, f: NonNullable<ModelCardReport['freshOrg']>): string {
  const section = `${freshOrgSection(f).join('\n')}\n`;
  const at = markdown.indexOf(FRESH_HEADING);
  if (at >= 0) {
    const next = markdown.slice(at + FRESH_HEADING.length).search(/\n#{2,3} /);
    const end = next < 0 ? markdown.length : at + FRESH_HEADING.length + next + 1;
    return markdown.slice(0, at) + section + markdown.slice(end);
  }
  const lift = markdown.indexOf('## Lift (holdout)');
  return lift >= 0 ? markdown.slice(0, lift) + section + markdown.slice(lift) : `${markdown.trimEnd()}\n\n${section}`;
}

export function renderModelCard(r: ModelCardReport): string {
  const L: string[] = [];
  const d = r.data;
  L.push(`# Model card: Account Score ${r.modelVersion}`, '');
  if (r.spec) {
    const target = r.spec.target ? ` (${r.spec.target})` : '';
    L.push(`Trained ${r.trainedAt}. Predicts \`${r.label}\`${target} from ${r.spec.fields.length} fields (${r.spec.source} feature spec): ${r.spec.fields.map((f) => `\`${f}\``).join(', ')}.`, '');
    if (r.spec.excluded.length)
      L.push(`Left out: ${r.spec.excluded.map((e) => `\`${e.field}\` (${e.reason})`).join('; ')}.`, '');
  } else {
    L.push(`Trained ${r.trainedAt}. Predicts \`${r.label}\`.`, '');
  }
  L.push('## What the score means', '');
  L.push(
    `The score (0-100) is a **relative likelihood**: accounts with higher scores are more likely to convert than accounts with lower scores. It is **not a percent chance**: a score of 80 does not mean an 80% chance of converting. ` +
      `It is the model's log-odds rescaled linearly (points = ${r.scoreScale.offset.toFixed(3)} + ${r.scoreScale.factor.toFixed(3)} × log-odds) between ${r.scoreScale.tails?.low ?? DEFAULT_TAILS.low} and ${r.scoreScale.tails?.high ?? DEFAULT_TAILS.high} points and bent towards 0 and 100 beyond them (never clamped: a higher log-odds never gives a lower score, and two decimals separate accounts down to 0.01 points; Expected Conversion, with 5 decimals, orders accounts that share a score); factor contributions add up to the score in points. ` +
      'The percentile (1-100) ranks an account within the scored population; tiers (Hot/Warm/Cold) come from thresholds admins set in Salesforce.',
    '',
  );
  L.push('## Data', '');
  L.push('| | |', '|---|---|');
  L.push(`| Source | ${d.source} |`);
  if (d.generatorSeed !== undefined) L.push(`| Synthetic generator seed | ${d.generatorSeed} |`);
  L.push(`| Accounts | ${d.accounts.toLocaleString('en-US')} |`);
  if (d.contacts !== undefined) L.push(`| Contacts | ${d.contacts.toLocaleString('en-US')} |`);
  L.push(`| Positives | ${d.positives.toLocaleString('en-US')} (${pct(d.positives / d.accounts, 2)}) |`);
  L.push(`| Features | ${d.features} |`);
  L.push(`| Split | ${r.split.trainRows.toLocaleString('en-US')} training rows (${r.split.folds}-fold stratified CV), ${r.split.holdoutRows.toLocaleString('en-US')} untouched stratified holdout rows (seed ${r.split.seed}) |`);
  L.push('');
  L.push('## Model', '');
  L.push(`Gradient-boosted trees (histogram, binary log loss), ${r.model.trees} trees: the mean early-stopped count over the CV folds (${r.cv.bestIterations.join(', ')}), refit on all training rows.` + (r.model.onnxBytes ? ` ONNX file: ${(r.model.onnxBytes / 1024).toFixed(0)} KB.` : ''), '');
  L.push('```json', JSON.stringify(r.model.params), '```', '');
  L.push(`## Cross-validation (${r.cv.gbdt.folds} folds, mean ± sd)`, '');
  L.push('| Model | ROC-AUC | PR-AUC | Log loss | Brier | Lift top 10% |', '|---|---|---|---|---|---|');
  const cvRow = (n: string, s: CvSummary) => `| ${n} | ${ms(s.rocAuc)} | ${ms(s.prAuc)} | ${ms(s.logLoss)} | ${ms(s.brier)} | ${ms(s.liftTop10)} |`;
  L.push(cvRow('Boosted trees', r.cv.gbdt), cvRow('Logistic regression', r.cv.logistic), cvRow('Base rate', r.cv.baseRate), '');
  L.push('## Holdout', '');
  L.push('| Model | ROC-AUC | PR-AUC | Log loss | Brier | Precision @ max F1 | Recall @ max F1 | F1 | Share flagged |', '|---|---|---|---|---|---|---|---|---|');
  const hoRow = (n: string, m: MetricSet) =>
    `| ${n} | ${f4(m.rocAuc)} | ${f4(m.prAuc)} | ${f4(m.logLoss)} | ${f4(m.brier)} | ${pct(m.atMaxF1.precision)} | ${pct(m.atMaxF1.recall)} | ${f4(m.atMaxF1.f1)} | ${pct(m.atMaxF1.sharePredictedPositive)} |`;
  L.push(hoRow('Boosted trees', r.holdout.gbdt), hoRow('Logistic regression', r.holdout.logistic), hoRow('Base rate', r.holdout.baseRate), '');
  if (r.freshOrg) L.push(...freshOrgSection(r.freshOrg));
  L.push('## Lift (holdout)', '');
  L.push('What an SDR team gets by working only the top-scored accounts.', '');
  L.push('| Top share | Accounts | Conversions | Conversion rate | Share of all conversions | Lift | Logistic lift |', '|---|---|---|---|---|---|---|');
  r.holdout.gbdt.lift.forEach((l, i) => {
    L.push(`| ${pct(l.fraction, 0)} | ${l.accounts} | ${l.positives} | ${pct(l.precision)} | ${pct(l.recall)} | ${l.lift.toFixed(2)}× | ${r.holdout.logistic.lift[i]?.lift.toFixed(2) ?? 'n/a'}× |`);
  });
  L.push('');
  L.push('## Calibration (holdout deciles)', '');
  L.push('| Decile | Accounts | Mean predicted | Observed rate |', '|---|---|---|---|');
  for (const b of r.holdout.gbdt.calibration) L.push(`| ${b.bin} | ${b.count} | ${pct(b.meanPredicted, 2)} | ${pct(b.observedRate, 2)} |`);
  L.push('');
  L.push('## Thresholds (chosen on the holdout PR curve)', '');
  L.push('| Rule | Probability ≥ | Score ≥ | Accounts | Precision | Recall | F1 |', '|---|---|---|---|---|---|---|');
  for (const t of r.thresholds) L.push(`| ${t.rule} | ${t.threshold.toFixed(4)} | ${t.score.toFixed(1)} | ${t.accounts} | ${pct(t.precision)} | ${pct(t.recall)} | ${f4(t.f1)} |`);
  L.push('');
  L.push('## Top global factors', '');
  if (r.importance.rows.length === 0) L.push('Not available for this run.', '');
  else {
    L.push(r.importance.kind === 'mean-abs-shap' ? 'Mean |SHAP| on holdout accounts, in log-odds (× score factor = score points).' : 'Total split gain (TreeSHAP was not available for this run).', '');
    L.push(`| # | Factor | ${r.importance.kind === 'mean-abs-shap' ? 'Mean abs SHAP' : 'Gain'} |`, '|---|---|---|');
    r.importance.rows.forEach((x, i) => L.push(`| ${i + 1} | ${x.label} (\`${x.feature}\`) | ${x.value.toFixed(4)} |`));
    L.push('');
  }
  L.push('## Charts', '');
  for (const [f, t] of [['roc.svg', 'ROC'], ['pr.svg', 'Precision-recall'], ['calibration.svg', 'Calibration'], ['lift.svg', 'Cumulative gains'], ['importance.svg', 'Importance']])
    L.push(`![${t}](charts/${f})`);
  L.push('');
  L.push('## Limits', '');
  L.push('- Trained on the org it was given: a model trained on synthetic data shows the pipeline works, not how a real org behaves. Retrain on your own history.');
  L.push('- The score ranks; it does not forecast. Probabilities are calibrated to the training base rate and drift when the conversion rate changes.');
  L.push('');
  return L.join('\n');
}

/** Write MODEL_CARD.md and charts/*.svg into dir. */
export async function writeModelCard(dir: string, r: ModelCardReport): Promise<string[]> {
  await mkdir(join(dir, 'charts'), { recursive: true });
  const charts = renderCharts({
    y: r.curves.y,
    model: r.curves.model,
    baseline: r.curves.baseline,
    calibration: r.holdout.gbdt.calibration,
    importance: r.importance.rows.slice(0, 15).map((x) => ({ label: x.label, value: x.value })),
    importanceTitle: r.importance.kind === 'mean-abs-shap' ? 'Top factors (mean |SHAP|, holdout)' : 'Top factors (split gain)',
    importanceAxis: r.importance.kind === 'mean-abs-shap' ? 'Mean |SHAP| (log-odds)' : 'Total split gain',
  });
  const written: string[] = [];
  for (const [name, svg] of Object.entries(charts)) {
    const p = join(dir, 'charts', name);
    await writeFile(p, svg);
    written.push(p);
  }
  const md = join(dir, 'MODEL_CARD.md');
  await writeFile(md, renderModelCard(r));
  written.push(md);
  return written;
}
