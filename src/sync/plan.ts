import { compileTreeShap, createShapPool, explainScored, tierFor, topFactors, type Population, type ScoringModel, type ShapPool, type Tier } from '../model/index.js';
import { SCORE_FIELDS } from '../salesforce/score-fields.js';
import type { ScoreSettings } from '../salesforce/settings.js';
import type { AccountUpdate } from '../salesforce/writer.js';
import type { PlanWriter } from './checkpoint.js';
import { factorsPayload } from './payload.js';
import { TIER_OF, type ScoredPage } from './read-accounts.js';

const F = SCORE_FIELDS;
/** changed accounts explained per TreeSHAP batch (~2 MB of features, ~4 MB of values at 48 features) */
const EXPLAIN_CHUNK = 10_000;

export interface PlanInput {
  model: ScoringModel;
  pages: readonly ScoredPage[];
  /** the population percentiles are stated against */
  population: Population;
  settings: ScoreSettings;
  /** where updates go; null for a dry run (counted, not explained) */
  plan: PlanWriter | null;
  scoredAt: string;
}

export interface PlanOutcome {
  scored: number;
  changed: number;
  tiers: Record<Tier, number>;
}

/**
 * The plan phase: percentile and tier for every account, a diff against what the Account
 * holds, and factors (TreeSHAP on one worker pool per run) only for the accounts that change.
 */
export async function planUpdates(o: PlanInput): Promise<PlanOutcome> {
  const m = o.model;
  const s = o.settings;
  const thresholds = { hot: s.hotThreshold, warm: s.warmThreshold };
  const out: PlanOutcome = { scored: 0, changed: 0, tiers: { Hot: 0, Warm: 0, Cold: 0 } };
  const cols = m.nFeatures;
  const chunkX = new Float32Array(new SharedArrayBuffer(EXPLAIN_CHUNK * cols * 4));
  const pending: AccountUpdate[] = [];
  let pool: ShapPool | undefined;
  const flush = async () => {
    if (!o.plan || pending.length === 0) return;
    pool ??= await createShapPool(compileTreeShap(m.ensemble));
    const shap = await pool.run(chunkX, pending.length, cols);
    for (let r = 0; r < pending.length; r++) {
      const u = pending[r];
      const e = explainScored(m, u[F.score.name] as number, chunkX.subarray(r * cols, (r + 1) * cols), shap.subarray(r * (cols + 1), (r + 1) * (cols + 1)));
      u[F.factors.name] = factorsPayload(m.version, e.baseline, topFactors(e, s.topFactorCount));
      o.plan.add(u);
    }
    pending.length = 0;
    await o.plan.drain();
  };
  try {
    for (const p of o.pages) {
      for (let i = 0; i < p.ids.length; i++) {
        const score = p.scores[i];
        const pct = o.population.percentile(score);
        const tier = tierFor(score, thresholds);
        out.tiers[tier]++;
        out.scored++;
        const stored = p.storedScore[i];
        const differs =
          Number.isNaN(stored) ||
          Math.abs(score - stored) > s.tolerance ||
          p.storedPct[i] !== pct ||
          TIER_OF[p.storedTier[i]] !== tier ||
          p.storedTier[i] === 0 ||
          p.storedCurrent[i] === 0;
        if (!differs) continue;
        out.changed++;
        if (!o.plan) continue;
        chunkX.set(p.X.subarray(i * cols, (i + 1) * cols), pending.length * cols);
        const update: AccountUpdate = {
          Id: p.ids[i],
          [F.score.name]: score,
          [F.percentile.name]: pct,
          [F.tier.name]: tier,
          [F.factors.name]: '', // filled in by flush(), after the chunk's TreeSHAP
          [F.scoredAt.name]: o.scoredAt,
          [F.modelVersion.name]: m.version,
          // the field holds 5 decimals
          [F.probability.name]: Math.round(p.probabilities[i] * 1e5) / 1e5,
        };
        // Carry the previous score only when the score itself moves.
        if (!Number.isNaN(stored) && stored !== score) update[F.previousScore.name] = stored;
        pending.push(update);
        if (pending.length === EXPLAIN_CHUNK) await flush();
      }
    }
    await flush();
  } finally {
    await pool?.close();
  }
  return out;
}
