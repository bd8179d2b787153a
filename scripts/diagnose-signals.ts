/**
 * How well do the product's features recover the generator's hidden signals, and how high can
 * any model go? On a generated sample (never written to disk) this reports:
 *  - per-signal recall / precision of parseNotes (default feature spec) against the latent profile,
 *    over accounts whose notes are present (recall over all accounts in brackets);
 *  - title classification agreement (generator's above-the-line vs the spec's title rules);
 *  - the AUC ceiling: true propensity vs labels (best achievable) and a model that knew every
 *    latent signal but not the account-level noise.
 *   node --import tsx scripts/diagnose-signals.ts [--accounts 30000] [--seed 1234] [--positive-rate 0.03]
 */
import { parseArgs } from 'node:util';
import { classifyTitle, createContactAggregator, defaultFeatureSpec, encodeBatch, featureNames, fitFeatureSpec, parseNotes, type AccountInput } from '../src/features/index.js';
import { generateOrg, logitTerms, NOISE_SD, rocAuc, type Latent } from '../src/local-org/generate/index.js';
import { stratifiedHoldout, takeLabels, takeRows } from '../src/model/evaluate/index.js';
import { DEFAULT_TRAIN_PARAMS } from '../src/model/pipeline/index.js';
import { predictMargin, trainGbdt } from '../src/model/train/index.js';
import { TITLE_BANDS } from '../src/local-org/generate/vocab.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '30000' },
    seed: { type: 'string', default: '1234' },
    'positive-rate': { type: 'string', default: '0.03' },
    json: { type: 'boolean', default: false },
    /** Also train the product's model (default spec + default params) on 80% and diagnose it on 20%. */
    fit: { type: 'boolean', default: false },
    /** With --fit: print up to N example notes per signal where the parser and the latent disagree. */
    examples: { type: 'string', default: '0' },
  },
});
const N = Number(values.accounts);
const spec = defaultFeatureSpec();
// The generator's default as-of date: notes say "in March" relative to it.
const AS_OF = new Date('2026-11-01T00:00:00Z');

type Parsed = Record<string, boolean | number | string | null>;
interface Check {
  name: string;
  truth: (l: Latent) => boolean;
  parsed: (s: Parsed) => boolean;
}
const ROUND_OF: Record<Latent['funding'], string> = { none: 'none', seed: 'seed', A: 'A', B: 'B', C: 'C', 'D+': 'D+' };
const checks: Check[] = [
  { name: 'funding (any)', truth: (l) => l.funding !== 'none', parsed: (s) => s.notes_funding === true },
  { name: 'funding recent (<18 mo)', truth: (l) => l.funding !== 'none' && l.fundingMonthsAgo < 18, parsed: (s) => s.notes_funding === true && typeof s.notes_funding_months_ago === 'number' && s.notes_funding_months_ago < 18 },
  { name: 'funding months stated', truth: (l) => l.funding !== 'none', parsed: (s) => typeof s.notes_funding_months_ago === 'number' },
  { name: 'round (exact level)', truth: (l) => l.funding !== 'none', parsed: (s) => s.notes_round !== 'none' },
  { name: 'round B or later', truth: (l) => l.funding === 'B' || l.funding === 'C' || l.funding === 'D+', parsed: (s) => s.notes_round === 'B' || s.notes_round === 'C' || s.notes_round === 'D+' },
  { name: 'amount stated', truth: (l) => l.funding !== 'none', parsed: (s) => typeof s.notes_amount === 'number' },
  { name: 'hiring', truth: (l) => l.hiring, parsed: (s) => s.notes_hiring === true },
  { name: 'hiring count stated', truth: (l) => l.hiring && l.hiringCount > 1, parsed: (s) => typeof s.notes_hiring_count === 'number' && s.notes_hiring_count > 1 },
  { name: 'hiring 2+ locations', truth: (l) => l.hiringLocations >= 2, parsed: (s) => typeof s.notes_hiring_locations === 'number' && s.notes_hiring_locations >= 2 },
  { name: 'growth', truth: (l) => l.trend === 'growth', parsed: (s) => s.notes_growth === true },
  { name: 'decline/layoffs', truth: (l) => l.trend === 'decline', parsed: (s) => s.notes_layoffs === true },
  { name: 'turnover', truth: (l) => l.turnover, parsed: (s) => s.notes_turnover === true },
  { name: 'new leader', truth: (l) => l.newLeader, parsed: (s) => s.notes_new_leader === true },
  { name: 'new talent/people leader', truth: (l) => l.newLeader && l.newLeaderIsTalent, parsed: (s) => s.notes_new_talent_leader === true },
];

