import type { Factor } from '../model/index.js';
import { SCORE_FIELDS, type FactorsPayloadV1 } from '../salesforce/score-fields.js';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Factors payload v1 for one account: the scoring core's top factors (score points, largest
 * |points| first; the panel groups them into what pushes the score up and what holds it back),
 * built with keys in a fixed order so the same inputs always give the same string. Trimmed
 * from the least important end to fit Account_Score_Factors__c.
 */
export function factorsPayload(modelVersion: string, baseline: number, factors: readonly Factor[]): string {
  const payload: FactorsPayloadV1 = {
    v: 1,
    m: modelVersion,
    b: baseline,
    f: factors.map((f) => ({ k: f.key, l: clip(f.label, 120), v: clip(f.value, 80), c: f.points, i: f.importance })),
  };
  let text = JSON.stringify(payload);
  while (text.length > SCORE_FIELDS.factors.length && payload.f.length) {
    payload.f.pop();
    text = JSON.stringify(payload);
  }
  return text;
}
