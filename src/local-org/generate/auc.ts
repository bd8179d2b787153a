// Exact ROC-AUC (Mann-Whitney U with average ranks for ties) and the best achievable AUC:
// the true propensity scored against the labels drawn from it, i.e. the ceiling for any model.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export type Labels = ArrayLike<boolean | number>;

export function rocAuc(scores: ArrayLike<number>, labels: Labels): number {
  const n = scores.length;
  if (labels.length !== n) throw new Error(`rocAuc: ${n} scores but ${labels.length} labels`);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`rocAuc: score at index ${i} is not a finite number (${scores[i]})`);
    order[i] = i;
  }
  order.sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSumPos = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    const avgRank = (start + 1 + end) / 2; // ranks start+1..end share their mean
    for (let k = start; k < end; k++) {
      if (labels[order[k]]) {
        positives++;
        rankSumPos += avgRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error(`rocAuc: undefined with ${positives} positives and ${negatives} negatives (need both)`);
  }
  return (rankSumPos - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Reads a truth CSV (header `Id,propensity,label`); errors name the line. */
export async function readTruthFile(file: string): Promise<{ ids: string[]; propensity: Float64Array; label: Uint8Array }> {
  const ids: string[] = [];
  let propensity = new Float64Array(1024);
  let label = new Uint8Array(1024);
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (line === 1) {
      if (text.trim() !== 'Id,propensity,label') throw new Error(`${file}:1: expected header "Id,propensity,label", got "${text.slice(0, 80)}"`);
      continue;
    }
    if (text === '') continue;
    const [id, p, l, extra] = text.split(',');
    const pv = Number(p);
    if (extra !== undefined || !id || p === undefined || p === '' || !Number.isFinite(pv) || pv < 0 || pv > 1 || (l !== '0' && l !== '1')) {
      throw new Error(`${file}:${line}: expected "Id,propensity(0..1),label(0|1)", got "${text.slice(0, 80)}"`);
    }
    const k = ids.length;
    if (k === propensity.length) {
      const np = new Float64Array(k * 2);
      np.set(propensity);
      propensity = np;
      const nl = new Uint8Array(k * 2);
      nl.set(label);
      label = nl;
    }
    ids.push(id);
    propensity[k] = pv;
    label[k] = l === '1' ? 1 : 0;
  }
  return { ids, propensity: propensity.subarray(0, ids.length), label: label.subarray(0, ids.length) };
}

/** Best achievable ROC-AUC from a truth file path or from arrays of propensity and label. */
export async function bestAchievableAuc(truth: string | { propensity: ArrayLike<number>; label: Labels }): Promise<number> {
  const t = typeof truth === 'string' ? await readTruthFile(truth) : truth;
  return rocAuc(t.propensity, t.label);
}