const tally = checks.map(() => ({ tp: 0, fn: 0, fp: 0, tpAll: 0, posAll: 0 }));
const roundConfusion = new Map<string, number>();
const propensity = new Float64Array(N);
const withoutNoise = new Float64Array(N);
const label = new Uint8Array(N);
const FIT = values.fit === true;
const inputs: AccountInput[] = [];
const terms: Record<string, number>[] = [];
const latents: Latent[] = [];
const notesText: (string | null)[] = [];
const agg = createContactAggregator(spec);
let notesPresent = 0;
const titleAgree = { both: 0, genOnly: 0, specOnly: 0, neither: 0 };
const bandAsSpec = new Map<string, Map<string, number>>();
let i = 0;
const t0 = Date.now();
for (const g of generateOrg({ seed: Number(values.seed), accounts: N, positiveRate: Number(values['positive-rate']), withLatent: true })) {
  const l = g.latent!.profile;
  propensity[i] = g.propensity;
  withoutNoise[i] = g.latent!.propensityWithoutNoise;
  label[i] = g.account.Converted_To_SQL__c ? 1 : 0;
  const r = parseNotes(spec, g.account.Researcher_Notes__c, { asOf: AS_OF });
  if (FIT) {
    for (const c of g.contacts) agg.add(c);
    inputs.push({ account: g.account, contacts: agg.get(String(g.account.Id)) });
    terms.push(logitTerms(l, g.latent!.contacts));
    latents.push(l);
    notesText.push(typeof g.account.Researcher_Notes__c === 'string' ? g.account.Researcher_Notes__c : null);
  }
  if (!r.missing) notesPresent++;
  checks.forEach((c, k) => {
    const t = c.truth(l);
    const p = !r.missing && c.parsed(r.signals);
    if (t) tally[k].posAll++;
    if (t && p) tally[k].tpAll++;
    if (r.missing) return;
    if (t && p) tally[k].tp++;
    else if (t) tally[k].fn++;
    else if (p) tally[k].fp++;
  });
  if (!r.missing && l.funding !== 'none') {
    const key = `${ROUND_OF[l.funding]}->${String(r.signals.notes_round)}`;
    roundConfusion.set(key, (roundConfusion.get(key) ?? 0) + 1);
  }
  for (const c of g.contacts) {
    const band = TITLE_BANDS.find((b) => b.titles.includes(String(c.Title ?? '')));
    const gen = band?.atl ?? false;
    const cls = classifyTitle(spec, c.Title);
    const s = cls === 'atl';
    titleAgree[gen && s ? 'both' : gen ? 'genOnly' : s ? 'specOnly' : 'neither']++;
    const bn = band?.band ?? '?';
    const m = bandAsSpec.get(bn) ?? new Map<string, number>();
    m.set(cls, (m.get(cls) ?? 0) + 1);
    bandAsSpec.set(bn, m);
  }
  i++;
}
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const rows = checks.map((c, k) => {
  const t = tally[k];
  return {
    signal: c.name,
    recall: t.tp / Math.max(1, t.tp + t.fn),
    precision: t.tp / Math.max(1, t.tp + t.fp),
    recallAll: t.tpAll / Math.max(1, t.posAll),
    positives: t.tp + t.fn,
  };
});
const best = rocAuc(propensity, label);
const latentOnly = rocAuc(withoutNoise, label);
const out = {
  accounts: N,
  seed: Number(values.seed),
  noiseSd: NOISE_SD,
  notesPresent: notesPresent / N,
  positives: label.reduce((a, b) => a + b, 0),
  bestAchievableAuc: best,
  perfectLatentAuc: latentOnly,
  perfectLatentShareOfBest: latentOnly / best,
  signals: rows,
  roundConfusion: Object.fromEntries([...roundConfusion.entries()].sort()),
  titles: titleAgree,
  titlesByGeneratorBand: Object.fromEntries([...bandAsSpec.entries()].map(([b, m]) => [b, Object.fromEntries(m)])),
  seconds: (Date.now() - t0) / 1000,
};
if (values.json) console.log(JSON.stringify(out, null, 2));
else {
  console.log(`${N} accounts (seed ${out.seed}, NOISE_SD ${NOISE_SD}), notes present ${pct(out.notesPresent)}, ${out.positives} positives, ${out.seconds.toFixed(1)} s`);
  console.log(`AUC ceiling: best achievable (true propensity) ${best.toFixed(4)}; perfect-latent model (no noise) ${latentOnly.toFixed(4)} = ${pct(latentOnly / best)} of best`);
  console.log('\nsignal                        recall  precision  recall(all accts)  positives(with notes)');
  for (const r of rows) console.log(`${r.signal.padEnd(30)}${pct(r.recall).padStart(6)}  ${pct(r.precision).padStart(9)}  ${pct(r.recallAll).padStart(17)}  ${String(r.positives).padStart(8)}`);
  console.log(`\nround confusion (true->parsed, notes present): ${JSON.stringify(out.roundConfusion)}`);
  console.log(`titles (generator ATL vs spec ATL): ${JSON.stringify(titleAgree)}`);
  console.log(`titles by generator band -> spec class: ${JSON.stringify(out.titlesByGeneratorBand)}`);
}

