// Assignment planning: which pool accounts go to which rep. Pure (no I/O): the caller
// reads the org, this decides. Expected conversions are sums of calibrated probabilities.
import { z } from 'zod';
import { TIERS, TierCounts } from '../model/calibrate/tier.js';

export { TIERS };
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

export { TierCounts };

export const PoolAccount = z.object({
  id: z.string(),
  name: z.string(),
  /** current owner (the pool user) */
  ownerId: z.string(),
  score: z.number(),
  tier: Tier,
  /** calibrated P(convert) */
  probability: z.number().min(0).max(1),
  /** the account's value of the match field (null = blank) */
  match: z.string().nullable().default(null),
  /** why someone is working it (open activity / opportunity in the window); such accounts never move */
  worked: z.string().nullable().default(null),
});
export type PoolAccount = z.input<typeof PoolAccount>;

export const Book = z.object({ count: z.number().int().nonnegative(), expected: z.number().nonnegative(), tiers: TierCounts });
export type Book = z.infer<typeof Book>;

export const Rep = z.object({
  id: z.string(),
  name: z.string(),
  match: z.string().nullable().default(null),
  /** new accounts this rep can take in this plan */
  capacity: z.number().int().nonnegative(),
  /** the rep's current open book */
  book: Book,
});
export type Rep = z.input<typeof Rep>;

export const Balance = z.enum(['expected', 'tiers']);
export type Balance = z.infer<typeof Balance>;

export interface PlanOptions {
  /** 'expected': expected conversions first, tier mix within what keeps the ratio in tolerance; 'tiers': tier mix first */
  balance: Balance;
  /** target max/min ratio of expected conversions per rep, books included (e.g. 1.05) */
  tolerance: number;
  /** hand out at most this many (default: the reps' total capacity) */
  count?: number;
  /** when set, an account only goes to a rep with the same match value (field name for messages) */
  matchField?: string;
}

export const Assignment = z.object({
  accountId: z.string(),
  name: z.string(),
  from: z.string(),
  to: z.string(),
  toName: z.string(),
  score: z.number(),
  tier: Tier,
  probability: z.number(),
  why: z.string(),
});
export type Assignment = z.infer<typeof Assignment>;

export const RepSummary = z.object({
  id: z.string(),
  name: z.string(),
  match: z.string().nullable(),
  capacity: z.number().int(),
  before: Book,
  added: Book,
  after: Book,
});
export type RepSummary = z.infer<typeof RepSummary>;

export const Skipped = z.object({ accountId: z.string(), name: z.string(), reason: z.string() });

export const PlanStats = z.object({
  /** accounts handed out */
  assigned: z.number().int(),
  /** sum of probabilities of the plan's accounts */
  planExpected: z.number(),
  /** sum of probabilities of the top `assigned` eligible accounts, ignoring reps */
  topNExpected: z.number(),
  /** max/min expected conversions per rep (books included) after the plan */
  ratio: z.number(),
  /** the same for round-robin by score over the same accounts */
  baselineRatio: z.number(),
  /** with a match field: the largest max/min inside one match group (reps of different groups cannot trade); else = ratio */
  groupRatio: z.number(),
  baselineGroupRatio: z.number(),
  /** largest difference between two reps (in one match group) in new accounts of one tier */
  tierSpread: z.number().int(),
  baselineTierSpread: z.number().int(),
  tolerance: z.number(),
  withinTolerance: z.boolean(),
});
export type PlanStats = z.infer<typeof PlanStats>;

export interface Plan {
  assignments: Assignment[];
  reps: RepSummary[];
  /** eligible pool accounts left unassigned because they are worked or no rep matches */
  skipped: z.infer<typeof Skipped>[];
  stats: PlanStats;
}

type Acc = z.infer<typeof PoolAccount>;
type R = z.infer<typeof Rep>;

const TIER_INDEX: Record<Tier, number> = { Hot: 0, Warm: 1, Cold: 2 };

/** Mutable state of one match group while planning. */
interface Group {
  reps: number[]; // indexes into reps
  accounts: Acc[];
}

