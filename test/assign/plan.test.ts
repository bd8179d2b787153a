import { describe, it, expect } from '@jest/globals';
import { planAssignment, ratioOf, type PoolAccount, type Rep } from '../../src/assign/plan.js';
import { mulberry32 } from '../../src/util/prng.js';

const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM'];

function tierOf(score: number) {
  return score >= 70 ? 'Hot' : score >= 40 ? 'Warm' : 'Cold';
}

/** A skewed pool like a scored org's: most accounts cold, a few hot. */
function pool(n: number, seed: number, worked = 0): PoolAccount[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const score = Math.round(100 * rnd() ** 2.2 * 100) / 100;
    const probability = 1 / (1 + Math.exp(-(score - 60) / 12));
    return {
      id: `001${String(i).padStart(12, '0')}`,
      name: `Account ${i}`,
      ownerId: 'pool',
      score,
      tier: tierOf(score),
      probability,
      match: REGIONS[Math.floor(rnd() * REGIONS.length)],
      worked: rnd() < worked ? 'open Task in the last 30 days' : null,
    };
  });
}

function reps(n: number, seed: number, capacity: number, regions = false): Rep[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const expected = 8 + 6 * rnd(); // books differ by up to 75%
    return {
      id: `005${String(i).padStart(12, '0')}`,
      name: `Rep ${i}`,
      match: regions ? REGIONS[i % REGIONS.length] : null,
      capacity,
      book: { count: 100, expected, tiers: { Hot: 5 + (i % 3), Warm: 20, Cold: 75 - (i % 3) } },
    };
  });
}

const topN = (p: PoolAccount[], n: number) =>
  p
    .filter((a) => !a.worked)
    .map((a) => a.probability)
    .sort((a, b) => b - a)
    .slice(0, n)
    .reduce((s, v) => s + v, 0);

