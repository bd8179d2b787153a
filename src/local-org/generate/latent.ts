// The hidden truth about an account: the signals that drive its propensity. Records and notes are
// rendered from this (imperfectly); the model never sees it directly.
import { Rng } from './prng.js';
import { COUNTRIES, INDUSTRIES, REGION_WEIGHTS, type Country, type Region, type Segment, type TechKind } from './vocab.js';

export type FundingStage = 'none' | 'seed' | 'A' | 'B' | 'C' | 'D+';

export interface Latent {
  region: Region;
  country: Country;
  industryIndex: number;
  industryMissing: boolean;
  employees: number; // true headcount
  employeesMissing: boolean;
  segment: Segment;
  revenueMissing: boolean;
  revenuePerEmployee: number;
  funding: FundingStage;
  fundingAmountM: number; // USD millions, 0 when none
  fundingMonthsAgo: number; // 0..47
  hiring: boolean;
  hiringCount: number;
  hiringLocations: number; // 0 when not hiring
  trend: 'growth' | 'flat' | 'decline';
  growthPct: number; // YoY headcount change, negative for decline
  layoffs: boolean;
  turnover: boolean;
  newLeader: boolean;
  newLeaderIsTalent: boolean;
  leaderMonthsAgo: number;
  tech: TechKind;
  abmTier: 0 | 1 | 2 | 3; // 0 = none
  freeMailAffinity: number; // 0..1, share of contacts typed with personal emails
  noise: number; // unexplained account-level log-odds (timing, budget, champion...)
}

const FUNDING_BY_SEGMENT: Record<Segment, readonly (readonly [FundingStage, number])[]> = {
  SMB: [['none', 0.6], ['seed', 0.18], ['A', 0.13], ['B', 0.06], ['C', 0.02], ['D+', 0.01]],
  'Mid-Market': [['none', 0.45], ['seed', 0.04], ['A', 0.14], ['B', 0.19], ['C', 0.12], ['D+', 0.06]],
  Enterprise: [['none', 0.72], ['seed', 0.0], ['A', 0.02], ['B', 0.06], ['C', 0.08], ['D+', 0.12]],
};
const AMOUNT_RANGE_M: Record<FundingStage, readonly [number, number]> = {
  none: [0, 0],
  seed: [0.5, 5],
  A: [5, 25],
  B: [18, 80],
  C: [45, 200],
  'D+': [100, 600],
};

function segmentFor(rng: Rng, employees: number): Segment {
  // Segments follow headcount, with the fuzz at the boundaries that real CRMs have.
  const le = Math.log10(employees);
  const fuzz = rng.normal(0, 0.06);
  if (le + fuzz < Math.log10(200)) return 'SMB';
  if (le + fuzz < Math.log10(2000)) return 'Mid-Market';
  return 'Enterprise';
}

function techFor(rng: Rng, segment: Segment, region: Region): TechKind {
  const byRegion = region === 'EMEA' ? 1.6 : 1; // Personio/Teamtailor/Recruitee are European
  if (segment === 'SMB')
    return rng.weighted([['spreadsheets', 0.2], ['none', 0.3], ['bamboo', 0.14], ['smbAts', 0.12 * byRegion], ['greenhouse', 0.1], ['lever', 0.08], ['workday', 0.01], ['enterpriseAts', 0.01]]);
  if (segment === 'Mid-Market')
    return rng.weighted([['spreadsheets', 0.07], ['none', 0.25], ['bamboo', 0.12], ['smbAts', 0.12 * byRegion], ['greenhouse', 0.2], ['lever', 0.12], ['workday', 0.07], ['enterpriseAts', 0.05]]);
  return rng.weighted([['spreadsheets', 0.02], ['none', 0.3], ['bamboo', 0.02], ['smbAts', 0.04], ['greenhouse', 0.12], ['lever', 0.05], ['workday', 0.25], ['enterpriseAts', 0.2]]);
}