class State {
  readonly total: Float64Array;
  readonly cap: Int32Array;
  readonly lists: Acc[][];
  readonly tierNew: Int32Array; // [rep * 3 + tier]
  constructor(readonly reps: R[]) {
    this.total = Float64Array.from(reps, (r) => r.book.expected);
    this.cap = Int32Array.from(reps, (r) => r.capacity);
    this.lists = reps.map(() => []);
    this.tierNew = new Int32Array(reps.length * 3);
  }
  add(r: number, a: Acc): void {
    this.lists[r].push(a);
    this.total[r] += a.probability;
    this.cap[r]--;
    this.tierNew[r * 3 + TIER_INDEX[a.tier]]++;
  }
  remove(r: number, a: Acc): void {
    const l = this.lists[r];
    const i = l.indexOf(a);
    l.splice(i, 1);
    this.total[r] -= a.probability;
    this.cap[r]++;
    this.tierNew[r * 3 + TIER_INDEX[a.tier]]--;
  }
  swap(i: number, a: Acc, j: number, b: Acc): void {
    this.remove(i, a);
    this.remove(j, b);
    this.add(i, b);
    this.add(j, a);
  }
  move(i: number, a: Acc, j: number): void {
    this.remove(i, a);
    this.add(j, a);
  }
}

export function ratioOf(totals: ArrayLike<number>): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < totals.length; i++) {
    min = Math.min(min, totals[i]);
    max = Math.max(max, totals[i]);
  }
  if (totals.length === 0) return 1;
  if (min <= 0) return max <= 0 ? 1 : Infinity;
  return max / min;
}

function tierSpreadOf(tierNew: Int32Array, groups: Group[]): number {
  let spread = 0;
  for (const g of groups) {
    for (let t = 0; t < 3; t++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of g.reps) {
        lo = Math.min(lo, tierNew[r * 3 + t]);
        hi = Math.max(hi, tierNew[r * 3 + t]);
      }
      if (g.reps.length) spread = Math.max(spread, hi - lo);
    }
  }
  return spread;
}

const EPS = 1e-12;

/**
 * Lowers the spread of expected conversions inside a group by pairwise moves and swaps: a
 * transfer of d (0 < d < gap) from the richer rep to the poorer one always lowers the sum of
 * squared totals, so this terminates; the best d is gap/2. `sameTier` keeps tier counts fixed.
 */
function improve(s: State, g: Group, sameTier: boolean, maxSweeps = 500): void {
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let changed = false;
    const order = [...g.reps].sort((x, y) => s.total[y] - s.total[x]);
    for (let x = 0; x < order.length; x++) {
      for (let y = order.length - 1; y > x; y--) {
        const i = order[x];
        const j = order[y];
        const gap = s.total[i] - s.total[j];
        if (gap <= EPS) continue;
        const best = bestTransfer(s, i, j, gap, sameTier);
        if (!best) continue;
        if (best.b) s.swap(i, best.a, j, best.b);
        else s.move(i, best.a, j);
        changed = true;
      }
    }
    if (!changed) return;
  }
}

function bestTransfer(s: State, i: number, j: number, gap: number, sameTier: boolean): { a: Acc; b?: Acc } | undefined {
  const want = gap / 2;
  let best: { a: Acc; b?: Acc } | undefined;
  let bestErr = want - EPS * 10; // must beat doing nothing (d = 0) clearly
  const li = s.lists[i];
  const lj = [...s.lists[j]].sort((p, q) => p.probability - q.probability);
  const canMove = s.cap[j] > 0 && !sameTier;
  for (const a of li) {
    if (canMove) {
      const err = Math.abs(a.probability - want);
      if (a.probability > EPS && a.probability < gap && err < bestErr) {
        bestErr = err;
        best = { a };
      }
    }
    // b with probability closest to a.probability - want
    const target = a.probability - want;
    let lo = 0;
    let hi = lj.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lj[mid].probability < target) lo = mid + 1;
      else hi = mid;
    }
    const consider = (b: Acc) => {
      if (sameTier && b.tier !== a.tier) return;
      const d = a.probability - b.probability;
      if (d <= EPS || d >= gap) return;
      const err = Math.abs(d - want);
      if (err < bestErr) {
        bestErr = err;
        best = { a, b };
      }
    };
    const from = Math.max(0, lo - 2);
    const to = Math.min(lj.length, lo + 2);
    for (let k = from; k < to; k++) consider(lj[k]);
    // The closest same-tier b may be beyond the window: look at the rest too, after the window
    // so that on equal error the window's pick stands.
    if (sameTier) for (let k = 0; k < lj.length; k++) if (k < from || k >= to) consider(lj[k]);
  }
  return best;
}

