import { compileTreeShap, createShapPool, explainScored, tierFor, type Population, type ScoringModel, type ShapPool, type Tier } from '../model/index.js';
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
  // Two chunks in turn: while the workers run TreeSHAP on one, this thread explains the other
  // (the pool runs one batch at a time). Updates still reach the plan in read order.
  const newChunk = () => ({ X: new Float32Array(new SharedArrayBuffer(EXPLAIN_CHUNK * cols * 4)), updates: [] as AccountUpdate[] });
  let filling = newChunk();
  let inflight: { chunk: typeof filling; shap: Promise<Float64Array> } | undefined;
  let pool: ShapPool | undefined;
  const explainChunk = async (plan: PlanWriter, chunk: typeof filling, shap: Float64Array) => {
    const pending = chunk.updates;
    for (let r = 0; r < pending.length; r++) {
      const u = pending[r];
      const e = explainScored(m, u[F.score.name] as number, chunk.X.subarray(r * cols, (r + 1) * cols), shap.subarray(r * (cols + 1), (r + 1) * (cols + 1)), s.topFactorCount);
      u[F.factors.name] = factorsPayload(m.version, e.baseline, e.factors);
      plan.add(u);
    }
    pending.length = 0;
    await plan.drain();
  };
  /** Starts TreeSHAP on the filled chunk, then explains the one before it meanwhile. */
  const flush = async () => {
    const plan = o.plan;
    if (!plan || filling.updates.length === 0) return;
    pool ??= await createShapPool(compileTreeShap(m.ensemble));
    const prev = inflight;
    const prevShap = prev && (await prev.shap);
    const shap = pool.run(filling.X, filling.updates.length, cols);
    shap.catch(() => undefined); // awaited by the next flush, finish() or the finally below
    inflight = { chunk: filling, shap };
    if (prev && prevShap) {
      await explainChunk(plan, prev.chunk, prevShap);
      filling = prev.chunk;
    } else filling = newChunk();
  };
  const finish = async () => {
    await flush();
    const last = inflight;
    if (!last || !o.plan) return;
    await explainChunk(o.plan, last.chunk, await last.shap);
    inflight = undefined;
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
        const pending = filling.updates;
        const dst = filling.X;
        for (let c = 0, from = i * cols, to = pending.length * cols; c < cols; c++) dst[to + c] = p.X[from + c];
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
    await finish();
  } finally {
    await inflight?.shap.catch(() => undefined);
    await pool?.close();
  }
  return out;
}
