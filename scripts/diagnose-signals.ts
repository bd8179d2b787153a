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
import { classifyTitle, defaultFeatureSpec, parseNotes } from '../src/features/index.js';
import { generateOrg, NOISE_SD, rocAuc, type Latent } from '../src/local-org/generate/index.js';
import { TITLE_BANDS } from '../src/local-org/generate/vocab.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '30000' },
    seed: { type: 'string', default: '1234' },
    'positive-rate': { type: 'string', default: '0.03' },
    json: { type: 'boolean', default: false },
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