/**
 * Evens out the tier mix of new accounts inside a group with swaps of accounts of different
 * tiers. `maxRatio` bounds the group's expected-conversion ratio a swap may leave behind.
 */
function evenTiers(s: State, g: Group, maxRatio: number, maxSwaps = 10_000): void {
  const groupRatio = () => ratioOf(g.reps.map((r) => s.total[r]));
  for (let n = 0; n < maxSwaps; n++) {
    let done = false;
    for (let t = 0; t < 3 && !done; t++) {
      const byCount = [...g.reps].sort((x, y) => s.tierNew[y * 3 + t] - s.tierNew[x * 3 + t]);
      const i = byCount[0];
      for (let k = byCount.length - 1; k > 0 && !done; k--) {
        const j = byCount[k];
        if (s.tierNew[i * 3 + t] - s.tierNew[j * 3 + t] <= 1) break;
        // give one tier-t account of i to j for one of j's accounts of a tier j has more of than i
        let best: { a: Acc; b: Acc; cost: number } | undefined;
        for (const a of s.lists[i]) {
          if (TIER_INDEX[a.tier] !== t) continue;
          for (const b of s.lists[j]) {
            const u = TIER_INDEX[b.tier];
            if (u === t || s.tierNew[j * 3 + u] - s.tierNew[i * 3 + u] < 1) continue;
            const d = a.probability - b.probability;
            s.swap(i, a, j, b);
            const ratio = groupRatio();
            s.swap(i, b, j, a);
            if (ratio > maxRatio + EPS) continue;
            const cost = Math.abs(s.total[i] - d - (s.total[j] + d));
            if (!best || cost < best.cost) best = { a, b, cost };
          }
        }
        if (best) {
          s.swap(i, best.a, j, best.b);
          done = true;
        }
      }
    }
    if (!done) return;
  }
}

function summarise(reps: R[], lists: Acc[][]): RepSummary[] {
  return reps.map((r, k) => {
    const added: Book = { count: 0, expected: 0, tiers: { Hot: 0, Warm: 0, Cold: 0 } };
    for (const a of lists[k]) {
      added.count++;
      added.expected += a.probability;
      added.tiers[a.tier]++;
    }
    const after: Book = {
      count: r.book.count + added.count,
      expected: r.book.expected + added.expected,
      tiers: { Hot: r.book.tiers.Hot + added.tiers.Hot, Warm: r.book.tiers.Warm + added.tiers.Warm, Cold: r.book.tiers.Cold + added.tiers.Cold },
    };
    return { id: r.id, name: r.name, match: r.match, capacity: r.capacity, before: r.book, added, after };
  });
}

const byProbability = (a: Acc, b: Acc) => b.probability - a.probability || b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Plans an assignment. Steps: drop worked accounts; take the best accounts first (by
 * probability, each while a matching rep has capacity), so the plan's expected conversions
 * equal the top-N total whenever the match field does not bind; deal them largest first to
 * the matching rep with the lowest expected conversions (book included) that has room; then
 * tighten with moves and swaps, even out the tier mix (in 'expected' mode only as far as the
 * ratio stays within tolerance), and tighten again with same-tier swaps.
 */
