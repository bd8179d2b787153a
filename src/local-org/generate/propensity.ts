// Hidden ground truth: log-odds of converting, a non-linear function of the latent signals plus
// account-level noise (what no CRM field captures), and the intercept that hits a target rate.
import type { ContactAggregates } from './contacts.js';
import type { Latent } from './latent.js';
import { INDUSTRIES } from './vocab.js';

const FUNDING_STRENGTH = { none: 0, seed: 0.35, A: 0.8, B: 1, C: 0.85, 'D+': 0.5 } as const;
const TECH_EFFECT = { spreadsheets: 0.8, none: 0.45, bamboo: 0.35, smbAts: 0, greenhouse: -0.55, lever: -0.45, workday: -0.3, enterpriseAts: -0.15 } as const;
const REGION_EFFECT = { 'North America': 0.15, EMEA: 0, APAC: -0.2, LATAM: -0.4 } as const;
const ABM_EFFECT = [0, 0.9, 0.5, 0.2] as const;
const INDUSTRY_EFFECT: Record<string, number> = {
  Technology: 0.35, Healthcare: 0.2, Consulting: 0.1, Retail: 0.15, Hospitality: 0.15, Finance: 0.1,
  Government: -0.7, 'Not For Profit': -0.45, Education: -0.3, Utilities: -0.2, Agriculture: -0.2,
};
// Headcount sweet spot per segment: [base, peak log10(employees), curvature].
const SEGMENT_SHAPE = { SMB: [-0.3, 2.0, 1.4], 'Mid-Market': [0.35, 2.85, 1.0], Enterprise: [0.1, 3.5, 0.5] } as const;

/**
 * Scale of the unexplained account-level term in log-odds (timing, budget, a champion...). Kept
 * small on purpose: the truth file is what the account's situation implies, and the realism of an
 * imperfect CRM comes from the Bernoulli label draw, omitted/negated/typo'd notes and missing
 * fields, all of which a model faces too. At 1.0 a model knowing every latent signal exactly
 * reached only ~95% of the "best achievable" AUC, so that ceiling measured information no record
 * carries (see README.md).
 */
export const NOISE_SD = 0.3;

/** Log-odds without the intercept. Deterministic given the latent profile and contact plan. */
export function baseLogit(l: Latent, c: ContactAggregates): number {
  let z = 0;

  const recent = l.funding !== 'none' && l.fundingMonthsAgo < 18;
  const fund = FUNDING_STRENGTH[l.funding] * (recent ? 1 : 0.3);
  const hire = l.hiring ? 0.5 + 0.25 * Math.min(l.hiringLocations - 1, 3) + 0.1 * Math.min(Math.log1p(l.hiringCount), 4) : 0;
  z += 0.35 * fund + 0.45 * hire + 1.1 * fund * hire; // money and open reqs together is the buying moment

  if (l.newLeader) z += (l.newLeaderIsTalent ? 0.9 : 0.3) * (l.leaderMonthsAgo < 6 ? 1.3 : 1);
  if (l.trend === 'decline') z -= l.layoffs ? 1.1 : 0.5;
  if (l.trend === 'growth') z += 0.5 * Math.min(l.growthPct / 40, 1.5);
  if (l.turnover) z -= 0.3;

  const [base, peak, curve] = SEGMENT_SHAPE[l.segment];
  const d = Math.log10(l.employees) - peak;
  z += base - curve * d * d;

  z += TECH_EFFECT[l.tech];
  z += ABM_EFFECT[l.abmTier];
  z += REGION_EFFECT[l.region];
  z += INDUSTRY_EFFECT[INDUSTRIES[l.industryIndex][0]] ?? 0;
  if (l.revenueMissing) z -= 0.25;

  if (c.count === 0) z -= 0.9;
  else z += 0.12 * Math.min(Math.log1p(c.count), 4);
  if (c.atl > 0) z += 0.55;
  z -= 0.9 * c.freeShare;

  return z + NOISE_SD * l.noise;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Intercept b with mean(sigmoid(z + b)) = rate over the sample (bisection; mean is monotone in b). */
export function solveIntercept(logits: Float64Array, rate: number): number {
  let lo = -30;
  let hi = 10;
  for (let it = 0; it < 80; it++) {
    const mid = (lo + hi) / 2;
    let s = 0;
    for (let i = 0; i < logits.length; i++) s += sigmoid(logits[i] + mid);
    if (s / logits.length < rate) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * baseLogit split into its named terms (diagnostics only: which parts of the truth a model's
 * features capture poorly). The terms sum to baseLogit(l, c) up to float rounding.
 */
export function logitTerms(l: Latent, c: ContactAggregates): Record<string, number> {
  const recent = l.funding !== 'none' && l.fundingMonthsAgo < 18;
  const fund = FUNDING_STRENGTH[l.funding] * (recent ? 1 : 0.3);
  const hire = l.hiring ? 0.5 + 0.25 * Math.min(l.hiringLocations - 1, 3) + 0.1 * Math.min(Math.log1p(l.hiringCount), 4) : 0;
  const [base, peak, curve] = SEGMENT_SHAPE[l.segment];
  const d = Math.log10(l.employees) - peak;
  return {
    funding: 0.35 * fund,
    hiring: 0.45 * hire,
    fundingXhiring: 1.1 * fund * hire,
    newLeader: l.newLeader ? (l.newLeaderIsTalent ? 0.9 : 0.3) * (l.leaderMonthsAgo < 6 ? 1.3 : 1) : 0,
    decline: l.trend === 'decline' ? -(l.layoffs ? 1.1 : 0.5) : 0,
    growth: l.trend === 'growth' ? 0.5 * Math.min(l.growthPct / 40, 1.5) : 0,
    turnover: l.turnover ? -0.3 : 0,
    segmentHeadcount: base - curve * d * d,
    tech: TECH_EFFECT[l.tech],
    abm: ABM_EFFECT[l.abmTier],
    region: REGION_EFFECT[l.region],
    industry: INDUSTRY_EFFECT[INDUSTRIES[l.industryIndex][0]] ?? 0,
    revenueMissing: l.revenueMissing ? -0.25 : 0,
    contactCount: c.count === 0 ? -0.9 : 0.12 * Math.min(Math.log1p(c.count), 4),
    atl: c.atl > 0 ? 0.55 : 0,
    freeMail: -0.9 * c.freeShare,
    noise: NOISE_SD * l.noise,
  };
}