/** Draws the latent profile of one account from its own stream. */
export function drawLatent(rng: Rng): Latent {
  const region = rng.weighted(REGION_WEIGHTS);
  const country = rng.weighted(COUNTRIES[region].map((c) => [c, c.weight] as const));
  const industryIndex = rng.weighted(INDUSTRIES.map((ind, i) => [i, ind[1]] as const));

  // Headcount: mixture of log-normals (small firms dominate, long enterprise tail).
  const comp = rng.weighted([[0, 0.6], [1, 0.3], [2, 0.1]] as const);
  const le = comp === 0 ? rng.normal(1.55, 0.45) : comp === 1 ? rng.normal(2.75, 0.32) : rng.normal(3.75, 0.5);
  const employees = Math.max(1, Math.min(600_000, Math.round(Math.pow(10, le))));
  const segment = segmentFor(rng, employees);

  const funding = rng.weighted(FUNDING_BY_SEGMENT[segment]);
  const [lo, hi] = AMOUNT_RANGE_M[funding];
  const fundingAmountM = funding === 'none' ? 0 : lo * Math.pow(hi / lo, rng.next());
  const fundingMonthsAgo = funding === 'none' ? 0 : Math.min(47, Math.floor(rng.gamma(1.3) * 9));
  const recentFunding = funding !== 'none' && fundingMonthsAgo < 18;

  const trend = rng.weighted([['growth', recentFunding ? 0.55 : 0.3], ['flat', 0.5], ['decline', recentFunding ? 0.06 : 0.16]] as const);
  const growthPct =
    trend === 'growth' ? Math.round(5 + rng.gamma(1.5) * 18) : trend === 'decline' ? -Math.round(3 + rng.gamma(1.5) * 8) : Math.round(rng.normal(0, 3));
  const layoffs = trend === 'decline' && rng.chance(0.6);
  const turnover = rng.chance(trend === 'decline' ? 0.25 : 0.05);

  const hiringP = trend === 'decline' ? 0.12 : recentFunding ? 0.7 : trend === 'growth' ? 0.55 : 0.25;
  const hiring = rng.chance(hiringP);
  const hiringCount = hiring ? Math.max(1, Math.round(rng.gamma(1.2) * Math.max(3, Math.sqrt(employees) * 0.8))) : 0;
  const hiringLocations = hiring ? Math.min(6, 1 + (rng.chance(employees > 150 ? 0.55 : 0.2) ? 1 + rng.negBinomial(0.8, 1.5) : 0)) : 0;

  const newLeader = rng.chance(0.16);
  const newLeaderIsTalent = newLeader && rng.chance(0.55);
  const leaderMonthsAgo = newLeader ? rng.int(0, 14) : 0;

  const tech = techFor(rng, segment, region);
  const abmTier = rng.weighted([[0, 0.74], [1, segment === 'Enterprise' ? 0.08 : 0.03], [2, 0.09], [3, 0.12]] as const);
  // Small shops and founders type personal emails more often.
  const freeMailAffinity = Math.min(0.95, rng.gamma(0.6) * (segment === 'SMB' ? 0.22 : 0.07));

  const industryMissing = rng.chance(0.07);
  const employeesMissing = rng.chance(segment === 'SMB' ? 0.07 : 0.03);
  const revenueMissing = rng.chance(segment === 'SMB' ? 0.33 : segment === 'Mid-Market' ? 0.2 : 0.08);
  const revenuePerEmployee = INDUSTRIES[industryIndex][2] * Math.exp(rng.normal(0, 0.55));
  const noise = rng.normal(0, 1);

  return {
    region, country, industryIndex, industryMissing, employees, employeesMissing, segment, revenueMissing, revenuePerEmployee,
    funding, fundingAmountM, fundingMonthsAgo, hiring, hiringCount, hiringLocations, trend, growthPct, layoffs, turnover,
    newLeader, newLeaderIsTalent, leaderMonthsAgo, tech, abmTier, freeMailAffinity, noise,
  };
}