export function planAssignment(poolIn: readonly PoolAccount[], repsIn: readonly Rep[], opts: PlanOptions): Plan {
  if (!(opts.tolerance >= 1)) throw new Error(`The balance tolerance is a max/min ratio and must be at least 1 (got ${opts.tolerance}).`);
  const pool = poolIn.map((a) => PoolAccount.parse(a));
  const reps = repsIn.map((r) => Rep.parse(r));
  const seen = new Set<string>();
  for (const r of reps) {
    if (seen.has(r.id)) throw new Error(`Rep ${r.id} is listed twice.`);
    seen.add(r.id);
  }
  const matching = opts.matchField !== undefined;
  const keyOf = (m: string | null) => (matching ? (m ?? '\u0000blank') : '');

  const groupsByKey = new Map<string, Group>();
  reps.forEach((r, k) => {
    const key = keyOf(r.match);
    if (matching && r.match === null) return; // a rep without a value matches nothing
    let g = groupsByKey.get(key);
    if (!g) groupsByKey.set(key, (g = { reps: [], accounts: [] }));
    g.reps.push(k);
  });
  const groups = [...groupsByKey.values()];
  const room = new Map([...groupsByKey].map(([k, g]) => [k, g.reps.reduce((s, r) => s + reps[r].capacity, 0)]));

  const skipped: Plan['skipped'] = [];
  const eligible: Acc[] = [];
  for (const a of pool) {
    if (a.worked) skipped.push({ accountId: a.id, name: a.name, reason: a.worked });
    else eligible.push(a);
  }
  eligible.sort(byProbability);
  const totalCapacity = reps.reduce((s, r) => s + (matching && r.match === null ? 0 : r.capacity), 0);
  const limit = Math.min(opts.count ?? totalCapacity, totalCapacity);
  let taken = 0;
  for (const a of eligible) {
    if (taken >= limit) break;
    const key = keyOf(a.match);
    const g = groupsByKey.get(key);
    if (!g) {
      if (matching) skipped.push({ accountId: a.id, name: a.name, reason: `no rep has ${opts.matchField} = ${a.match ?? '(blank)'}` });
      continue;
    }
    const left = room.get(key)!;
    if (left <= 0) continue; // this group's reps are full; a lower account of another group may still fit
    room.set(key, left - 1);
    g.accounts.push(a);
    taken++;
  }
  let topNExpected = 0;
  for (let i = 0; i < taken; i++) topNExpected += eligible[i].probability;

  const s = new State(reps);
  for (const g of groups) {
    for (const a of g.accounts) {
      let best = -1;
      for (const r of g.reps) if (s.cap[r] > 0 && (best < 0 || s.total[r] < s.total[best])) best = r;
      s.add(best, a);
    }
    improve(s, g, false);
    const ratioNow = ratioOf(g.reps.map((r) => s.total[r]));
    evenTiers(s, g, opts.balance === 'tiers' ? Infinity : Math.max(opts.tolerance, ratioNow));
    improve(s, g, true);
  }

  // baseline: round-robin by score over the same accounts, within each group
  const base = new State(reps);
  for (const g of groups) {
    const order = [...g.accounts].sort((a, b) => b.score - a.score || byProbability(a, b));
    let k = 0;
    for (const a of order) {
      for (let tries = 0; tries < g.reps.length; tries++, k++) {
        const r = g.reps[k % g.reps.length];
        if (base.cap[r] > 0) {
          base.add(r, a);
          k++;
          break;
        }
      }
    }
  }

  const activeReps = reps.map((_, k) => k).filter((k) => !matching || reps[k].match !== null);
  const ratio = ratioOf(activeReps.map((k) => s.total[k]));
  const baselineRatio = ratioOf(activeReps.map((k) => base.total[k]));
  const worstGroup = (st: State) => Math.max(1, ...groups.map((g) => ratioOf(g.reps.map((r) => st.total[r]))));
  const groupRatio = matching ? worstGroup(s) : ratio;
  const summaries = summarise(reps, s.lists);
  const lo = Math.min(...activeReps.map((k) => s.total[k]));
  const hi = Math.max(...activeReps.map((k) => s.total[k]));
  const assignments: Assignment[] = [];
  reps.forEach((r, k) => {
    const sorted = [...s.lists[k]].sort(byProbability);
    for (const a of sorted) {
      const why = [
        matching ? `${opts.matchField} ${a.match} matches` : null,
        `${r.name} ends at ${s.total[k].toFixed(2)} expected conversions incl. book (team ${lo.toFixed(2)}-${hi.toFixed(2)})`,
        `${summaries[k].added.tiers[a.tier]} new ${a.tier}`,
      ]
        .filter(Boolean)
        .join('; ');
      assignments.push({ accountId: a.id, name: a.name, from: a.ownerId, to: r.id, toName: r.name, score: a.score, tier: a.tier, probability: a.probability, why });
    }
  });
  assignments.sort((a, b) => b.probability - a.probability || (a.accountId < b.accountId ? -1 : 1));
  const planExpected = assignments.reduce((sum, a) => sum + a.probability, 0);
  return {
    assignments,
    reps: summaries,
    skipped,
    stats: {
      assigned: assignments.length,
      planExpected,
      topNExpected,
      ratio,
      baselineRatio,
      groupRatio,
      baselineGroupRatio: matching ? worstGroup(base) : baselineRatio,
      tierSpread: tierSpreadOf(s.tierNew, groups),
      baselineTierSpread: tierSpreadOf(base.tierNew, groups),
      tolerance: opts.tolerance,
      withinTolerance: groupRatio <= opts.tolerance + EPS,
    },
  };
}
