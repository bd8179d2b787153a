import { liftTable, rocAuc, averagePrecision, type LiftRow } from '../evaluate/metrics.js';
import { loadScoringModel } from '../score/model.js';
import { scoreMatrix } from '../score/score.js';
import { predictMargin } from '../train/predict.js';
import { readOrgDir } from './read-org.js';

export interface OrgEvaluation {
  model: string;
  modelVersion: string | undefined;
  org: string;
  accounts: number;
  positives: number;
  rocAuc: number;
  prAuc: number;
  lift: LiftRow[];
  /** ROC-AUC of the generator's true propensities on the same accounts. */
  bestAchievableAuc?: number;
  /** rocAuc / bestAchievableAuc. */
  shareOfBest?: number;
  /** Largest |ONNX margin - TypeScript margin| (parity check of the shipped file). */
  maxMarginDiff: number;
  seconds: { read: number; score: number };
}

/** Known conversion propensities (a generated org's ground truth), by Account Id. */
export interface Truth {
  ids: readonly string[];
  propensity: ArrayLike<number>;
  /** where the truth came from, for messages */
  source: string;
}

/**
 * Scores a (fresh) org with a model file through onnxruntime and compares with the labels;
 * with the true propensities also the best AUC any model could reach.
 */
export async function evaluateModelOnOrg(o: { modelPath: string; orgDir: string; label: string; truth?: Truth; asOf?: Date }): Promise<OrgEvaluation> {
  const t0 = Date.now();
  const loaded = await loadScoringModel(o.modelPath);
  const org = await readOrgDir(o.orgDir, loaded.spec, { label: o.label });
  const X = loaded.encode(org.inputs, { asOf: o.asOf });
  const enc = { data: X, rows: org.inputs.length, cols: loaded.nFeatures };
  const t1 = Date.now();
  const scored = await scoreMatrix(loaded, enc.data, enc.rows);
  const t2 = Date.now();
  const ts = predictMargin(loaded.ensemble, enc.data, enc.rows, enc.cols);
  let maxMarginDiff = 0;
  for (let i = 0; i < enc.rows; i++) maxMarginDiff = Math.max(maxMarginDiff, Math.abs(ts[i] - scored.margins[i]));
  const y = org.labels!;
  const res: OrgEvaluation = {
    model: o.modelPath,
    modelVersion: loaded.modelVersion,
    org: o.orgDir,
    accounts: enc.rows,
    positives: y.reduce((a, b) => a + b, 0),
    rocAuc: rocAuc(scored.margins, y),
    prAuc: averagePrecision(scored.margins, y),
    lift: liftTable(scored.margins, y, [0.05, 0.1, 0.2]),
    maxMarginDiff,
    seconds: { read: (t1 - t0) / 1000, score: (t2 - t1) / 1000 },
  };
  if (o.truth) {
    const truth = o.truth;
    const byId = new Map<string, number>();
    truth.ids.forEach((id, i) => byId.set(id, truth.propensity[i]));
    const prop = new Float64Array(enc.rows);
    org.ids.forEach((id, i) => {
      const p = byId.get(id);
      if (p === undefined) throw new Error(`${truth.source}: no propensity for Account ${id}`);
      prop[i] = p;
    });
    res.bestAchievableAuc = rocAuc(prop, y);
    res.shareOfBest = res.rocAuc / res.bestAchievableAuc;
  }
  await loaded.close();
  return res;
}
