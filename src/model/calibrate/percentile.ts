/**
 * Percentile 1-100 of each score within the scored population: ceil(100 * rank / N), rank =
 * number of scores <= this one (so ties share the same, higher percentile, and the top
 * score is always 100). NaN scores are refused, naming the index.
 */
export function percentiles(scores: ArrayLike<number>): Uint8Array {
  const n = scores.length;
  const out = new Uint8Array(n);
  if (n === 0) return out;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`percentiles: score ${i} is NaN`);
    idx[i] = i;
  }
  idx.sort((a, b) => scores[a] - scores[b]);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const p = Math.max(1, Math.ceil((100 * (j + 1)) / n));
    for (let k = i; k <= j; k++) out[idx[k]] = p;
    i = j + 1;
  }
  return out;
}
