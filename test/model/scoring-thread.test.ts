/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
// The sync scores accounts on a worker thread (onnxruntime-node's inference blocks the thread
// that calls it): the margins must be those of the calling thread's session, digit for digit,
// whatever the batches, and a lone row must score as it does inside a batch.
import { describe, it, expect, afterAll } from '@jest/globals';
import { emptyContactAggregate, type AccountInput } from '../../src/features/index.js';
import { exportOnnx } from '../../src/model/onnx/export.js';
import { loadScoringModel } from '../../src/model/score/model.js';
import { loadModel, type LoadedModel } from '../../src/model/score/load.js';
import { openScoringThread } from '../../src/model/score/scoring-thread.js';
import { scoreMatrix } from '../../src/model/score/score.js';
import { defaultSpecModelMeta } from '../fixtures/models/default-spec-model.js';
import { randomEnsemble, randomMatrix } from '../fixtures/models/random-ensemble.js';

const COLS = 12;
const loaded: LoadedModel[] = [];
afterAll(async () => {
  for (const m of loaded) await m.session.release();
});

async function model(trees: number): Promise<LoadedModel> {
  const ens = randomEnsemble({ trees, depth: 5, features: COLS, seed: 11 });
  const m = await loadModel(exportOnnx(ens, { featureNames: Array.from({ length: COLS }, (_, i) => `f${i}`) }));
  loaded.push(m);
  return m;
}

describe('openScoringThread', () => {
  it('gives the calling thread’s margins bit for bit, in batches of any size, on its own thread', async () => {
    const m = await model(300);
    const rows = 3000;
    const X = randomMatrix(rows, COLS, 5);
    const expected = (await scoreMatrix(m, X, rows)).margins;
    const t = await openScoringThread(m);
    try {
      expect(t.offThread).toBe(true);
      // batches in flight together, answered in order
      const cuts = [0, 1, 700, 701, 2048, rows];
      const parts = await Promise.all(cuts.slice(1).map((end, k) => t.margins(X.subarray(cuts[k] * COLS, end * COLS), end - cuts[k])));
      const got = new Float64Array(rows);
      parts.forEach((p, k) => got.set(p, cuts[k]));
      expect(Array.from(got)).toEqual(Array.from(expected));
      // a lone row, scored alone
      const one = await t.margins(X.subarray(1234 * COLS, 1235 * COLS), 1);
      expect(one[0]).toBe(expected[1234]);
    } finally {
      await t.close();
    }
    await expect(t.margins(X, 1)).rejects.toThrow('after close()');
  });

  it('names the model and the width when the matrix does not fit', async () => {
    const m = await model(5);
    const t = await openScoringThread(m);
    try {
      await expect(t.margins(new Float32Array(COLS * 2 - 1), 2)).rejects.toThrow(`takes ${COLS} features per row; got ${COLS * 2 - 1} values for 2 rows`);
    } finally {
      await t.close();
    }
  });

  it('scores in the calling thread when asked to (few accounts: no thread to start)', async () => {
    const m = await model(20);
    const X = randomMatrix(50, COLS, 9);
    const t = await openScoringThread(m, { thread: false });
    expect(t.offThread).toBe(false);
    expect(Array.from(await t.margins(X, 50))).toEqual(Array.from((await scoreMatrix(m, X, 50)).margins));
    await t.close();
  });
});

describe('openScoringThread with the model as encoder', () => {
  const { names, meta } = defaultSpecModelMeta();
  const notes = ['Raised a $40M Series C in March; hiring 30 engineers.', 'Layoffs announced, hiring freeze.', null, 'New VP of People joined last year.'];
  const inputs: AccountInput[] = Array.from({ length: 400 }, (_, i) => ({
    account: { Id: `001000000000${String(i).padStart(3, '0')}AAA`, AnnualRevenue: i * 12_345, NumberOfEmployees: i % 7 === 0 ? null : i * 3, Industry: ['Software', 'Retail', null][i % 3], Researcher_Notes__c: notes[i % notes.length] },
    contacts: { ...emptyContactAggregate(), contactCount: i % 5, atlCount: i % 2 },
  }));
  const asOf = new Date('2026-11-20T02:00:00Z');

  it('encodes and scores accounts on the thread exactly as model.encode and scoreMatrix do here', async () => {
    const m = await loadScoringModel(exportOnnx(randomEnsemble({ trees: 60, depth: 4, features: names.length, seed: 3 }), { featureNames: names, metadata: meta }));
    const t = await openScoringThread(m, { encoder: m });
    try {
      const X = m.encode(inputs, { asOf });
      const margins = (await scoreMatrix(m, X, inputs.length)).margins;
      const [a, b] = await Promise.all([t.encodeAndScore(inputs.slice(0, 150), asOf), t.encodeAndScore(inputs.slice(150), asOf)]);
      expect(Array.from(a.X).concat(Array.from(b.X))).toEqual(Array.from(X));
      expect(Array.from(a.margins).concat(Array.from(b.margins))).toEqual(Array.from(margins));
      // a value that cannot be encoded names the account and the field, as here
      const bad = [{ ...inputs[0], account: { ...inputs[0].account, AnnualRevenue: 'lots' } }];
      await expect(t.encodeAndScore(bad, asOf)).rejects.toThrow(`Account ${String(inputs[0].account.Id)}, field AnnualRevenue: "lots" is not a number`);
      expect(() => m.encode(bad, { asOf })).toThrow(`Account ${String(inputs[0].account.Id)}, field AnnualRevenue: "lots" is not a number`);
    } finally {
      await t.close();
      await m.close();
    }
  });
});
