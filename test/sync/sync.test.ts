/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createContactAggregator, encodeBatch, parseFittedFeatureSpec, featureNames, type FittedFeatureSpec } from '../../src/features/index.js';
import { DEFAULT_SETTING, type LocalOrg } from '../../src/local-org/index.js';
import { compileTreeShap, createShapPool, explainScored, loadModel, loadScoringModel, marginsBatch, percentiles, scoreMatrixRows, tierFor, toScore, treeShap } from '../../src/model/index.js';
import { SCORE_FIELD_NAMES } from '../../src/salesforce/score-fields.js';
import type { SyncOptions } from '../../src/sync/run.js';
import { buildFixture, cleanup, FIXTURE_MODEL_VERSION, startOrgWith, syncSession, type Fixture } from './helpers.js';

const FAST_RETRY = { maxAttempts: 8, baseDelayMs: 2, maxDelayMs: 20, seed: 3 };
const NOW = new Date('2026-11-20T02:00:00.000Z');
let f: Fixture;

beforeAll(async () => {
  f = await buildFixture(400);
}, 60_000);
afterAll(() => cleanup(f));

const session = (org: LocalOrg, extra: Partial<SyncOptions> = {}) => syncSession(org, f, { retry: FAST_RETRY, now: NOW, pollIntervalMs: 5 }, extra);

/** Score fields of every account as stored in the org. */
function stored(org: LocalOrg): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const a of f.accounts) {
    const r = org.store.get('Account', String(a.Id))!;
    out.set(String(a.Id), Object.fromEntries(SCORE_FIELD_NAMES.map((k) => [k, r[k]])));
  }
  return out;
}

/** Scores computed straight from the model module, without the sync code. */
async function expectedScores(): Promise<Map<string, { score: number; pct: number; tier: string }>> {
  const loaded = await loadModel<FittedFeatureSpec>(f.modelPath, { parseSpec: parseFittedFeatureSpec, specFeatureNames: featureNames });
  const spec = loaded.spec!;
  const agg = createContactAggregator(spec);
  for (const c of f.contacts) agg.add(c);
  const enc = encodeBatch(spec, f.accounts.map((a) => ({ account: a, contacts: agg.get(String(a.Id)) })));
  const margins = await marginsBatch(loaded, enc.data, enc.rows);
  const scores = Array.from(margins, (m) => toScore(m, loaded.scoreScale!));
  const pct = percentiles(scores);
  await loaded.session.release();
  return new Map(
    f.accounts.map((a, i) => [String(a.Id), { score: scores[i], pct: pct[i], tier: tierFor(scores[i], { hot: 70, warm: 40 }) }]),
  );
}

