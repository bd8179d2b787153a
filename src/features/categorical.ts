// Categorical values -> canonical keys -> ordinal codes over a vocabulary learned at fit time.
// Code layout per feature: 0..K-1 = vocabulary (most frequent first), K = "other", K+1 = "missing".
import type { CategoricalFeature, VocabularyEntry } from './spec.js';
import { compileWordPattern, foldText, type WordPattern } from './text.js';

export interface CanonicalValue {
  key: string;
  /** How to show it: the alias's canonical value, or the original spelling. */
  label: string;
}

interface CompiledCategorical {
  aliases: { re: WordPattern; value: string | null }[];
  missing: Set<string>;
  memo: Map<string, CanonicalValue | null>;
}
const cache = new WeakMap<CategoricalFeature, CompiledCategorical>();
const MEMO_LIMIT = 20_000;

function compile(f: CategoricalFeature, missingTokens: readonly string[]): CompiledCategorical {
  let c = cache.get(f);
  if (!c) {
    c = {
      aliases: f.aliases.map((a, i) => ({
        re: compileWordPattern([a.pattern], {}, `categorical ${f.id}.aliases[${i}]`),
        value: a.value,
      })),
      missing: new Set(missingTokens.map((t) => foldText(t).trim())),
      memo: new Map(),
    };
    cache.set(f, c);
  }
  return c;
}

/**
 * Canonical form of a categorical value, or null when missing. Keys are folded and
 * whitespace-collapsed, so "Greenhouse", "GreenHouse" and "greenhouse" share one category;
 * aliases (matched anywhere in the value, on word boundaries) map variants to one canonical value.
 */
export function canonicalCategory(
  f: CategoricalFeature,
  missingTokens: readonly string[],
  raw: unknown,
): CanonicalValue | null {
  if (raw === null || raw === undefined) return null;
  const s = typeof raw === 'string' ? raw : String(raw);
  const c = compile(f, missingTokens);
  const hit = c.memo.get(s);
  if (hit !== undefined) return hit;
  const original = s.trim().replace(/\s+/g, ' ');
  const key = foldText(original);
  let out: CanonicalValue | null;
  if (c.missing.has(key)) out = null;
  else {
    out = { key, label: original };
    for (const a of c.aliases) {
      if (a.re.test(key)) {
        out = a.value === null ? null : { key: foldText(a.value), label: a.value };
        break;
      }
    }
  }
  if (c.memo.size < MEMO_LIMIT) c.memo.set(s, out);
  return out;
}

/** Top-K vocabulary by frequency; ties broken alphabetically by key; label = most frequent spelling. */
export function fitVocabulary(
  f: CategoricalFeature,
  missingTokens: readonly string[],
  values: Iterable<unknown>,
): VocabularyEntry[] {
  const counts = new Map<string, { count: number; labels: Map<string, number> }>();
  for (const v of values) {
    const cv = canonicalCategory(f, missingTokens, v);
    if (!cv) continue;
    let e = counts.get(cv.key);
    if (!e) counts.set(cv.key, (e = { count: 0, labels: new Map() }));
    e.count++;
    e.labels.set(cv.label, (e.labels.get(cv.label) ?? 0) + 1);
  }
  const byFreq = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return [...counts.entries()]
    .filter(([, e]) => e.count >= f.minCount)
    .map(([key, e]) => ({ key, count: e.count, label: [...e.labels.entries()].sort(byFreq)[0][0] }))
    .sort((a, b) => byFreq([a.key, a.count], [b.key, b.count]))
    .slice(0, f.topK);
}
