// Leakage suspects: a field that alone tells the outcome apart almost perfectly, or that is
// filled (nearly) only on one side of the label, was most likely written because of the outcome
// (a conversion date, a "lost reason"). Training on it gives a model that looks perfect and
// scores nothing useful, so inference leaves it out and says why.
import { TRUE_WORDS } from '../value-words.js';
import { isMissingValue, n, type ValueProfile } from './values.js';

/** AUC at or beyond which one field alone is taken to be the outcome written another way. */
export const LEAK_AUC = 0.98;
const MIN_GROUP = 10;

interface Decided {
  c: { field: string };
  p: ValueProfile;
  values: readonly unknown[];
  d: { kind: string };
}

/** ROC-AUC of a score against 0/1 labels (ties share ranks). */
export function rankAuc(score: Float64Array, y: Uint8Array): number {
  const idx = Array.from(score.keys()).sort((a, b) => score[a] - score[b]);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && score[idx[j + 1]] === score[idx[i]]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (y[idx[k]]) {
        pos++;
        rankSum += mid;
      }
    i = j + 1;
  }
  const neg = idx.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : 0.5;
}

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = String(v).trim().replace(/^[+-]?[$€£]\s?/, '').replace(/,/g, '');
  const x = Number(s);
  if (!Number.isNaN(x)) return x;
  const t = Date.parse(s);
  return Number.isNaN(t) ? NaN : t;
}

/** One number per row that orders rows the way the field could: its value, its length, or its category's outcome rate. */
function separationScore(x: Decided, y: Uint8Array): Float64Array {
  const out = new Float64Array(x.values.length);
  const kind = x.d.kind;
  if (kind === 'numeric' || kind === 'date' || kind === 'boolean') {
    x.values.forEach((v, i) => {
      const num = isMissingValue(v) ? NaN : kind === 'boolean' ? (TRUE_WORDS.has(String(v).trim().toLowerCase()) ? 1 : 0) : numberOf(v);
      out[i] = Number.isNaN(num) ? -Number.MAX_VALUE : num;
    });
    return out;
  }
  if (kind === 'text') {
    x.values.forEach((v, i) => (out[i] = isMissingValue(v) ? -1 : String(v).trim().length));
    return out;
  }
  // categories and presence: each value's outcome rate; values seen fewer than MIN_GROUP times share one group
  const key = (v: unknown) => (isMissingValue(v) ? '\u0000missing' : kind === 'presence' ? 'set' : String(v).trim().toLowerCase());
  const counts = new Map<string, [number, number]>();
  x.values.forEach((v, i) => {
    const k = key(v);
    const c = counts.get(k) ?? [0, 0];
    c[0]++;
    c[1] += y[i];
    counts.set(k, c);
  });
  let rare: [number, number] = [0, 0];
  for (const c of counts.values()) if (c[0] < MIN_GROUP) rare = [rare[0] + c[0], rare[1] + c[1]];
  x.values.forEach((v, i) => {
    const c = counts.get(key(v))!;
    const g = c[0] < MIN_GROUP ? rare : c;
    out[i] = g[1] / g[0];
  });
  return out;
}

/** field -> reason, for each leakage suspect among the decided fields. Needs a few rows of each outcome. */
export function checkLeakage(fields: readonly Decided[], y: Uint8Array, labelName: string): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i];
  const neg = y.length - pos;
  if (pos < 5 || neg < 5) return out;
  for (const x of fields) {
    let filledPos = 0;
    let filledNeg = 0;
    x.values.forEach((v, i) => {
      if (isMissingValue(v)) return;
      if (y[i]) filledPos++;
      else filledNeg++;
    });
    const fp = filledPos / pos;
    const fn = filledNeg / neg;
    if (Math.max(fp, fn) >= 0.5 && Math.min(fp, fn) <= 0.01) {
      const [side, other] = fp > fn ? [fp, fn] : [fn, fp];
      const who = fp > fn ? `${labelName} = yes` : `${labelName} = no`;
      out.set(
        x.c.field,
        `leakage suspect: filled for ${(100 * side).toFixed(1)}% of sample rows with ${who} and ${(100 * other).toFixed(1)}% of the others, so it is probably set after the outcome`,
      );
      continue;
    }
    const auc = rankAuc(separationScore(x, y), y);
    const sep = Math.max(auc, 1 - auc);
    if (sep >= LEAK_AUC)
      out.set(x.c.field, `leakage suspect: on its own it separates ${labelName} almost perfectly (ROC-AUC ${sep.toFixed(3)} on ${n(y.length)} sample rows)`);
  }
  return out;
}