if (FIT) fitAndDiagnose();

/**
 * Trains the product model (default spec and params) on a stratified 80%, early-stopped on a
 * slice of it, then on the other 20%: AUC vs the ceiling, and the residual error in log-odds
 * (true noise-free logit minus the model's margin, both centred) against each latent term of
 * the propensity. A slope near 0 means the features carry that term; near 1 means it is missed.
 */
function fitAndDiagnose(): void {
  const t1 = Date.now();
  const fitted = fitFeatureSpec(spec, inputs);
  const enc = encodeBatch(fitted, inputs, { asOf: AS_OF });
  const { train, holdout } = stratifiedHoldout(label, 0.2, 7);
  const inner = stratifiedHoldout(takeLabels(label, train), 0.15, 8);
  const tr = Int32Array.from(inner.train, (k) => train[k]);
  const va = Int32Array.from(inner.holdout, (k) => train[k]);
  const res = trainGbdt(
    takeRows(enc.data, enc.cols, tr), tr.length, enc.cols, takeLabels(label, tr),
    { ...DEFAULT_TRAIN_PARAMS, earlyStoppingRounds: 100 },
    { valid: { X: takeRows(enc.data, enc.cols, va), rows: va.length, y: takeLabels(label, va) } },
  );
  const margin = predictMargin(res.ensemble, takeRows(enc.data, enc.cols, holdout), holdout.length, enc.cols);
  const yh = takeLabels(label, holdout);
  const bestH = rocAuc(Float64Array.from(holdout, (k) => propensity[k]), yh);
  const aucH = rocAuc(margin, yh);
  console.log(`\nfit: ${enc.cols} features, ${res.bestIteration + 1} trees, ${((Date.now() - t1) / 1000).toFixed(0)} s`);
  console.log(`holdout (${holdout.length}): model ROC-AUC ${aucH.toFixed(4)} vs best ${bestH.toFixed(4)} = ${pct(aucH / bestH)}; perfect-latent ${rocAuc(Float64Array.from(holdout, (k) => withoutNoise[k]), yh).toFixed(4)}`);
  // Expected AUC over label draws (soft labels = true propensity): far less noisy than one draw.
  const ph = Float64Array.from(holdout, (k) => propensity[k]);
  const eModel = expectedAuc(margin, ph);
  const eBest = expectedAuc(ph, ph);
  console.log(`expected AUC (soft labels): model ${eModel.toFixed(4)} vs best ${eBest.toFixed(4)} = ${(100 * eModel / eBest).toFixed(2)}%`);
  const logit = (p: number) => Math.log(p / (1 - p));
  const truth = Float64Array.from(holdout, (k) => logit(withoutNoise[k]));
  const mean = (a: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i];
    return s / a.length;
  };
  const mt = mean(truth);
  const mm = mean(margin);
  const err = Float64Array.from(truth, (v, i) => v - mt - (margin[i] - mm));
  let errVar = 0;
  for (const e of err) errVar += e * e;
  errVar /= err.length;
  console.log(`residual log-odds sd ${Math.sqrt(errVar).toFixed(3)} (truth sd ${Math.sqrt(mean(truth.map((v) => (v - mt) ** 2))).toFixed(3)})`);
  console.log('latent term          sd(term)  corr(resid)  slope(resid~term)  resid var explained');
  for (const name of Object.keys(terms[0])) {
    if (name === 'noise') continue;
    const x = Float64Array.from(holdout, (k) => terms[k][name]);
    const mx = mean(x);
    let sxx = 0;
    let sxe = 0;
    for (let i = 0; i < x.length; i++) {
      sxx += (x[i] - mx) ** 2;
      sxe += (x[i] - mx) * err[i];
    }
    const sd = Math.sqrt(sxx / x.length);
    const corr = sxx === 0 ? 0 : sxe / Math.sqrt(sxx * errVar * x.length);
    console.log(`${name.padEnd(20)} ${sd.toFixed(3).padStart(8)}  ${corr.toFixed(3).padStart(11)}  ${(sxx === 0 ? 0 : sxe / sxx).toFixed(3).padStart(17)}  ${pct(corr * corr).padStart(19)}`);
  }
  // The worst-explained accounts by residual: which (truth) terms dominate them.
  const nEx = Number(values.examples);
  if (nEx > 0) {
    const order = Array.from(err.keys()).sort((a, b) => Math.abs(err[b]) - Math.abs(err[a])).slice(0, nEx);
    const names = featureNames(fitted);
    for (const i of order) {
      const k = holdout[i];
      const big = Object.entries(terms[k]).filter(([, v]) => Math.abs(v) > 0.25).map(([n, v]) => `${n}=${v.toFixed(2)}`).join(' ');
      console.log(`\nresid ${err[i].toFixed(2)} | ${big}\n  notes: ${JSON.stringify((notesText[k] ?? '').slice(0, 300))}`);
      const row = enc.data.subarray(k * enc.cols, (k + 1) * enc.cols);
      console.log(`  features: ${names.map((n, j) => (Number.isNaN(row[j]) || row[j] === 0 ? '' : `${n}=${+row[j].toFixed(2)}`)).filter(Boolean).join(' ')}`);
    }
  }
}

/** AUC expected under labels drawn from p: P(score_i > score_j) weighted by p_i (1 - p_j), ties half. */
function expectedAuc(score: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let negBelow = 0;
  let num = 0;
  let sumP = 0;
  let sumN = 0;
  let self = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let tieP = 0;
    let tieN = 0;
    while (j < n && score[order[j]] === score[order[i]]) {
      const q = p[order[j]];
      tieP += q;
      tieN += 1 - q;
      self += q * (1 - q);
      j++;
    }
    num += tieP * negBelow + 0.5 * (tieP * tieN);
    negBelow += tieN;
    sumP += tieP;
    sumN += tieN;
    i = j;
  }
  // Pairs of an account with itself are not pairs (tie term counted each q(1-q) once at half weight).
  return (num - 0.5 * self) / (sumP * sumN - self);
}