describe('planAssignment', () => {
  it('hands out the top N: expected conversions equal the top-N total, and balances to within 1.05 counting books', () => {
    const p = pool(5000, 1, 0.05);
    const r = reps(10, 2, 50);
    const plan = planAssignment(p, r, { balance: 'expected', tolerance: 1.05 });
    expect(plan.stats.assigned).toBe(500);
    expect(plan.stats.planExpected).toBeCloseTo(topN(p, 500), 9);
    expect(plan.stats.topNExpected).toBeCloseTo(topN(p, 500), 9);
    const totals = plan.reps.map((x) => x.after.expected);
    expect(ratioOf(totals)).toBeLessThanOrEqual(1.05);
    expect(plan.stats.ratio).toBeCloseTo(ratioOf(totals), 12);
    expect(plan.stats.withinTolerance).toBe(true);
    // the baseline deals the same accounts round-robin and ignores books: worse
    expect(plan.stats.baselineRatio).toBeGreaterThan(plan.stats.ratio);
    // every account once, to a real rep, from the pool
    const ids = plan.assignments.map((a) => a.accountId);
    expect(new Set(ids).size).toBe(500);
    for (const a of plan.assignments) {
      expect(r.map((x) => x.id)).toContain(a.to);
      expect(a.from).toBe('pool');
      expect(a.why).toMatch(/expected conversions/);
    }
  });

  it('never hands out a worked account, and lists it as skipped with the reason', () => {
    const p = pool(2000, 3, 0.2);
    const plan = planAssignment(p, reps(5, 4, 40), { balance: 'expected', tolerance: 1.05 });
    const worked = new Set(p.filter((a) => a.worked).map((a) => a.id));
    expect(worked.size).toBeGreaterThan(100);
    for (const a of plan.assignments) expect(worked.has(a.accountId)).toBe(false);
    expect(plan.skipped.filter((s) => worked.has(s.accountId))).toHaveLength(worked.size);
    expect(plan.skipped[0].reason).toMatch(/open Task/);
  });

  it('respects each rep capacity, including uneven and zero capacity', () => {
    const r = reps(6, 5, 0).map((x, i) => ({ ...x, capacity: [0, 10, 20, 30, 5, 35][i] }));
    const plan = planAssignment(pool(3000, 6), r, { balance: 'expected', tolerance: 1.05 });
    expect(plan.stats.assigned).toBe(100);
    for (const s of plan.reps) expect(s.added.count).toBeLessThanOrEqual(s.capacity);
    expect(plan.reps[0].added.count).toBe(0);
  });

  it('with a match field no account goes to a rep of another region, and accounts with no matching rep are skipped', () => {
    const p = pool(5000, 7);
    const r = reps(9, 8, 50, true).filter((x) => x.match !== 'LATAM');
    const plan = planAssignment(p, r, { balance: 'expected', tolerance: 1.05, matchField: 'Region__c' });
    const region = new Map(p.map((a) => [a.id, a.match]));
    const repRegion = new Map(r.map((x) => [x.id, x.match]));
    expect(plan.stats.assigned).toBe(r.length * 50);
    for (const a of plan.assignments) expect(region.get(a.accountId)).toBe(repRegion.get(a.to));
    expect(plan.skipped.some((s) => /no rep has Region__c = LATAM/.test(s.reason))).toBe(true);
    // balanced inside each region, the only place reps can trade
    for (const reg of ['North America', 'EMEA', 'APAC']) {
      expect(ratioOf(plan.reps.filter((x) => x.match === reg).map((x) => x.after.expected))).toBeLessThanOrEqual(plan.stats.groupRatio + 1e-12);
    }
    expect(plan.stats.groupRatio).toBeLessThanOrEqual(1.05);
    expect(plan.stats.withinTolerance).toBe(true);
    // each region's own top accounts: the best possible under the constraint
    for (const reg of ['North America', 'EMEA', 'APAC']) {
      const cap = r.filter((x) => x.match === reg).length * 50;
      const best = topN(p.filter((a) => a.match === reg), cap);
      const got = plan.assignments.filter((a) => region.get(a.accountId) === reg).reduce((s, a) => s + a.probability, 0);
      expect(got).toBeCloseTo(best, 9);
    }
  });

  it('tiers mode evens the Hot/Warm/Cold mix of new accounts to within one per rep', () => {
    const p = pool(4000, 9);
    const r = reps(8, 10, 40);
    const plan = planAssignment(p, r, { balance: 'tiers', tolerance: 1.05 });
    expect(plan.stats.tierSpread).toBeLessThanOrEqual(1);
    for (const t of ['Hot', 'Warm', 'Cold'] as const) {
      const counts = plan.reps.map((x) => x.added.tiers[t]);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(plan.stats.planExpected).toBeCloseTo(topN(p, 320), 9);
  });

  it('reports honestly when books are too unequal to balance: ratio above tolerance, not within', () => {
    const r = reps(3, 11, 5);
    r[0].book.expected = 100; // far beyond what 15 accounts can make up
    const plan = planAssignment(pool(500, 12), r, { balance: 'expected', tolerance: 1.05 });
    expect(plan.stats.withinTolerance).toBe(false);
    expect(plan.stats.ratio).toBeGreaterThan(1.05);
    // the rich rep still gets its share of capacity only if nobody else can take it; here others had room
    expect(plan.reps[0].added.expected).toBeLessThan(plan.reps[1].added.expected);
  });

  it('hands out no more than --count and refuses a tolerance below 1 or a rep listed twice', () => {
    const plan = planAssignment(pool(300, 13), reps(3, 14, 50), { balance: 'expected', tolerance: 1.05, count: 30 });
    expect(plan.stats.assigned).toBe(30);
    expect(() => planAssignment([], reps(2, 1, 1), { balance: 'expected', tolerance: 0.9 })).toThrow(/at least 1/);
    const twice = reps(1, 1, 1);
    expect(() => planAssignment([], [...twice, ...twice], { balance: 'expected', tolerance: 1.05 })).toThrow(/listed twice/);
  });
});
