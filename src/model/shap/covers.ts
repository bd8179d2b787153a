import type { Ensemble } from '../ensemble.js';

/**
 * Sets every node's cover to the number of background rows that pass through it (the
 * sample-count covers TreeSHAP's path-dependent expectation needs) for models whose file
 * carries none. Nodes no row reaches get a tiny cover so ratios stay defined.
 */
export function computeCovers(ensemble: Ensemble, X: ArrayLike<number>, rows: number): void {
  const cols = ensemble.nFeatures;
  if (rows <= 0 || X.length < rows * cols) throw new Error(`computeCovers: background must hold ${rows} x ${cols} values (has ${X.length})`);
  for (const t of ensemble.trees) {
    const cover = new Array<number>(t.feature.length).fill(0);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let i = 0;
      cover[0]++;
      while (t.feature[i] >= 0) {
        const v = X[o + t.feature[i]];
        i = v < t.threshold[i] || (v !== v && t.missingLeft[i] === 1) ? t.left[i] : t.right[i];
        cover[i]++;
      }
    }
    for (let i = 0; i < cover.length; i++) if (cover[i] === 0) cover[i] = 1e-6;
    t.cover = cover;
  }
}

/** Fallback without data: each child gets half its parent's cover (explanations then approximate). */
export function halfSplitCovers(ensemble: Ensemble): void {
  for (const t of ensemble.trees) {
    const cover = new Array<number>(t.feature.length).fill(0);
    cover[0] = 1;
    const stack = [0];
    while (stack.length) {
      const i = stack.pop()!;
      if (t.feature[i] < 0) continue;
      cover[t.left[i]] = cover[i] / 2;
      cover[t.right[i]] = cover[i] / 2;
      stack.push(t.left[i], t.right[i]);
    }
    t.cover = cover;
  }
}