describe('full sync against the local org', () => {
  let org: LocalOrg;
  let s: Awaited<ReturnType<typeof session>>;
  beforeAll(async () => {
    org = await startOrgWith(f);
    s = await session(org);
  });
  afterAll(() => org.close());

  it('writes every account with the score, percentile, tier and factors an independent computation gives', async () => {
    const report = await s.run();
    expect(report.status).toBe('ok');
    expect(report.accounts).toEqual({ read: 400, scored: 400, changed: 400, written: 400, failed: 0, unknown: 0, notAttempted: 0 });
    expect(report.paths).toEqual({ accounts: 'rest', contacts: 'rest', write: 'collections' });
    const expected = await expectedScores();
    for (const [id, rec] of stored(org)) {
      const e = expected.get(id)!;
      expect(rec.Account_Score__c).toBeCloseTo(e.score, 2);
      expect(rec.Account_Score_Percentile__c).toBe(e.pct);
      expect(rec.Account_Score_Tier__c).toBe(e.tier);
      expect(rec.Account_Score_Model_Version__c).toBe(FIXTURE_MODEL_VERSION);
      expect(String(rec.Account_Score_Date__c)).toMatch(/^2026-11-20T02:00:00/);
      const payload = JSON.parse(String(rec.Account_Score_Factors__c));
      expect(Object.keys(payload)).toEqual(['v', 'm', 'b', 'f']);
      expect(payload.f.length).toBeLessThanOrEqual(5);
    }
    expect(report.tiers.Hot + report.tiers.Warm + report.tiers.Cold).toBe(400);
    expect(report.api.calls).toBeGreaterThan(0);
  });

  it('a second run with nothing changed writes nothing and uses few calls', async () => {
    const report = await s.run();
    expect(report.resumed).toBe(false);
    expect(report.accounts.changed).toBe(0);
    expect(report.accounts.written).toBe(0);
    expect(report.paths.write).toBe('none');
    expect(report.api.calls).toBeLessThanOrEqual(10);
  });

  it('respects the score change tolerance and carries the previous score', async () => {
    const [a, b] = f.accounts.map((x) => String(x.Id));
    const sa = org.store.get('Account', a)!.Account_Score__c as number;
    const sb = org.store.get('Account', b)!.Account_Score__c as number;
    // a: stored score off by 0.3 (within the 0.5 tolerance); b: off by 3 -> rewritten
    org.store.update('Account', a, { Account_Score__c: sa + 0.3 }, { load: true });
    org.store.update('Account', b, { Account_Score__c: sb + 3 }, { load: true });
    const report = await s.run();
    expect(report.error).toBeUndefined();
    expect(report.accounts.changed).toBe(1);
    expect(org.store.get('Account', a)!.Account_Score__c).toBeCloseTo(sa + 0.3, 5);
    expect(org.store.get('Account', b)!.Account_Score__c).toBeCloseTo(sb, 5);
    expect(org.store.get('Account', b)!.Account_Score_Previous__c).toBeCloseTo(sb + 3, 5);
  });

  it('dry run reports what would change and writes nothing', async () => {
    const id = String(f.accounts[5].Id);
    org.store.update('Account', id, { Account_Score_Tier__c: 'Hot', Account_Score_Percentile__c: 1 }, { load: true });
    const report = await s.run({ dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.accounts.changed).toBe(1);
    expect(report.accounts.written).toBe(0);
    expect(org.store.get('Account', id)!.Account_Score_Percentile__c).toBe(1);
  });

  it('scores a list of Account Ids on demand, percentile against the last full population', async () => {
    const id = String(f.accounts[5].Id);
    const missing = '001000000000zzzAAA';
    const report = await s.run({ accountIds: [id, missing] });
    expect(report.kind).toBe('ids');
    expect(report.accounts.read).toBe(1);
    expect(report.accounts.written).toBe(1);
    expect(report.failures).toEqual([expect.objectContaining({ id: missing, code: 'NOT_FOUND' })]);
    expect(report.status).toBe('partial');
    const expected = (await expectedScores()).get(id)!;
    expect(org.store.get('Account', id)!.Account_Score_Percentile__c).toBe(expected.pct);
    expect(org.store.get('Account', id)!.Account_Score_Tier__c).toBe(expected.tier);
  });
});

describe('factors from the batch explainer (worker threads)', () => {
  it('are the same as explaining one account at a time', async () => {
    const m = await loadScoringModel(f.modelPath);
    const contacts = m.newContactAggregator();
    for (const c of f.contacts) contacts.add(c);
    const one = m.encode(f.accounts.map((account) => ({ account, contacts: contacts.get(String(account.Id)) })));
    // three copies of the 400 rows: enough to go to the workers (small batches stay in-thread)
    const rows = f.accounts.length * 3;
    const cols = m.nFeatures;
    const X = new Float32Array(rows * cols);
    for (let k = 0; k < 3; k++) X.set(one, k * one.length);
    const { scores } = await scoreMatrixRows(m, X, rows);
    const compiled = compileTreeShap(m.ensemble);
    const pool = await createShapPool(compiled);
    try {
      const shap = await pool.run(X, rows, cols);
      const w = cols + 1;
      for (let r = 0; r < rows; r++) {
        const x = X.subarray(r * cols, (r + 1) * cols);
        const single = treeShap(compiled, x, 1, cols);
        expect(explainScored(m, scores[r], x, shap.subarray(r * w, (r + 1) * w))).toEqual(explainScored(m, scores[r], x, single));
      }
    } finally {
      await pool.close();
      await m.close();
    }
  });
});

describe('pre-flight failures stop the run before any write', () => {
  let org: LocalOrg;
  beforeAll(async () => {
    org = await startOrgWith(f);
  });
  afterAll(() => org.close());
  const nothingWritten = () => expect([...stored(org).values()].every((r) => r.Account_Score__c === null)).toBe(true);

  it('names invalid thresholds', async () => {
    org.store.update('Account_Score_Setting__mdt', String(DEFAULT_SETTING.Id), { Hot_Threshold__c: 30, Warm_Threshold__c: 60 }, { load: true });
    const s = await session(org);
    const report = await s.run();
    org.store.update('Account_Score_Setting__mdt', String(DEFAULT_SETTING.Id), { Hot_Threshold__c: 70, Warm_Threshold__c: 40 }, { load: true });
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/Hot_Threshold__c = 30: Hot_Threshold__c must be greater than Warm_Threshold__c/);
    nothingWritten();
  });

  it('names a corrupt model file', async () => {
    const bad = join(f.dir, 'corrupt.onnx');
    await writeFile(bad, Buffer.from('this is not an onnx model'));
    const s = await session(org);
    const report = await s.run({ loadModel: () => loadScoringModel(bad) });
    expect(report.status).toBe('failed');
    expect(report.error).toContain('corrupt.onnx');
    nothingWritten();
  });

  it('names every field the model needs that the org lacks', async () => {
    const s = await session(org);
    const report = await s.run({
      loadModel: async () => {
        const m = await loadScoringModel(f.modelPath);
        return { ...m, accountFields: [...m.accountFields, 'Funding_Stage__c', 'Tech_Stack__c'] };
      },
    });
    expect(report.status).toBe('failed');
    expect(report.error).toContain('Account.Funding_Stage__c is missing');
    expect(report.error).toContain('Account.Tech_Stack__c is missing');
    nothingWritten();
  });

  it('refuses to start when the run would eat into the API reserve', async () => {
    const small = await startOrgWith(f, { dailyApiLimit: 12 });
    try {
      const s = await session(small);
      const report = await s.run();
      expect(report.status).toBe('failed');
      expect(report.error).toMatch(/API budget: .*20% reserve/);
      expect(report.accounts.written).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('apiReservePercent overrides the org setting: a reserve the remaining limit cannot satisfy refuses the run', async () => {
    // 50 daily calls: enough for this run above the org's 20% reserve, not above a 90% one
    const small = await startOrgWith(f, { dailyApiLimit: 50 });
    try {
      const s = await session(small);
      const refused = await s.run({ apiReservePercent: 90 });
      expect(refused.status).toBe('failed');
      expect(refused.error).toMatch(/API budget: .*90% reserve \(45 of 50 daily requests/);
      expect(refused.api.reservePercent).toBe(90);
      expect(refused.accounts).toMatchObject({ read: 0, written: 0 });
      expect([...small.store.iterate('Account')].every((a) => a.Account_Score__c == null)).toBe(true);
      // the other way: the org keeps 90%, the run's override of 10% lets it through
      small.store.update('Account_Score_Setting__mdt', String(DEFAULT_SETTING.Id), { Api_Reserve_Percent__c: 90 }, { load: true });
      const orgOnly = await s.run();
      expect(orgOnly.error).toMatch(/90% reserve/);
      const ok = await s.run({ apiReservePercent: 10 });
      expect(ok.status).toBe('ok');
      expect(ok.api.reservePercent).toBe(10);
      expect(ok.accounts.written).toBe(400);
    } finally {
      await small.close();
    }
  });

  it('rejects an apiReservePercent outside 0-90 before calling the org', async () => {
    const s = await session(org);
    const before = s.calls.count;
    const report = await s.run({ apiReservePercent: 95 });
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/between 0 and 90 percent \(got 95\)/);
    expect(s.calls.count).toBe(before);
  });
});
