import type { Factor } from '../model/index.js';
import { SCORE_FIELDS } from '../salesforce/score-fields.js';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** JSON text of a number as JSON.stringify writes it (non-finite -> null) */
const num = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

// Keys and labels repeat for every account: their JSON text is built once per string.
const keyJson = new Map<string, string>();
const labelJson = new Map<string, string>();
function cached(map: Map<string, string>, s: string, make: (s: string) => string): string {
  let t = map.get(s);
  if (t === undefined) {
    if (map.size > 10_000) map.clear();
    map.set(s, (t = make(s)));
  }
  return t;
}

/**
 * Factors payload v1 for one account: the scoring core's top factors (score points, largest
 * |points| first; the panel groups them into what pushes the score up and what holds it back),
 * with keys in a fixed order so the same inputs always give the same string (the text
 * JSON.stringify gives for { v, m, b, f: [{ k, l, v, c, i }] }, built piece by piece since the
 * sync writes one per changed account). Trimmed from the least important end to fit
 * Account_Score_Factors__c.
 */
export function factorsPayload(modelVersion: string, baseline: number, factors: readonly Factor[]): string {
  const head = `{"v":1,"m":${JSON.stringify(modelVersion)},"b":${num(baseline)},"f":[`;
  const parts = factors.map(
    (f) =>
      `{"k":${cached(keyJson, f.key, JSON.stringify)},"l":${cached(labelJson, f.label, (l) => JSON.stringify(clip(l, 120)))},` +
      `"v":${JSON.stringify(clip(f.value, 80))},"c":${num(f.points)},"i":${JSON.stringify(f.importance)}}`,
  );
  let text = `${head}${parts.join(',')}]}`;
  while (text.length > SCORE_FIELDS.factors.length && parts.length) {
    parts.pop();
    text = `${head}${parts.join(',')}]}`;
  }
  return text;
}
