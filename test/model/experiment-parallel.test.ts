import { describe, it, expect } from '@jest/globals';
import { runExperiment, runExperimentParallel } from '../../src/model/evaluate/index.js';
import { makeRng } from '../../src/model/train/index.js';

function ring(rows: number, seed: number) {
  const rng = makeRng(seed);
  const cols = 4;
  const X = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = rng() * 4 - 2;
    const b = rng() * 4 - 2;
    X.set([a, b, rng() < 0.2 ? NaN : rng(), Math.floor(rng() * 3)], i * cols);
    y[i] = rng() < (a * a + b * b < 1.2 ? 0.6 : 0.05) ? 1 : 0;
  }
  return { X, y, rows, cols };
}

describe('runExperimentParallel', () => {
  const d = ring(2500, 21);
  const opts = { folds: 4, params: { learningRate: 0.2, maxDepth: 3, nEstimators: 150, subsample: 0.8, colsampleByTree: 0.75 }, earlyStoppingRounds: 8 };

  it('trains the folds on worker threads and gets exactly what the in-thread experiment gets, with per-fold progress', async () => {
    const seq = runExperiment(d.X, d.rows, d.cols, d.y, opts);
    const lines: string[] = [];
    const par = await runExperimentParallel(d.X, d.rows, d.cols, d.y, { ...opts, threads: 2, progressEveryMs: 0, onProgress: (m) => lines.push(m) });
    expect(par.gbdt.bestIterations).toEqual(seq.gbdt.bestIterations);
    expect(par.gbdt.folds).toEqual(seq.gbdt.folds);
    expect(par.logistic.folds).toEqual(seq.logistic.folds);
    expect(JSON.stringify(par.final.ensemble)).toBe(JSON.stringify(seq.final.ensemble));
    expect(Array.from(par.holdoutProba)).toEqual(Array.from(seq.holdoutProba));
    // progress names the fold, the trees so far and the validation AUC; each fold reports done once
    expect(lines.some((l) => /^fold [1-4] of 4: \d+ trees, validation AUC 0\.\d{4} \(best at \d+ trees\)$/.test(l))).toBe(true);
    for (let k = 1; k <= 4; k++) expect(lines.filter((l) => l.startsWith(`fold ${k} of 4 done: GBDT `))).toHaveLength(1);
  });

  it('runs in this thread with threads: 1 (same result)', async () => {
    const seq = runExperiment(d.X, d.rows, d.cols, d.y, opts);
    const one = await runExperimentParallel(d.X, d.rows, d.cols, d.y, { ...opts, threads: 1 });
    expect(one.gbdt.bestIterations).toEqual(seq.gbdt.bestIterations);
    expect(JSON.stringify(one.final.ensemble)).toBe(JSON.stringify(seq.final.ensemble));
  });
});
