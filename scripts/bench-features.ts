// Benchmark: fit + encode 100,000 synthetic accounts (notes parsing included), and aggregate
// 500,000 contacts. Run: node --import tsx scripts/bench-features.ts [accounts] [contacts]
import {
  createContactAggregator,
  defaultFeatureSpec,
  encodeBatch,
  fitFeatureSpec,
  type AccountInput,
} from '../src/features/index.js';

const N = Number(process.argv[2] ?? 100_000);
const C = Number(process.argv[3] ?? 500_000);

// Small deterministic PRNG (mulberry32) so runs are comparable.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const FRAGMENTS = [
  'Raised $40M Series B in March', 'Seires C (120m) led by Accel', 'Série B de 15 M€', 'No funding yet, bootstrapped',
  'hiring 12 SDRs across Austin and Dublin', 'not hiring atm', 'hirng aggressively', 'Hiring in 3 locations (NYC, London, Berlin)',
  'new VP Talent since Q2', 'layoffs in Q3', 'headcount down 20%', 'headcount up 35% YoY', 'high turnover in support',
  'evaluating ATS vendors, RFP in Q4', 'unhappy with Workday, manual screening', 'acquired by a PE firm last year',
  'Spoke to the CFO, call back in January', 'Website says 200+ employees', '日本語のメモ 🚀', 'HQ in Toronto, office in Ottawa',
];
const TECH = ['Greenhouse', 'greenhouse.io', 'Lever', 'Workday Recruiting', 'BambooHR', 'spreadsheets', 'none', 'iCIMS', '', null];
const TITLES = ['VP Sales', 'Sr. Recruiter', 'HR Manager', 'Head of People', 'Intern', 'Founder & CEO', 'Talent Coordinator', '', null];

function account(i: number): AccountInput {
  const nFrag = Math.floor(rand() * 4);
  const notes = rand() < 0.2 ? null : Array.from({ length: nFrag + 1 }, () => pick(FRAGMENTS)).join('; ');
  return {
    account: {
      Id: `001${String(i).padStart(12, '0')}AAA`,
      Type: pick(['Prospect', 'Customer', 'Partner']),
      Industry: pick(['Software', 'Retail', 'Healthcare', 'Manufacturing', 'Financial Services', null]),
      AnnualRevenue: rand() < 0.3 ? null : Math.round(1e5 + rand() * 5e8),
      NumberOfEmployees: rand() < 0.2 ? null : Math.round(1 + rand() * 20000),
      BillingCountry: pick(['United States', 'USA', 'UK', 'Germany', 'Deutschland', 'France', 'Japan', 'Brasil', null]),
      Region__c: pick(['North America', 'EMEA', 'APAC', 'LATAM']),
      GTM_Segment__c: pick(['SMB', 'Mid-Market', 'Enterprise']),
      ABM_Group__c: pick(['Tier 1', 'Tier 2', 'Tier 3', null, null]),
      Persona__c: pick(['Talent Acquisition', 'HR Operations', 'Founder', 'Finance', 'IT', null]),
      Current_Technology__c: pick(TECH),
      Researcher_Notes__c: notes,
    },
    contacts: { contactCount: 5, atlCount: 1, btlCount: 3, otherCount: 1, freeMailCount: 1, withEmailCount: 4 },
  };
}

const spec = defaultFeatureSpec();
let t = performance.now();
const inputs = Array.from({ length: N }, (_, i) => account(i));
const noteChars = inputs.reduce((s, x) => s + ((x.account.Researcher_Notes__c as string | null)?.length ?? 0), 0);
console.log(`built ${N} inputs (${(noteChars / 1e6).toFixed(1)} M note chars) in ${(performance.now() - t).toFixed(0)} ms`);

t = performance.now();
const fitted = fitFeatureSpec(spec, inputs);
console.log(`fitFeatureSpec: ${(performance.now() - t).toFixed(0)} ms`);

for (let run = 1; run <= 2; run++) {
  t = performance.now();
  const b = encodeBatch(fitted, inputs);
  const ms = performance.now() - t;
  console.log(`encodeBatch run ${run}: ${b.rows} x ${b.cols} in ${ms.toFixed(0)} ms (${Math.round(b.rows / (ms / 1000)).toLocaleString('en-US')} accounts/s)`);
}

const agg = createContactAggregator(spec);
t = performance.now();
for (let i = 0; i < C; i++) {
  agg.add({ AccountId: `001${String(i % N).padStart(12, '0')}AAA`, Title: pick(TITLES), Email: rand() < 0.3 ? 'x@gmail.com' : 'x@corp.example' });
}
const ms = performance.now() - t;
console.log(`contact aggregator: ${C} contacts -> ${agg.size} accounts in ${ms.toFixed(0)} ms; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
