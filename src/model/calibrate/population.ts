/** Scores are kept with 2 decimals (Account_Score__c scale 2): 10001 possible values. */
export const BINS = 10_001;
export const scoreBin = (score: number): number => Math.round(score * 100);

/**
 * A scored population as a histogram of scores at the field's precision. Percentile 1-100 =
 * ceil(100 * rank / N), rank = number of accounts scoring <= this score (ties share the higher
 * rank, the top score is 100). Exact, and small enough to keep between runs, so an account
 * scored on its own ranks against the last full population.
 */
export class Population {
  readonly cumulative: Uint32Array;
  constructor(readonly counts: Uint32Array) {
    if (counts.length !== BINS) throw new Error(`Population: ${counts.length} bins, expected ${BINS}`);
    this.cumulative = new Uint32Array(BINS);
    let acc = 0;
    for (let i = 0; i < BINS; i++) this.cumulative[i] = acc += counts[i];
  }
  get size(): number {
    return this.cumulative[BINS - 1];
  }
  static fromScores(scores: ArrayLike<number>, n = scores.length): Population {
    const counts = new Uint32Array(BINS);
    for (let i = 0; i < n; i++) {
      const s = scores[i];
      if (!(s >= 0 && s <= 100)) throw new Error(`Population: score ${i} is ${s}; scores are 0-100`);
      counts[scoreBin(s)]++;
    }
    return new Population(counts);
  }
  /** Percentile of a score; a score outside the population ranks against it as if included. */
  percentile(score: number): number {
    const n = this.size;
    if (n === 0) throw new Error('Cannot compute a percentile against an empty population');
    if (Number.isNaN(score)) throw new Error('percentile: score is NaN');
    const rank = this.cumulative[scoreBin(score)];
    return Math.min(100, Math.max(1, Math.ceil((100 * rank) / n)));
  }
  /** Score at quantile q (0..1), from the histogram. */
  quantile(q: number): number {
    const n = this.size;
    if (n === 0) return NaN;
    const target = Math.max(1, Math.ceil(q * n));
    let lo = 0;
    let hi = BINS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo / 100;
  }
}

/** Percentile of each score within the scores themselves (the stated population is the batch). */
export function percentiles(scores: ArrayLike<number>): Uint8Array {
  const pop = Population.fromScores(scores);
  return Uint8Array.from({ length: scores.length }, (_, i) => pop.percentile(scores[i]));
}
