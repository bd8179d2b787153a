// Drift: each full sync compares today's scores with the training population's score deciles
// stored in the model, and warns plainly past a PSI of 0.25.
import { trainingScoreDeciles, scoreDrift, PSI_WARN, loadScoringModel, scoreMatrixRows } from '../../src/model/index.js';
import { summarize } from '../../src/sync/report.js';
import type { LocalOrg } from '../../src/local-org/index.js';
import { buildFixture, cleanup, startOrgWith, syncSession, type Fixture } from './helpers.js';

const countBelow = (scores: number[]) => (x: number) => scores.filter((s) => s < x).length;

describe('score drift (PSI over the training deciles)', () => {
  const training = Array.from({ length: 5000 }, (_, i) => (i * 97) % 10_000 / 100); // spread over 0-100

  it('is about zero for the training population itself and large for a shifted one', () => {
    const t = trainingScoreDeciles(training);
    expect(t.fractions.every((f) => Math.abs(f - 0.1) < 0.01)).toBe(true);
    const same = scoreDrift(t, countBelow(training), training.length);
    expect(same.psi).toBeLessThan(0.01);
    expect(same.drifted).toBe(false);
    const shifted = training.map((s) => Math.min(100, s + 30));
    const d = scoreDrift(t, countBelow(shifted), shifted.length);
    expect(d.psi).toBeGreaterThan(PSI_WARN);
    expect(d.drifted).toBe(true);
    expect(d.bins[0].actual).toBe(0);
  });

  describe('in a sync report', () => {
    let f: Fixture;
    let org: LocalOrg;
    beforeAll(async () => {
      f = await buildFixture(800, 3, 'drift-model');
      org = await startOrgWith(f);
    }, 60_000);
    afterAll(async () => {
      await org?.close();
      await cleanup(f);
    });

    it('warns when the accounts no longer look like the training population, and not when they do', async () => {
      const s = await syncSession(org, f, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, now: new Date('2026-11-30T10:00:00Z'), pollIntervalMs: 5 });
      // the training population as if every training account had scored 80 or more
      const high = trainingScoreDeciles(Array.from({ length: 1000 }, (_, i) => 80 + (i % 200) / 10));
      const drifted = await s.run({ dryRun: true, loadModel: async () => ({ ...(await loadScoringModel(f.modelPath)), trainingScores: high }) });
      expect(drifted.drift?.drifted).toBe(true);
      expect(drifted.drift!.psi).toBeGreaterThan(PSI_WARN);
      expect(summarize(drifted)).toMatch(/WARNING: score drift PSI [\d.]+ \(over 0.25\): the accounts no longer look like the ones the model learned from: retrain/);

      const first = await s.run({ dryRun: true });
      expect(first.drift).toBeUndefined(); // this model carries no training population
      // the training population = these very accounts' scores
      const m = await loadScoringModel(f.modelPath);
      const agg = m.newContactAggregator();
      for (const c of f.contacts) agg.add(c);
      const X = m.encode(f.accounts.map((account) => ({ account, contacts: agg.get(String(account.Id)) })));
      const like = trainingScoreDeciles((await scoreMatrixRows(m, X, f.accounts.length)).scores);
      await m.close();
      const ok = await s.run({ dryRun: true, loadModel: async () => ({ ...(await loadScoringModel(f.modelPath)), trainingScores: like }) });
      expect(ok.drift?.drifted).toBe(false);
      expect(summarize(ok)).toMatch(/drift: PSI [\d.]+ against the training population/);
    }, 60_000);
  });
});
