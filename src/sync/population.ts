import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** Scores are stored with 2 decimals (Account_Score__c scale 2): 10001 possible values. */
export const BINS = 10_001;
export const scoreBin = (score: number): number => Math.round(score * 100);

/**
 * The scored population as a histogram of scores at the field's precision. Percentile
 * 1-100 = ceil(100 * rank / N) with rank = number of accounts scoring <= this score (ties
 * share the higher rank), so it is exact and also serves on-demand scoring later.
 */
export class Population {
  readonly cumulative: Uint32Array;
  constructor(readonly counts: Uint32Array) {
    this.cumulative = new Uint32Array(BINS);
    let acc = 0;
    for (let i = 0; i < BINS; i++) this.cumulative[i] = acc += counts[i];
  }
  get size(): number {
    return this.cumulative[BINS - 1];
  }
  static fromScores(scores: ArrayLike<number>, n = scores.length): Population {
    const counts = new Uint32Array(BINS);
    for (let i = 0; i < n; i++) counts[scoreBin(scores[i])]++;
    return new Population(counts);
  }
  /** Percentile of a score; a score outside the population ranks against it as if included. */
  percentile(score: number): number {
    const n = this.size;
    if (n === 0) throw new Error('Cannot compute a percentile against an empty population');
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

const PopulationFile = z.object({
  version: z.literal(1),
  modelVersion: z.string(),
  /** sha256 of the model file (absent in files written before it was recorded) */
  modelDigest: z.string().optional(),
  computedAt: z.string(),
  size: z.number().int().nonnegative(),
  /** sparse histogram: [bin, count] */
  bins: z.array(z.tuple([z.number().int().min(0).max(BINS - 1), z.number().int().positive()])),
});

const FILE = 'population.json';

export async function savePopulation(stateDir: string, pop: Population, modelVersion: string, at: Date, modelDigest?: string): Promise<void> {
  const bins: [number, number][] = [];
  pop.counts.forEach((c, i) => {
    if (c) bins.push([i, c]);
  });
  await mkdir(stateDir, { recursive: true });
  const tmp = join(stateDir, `${FILE}.tmp`);
  await writeFile(tmp, JSON.stringify({ version: 1, modelVersion, modelDigest, computedAt: at.toISOString(), size: pop.size, bins }));
  await rename(tmp, join(stateDir, FILE));
}

/** The population of the last full run for `modelVersion` (and `modelDigest`, when given); null when there is none. */
export async function loadPopulation(stateDir: string, modelVersion: string, modelDigest?: string): Promise<{ pop: Population; computedAt: string } | null> {
  let text: string;
  try {
    text = await readFile(join(stateDir, FILE), 'utf8');
  } catch {
    return null;
  }
  const parsed = PopulationFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${join(stateDir, FILE)} is corrupt: ${parsed.error.issues[0]?.message}. Run a full sync to rebuild it.`);
  if (parsed.data.modelVersion !== modelVersion) return null;
  // same version string, other bytes (a same-day retrain): that population is not this model's
  if (modelDigest !== undefined && parsed.data.modelDigest !== modelDigest) return null;
  const counts = new Uint32Array(BINS);
  for (const [bin, c] of parsed.data.bins) counts[bin] = c;
  return { pop: new Population(counts), computedAt: parsed.data.computedAt };
}
