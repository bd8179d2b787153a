/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
// One account, one model: the sync, `sf score csv` and `sf score explain` must agree on its score,
// percentile, tier and factors, because all three go through the scoring core.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { LocalOrg } from '../../src/local-org/index.js';
import { formatReasons, loadScoringModel, type ScoringModel } from '../../src/model/index.js';
import { FactorsPayloadV1, SCORE_FIELDS } from '../../src/salesforce/score-fields.js';
import { explainAccountInOrg } from '../../src/sync/explain-in-org.js';
import { loadPopulation } from '../../src/sync/population.js';
import { scoreCsvFile } from '../../src/sync/score-csv-file.js';
import { buildFixture, cleanup, startOrgWith, syncSession, type Fixture } from './helpers.js';

// The syncs explain on TreeSHAP worker threads and the Bulk-read one scores on the scoring thread
// (test/fixtures/threads.cjs makes in-thread the default); csv and explain run in this thread.
process.env.ACCOUNT_SCORE_THREADS = '2';
const F = SCORE_FIELDS;
const N = 1000;
const TOP = 5; // the org's Top_Factor_Count__c default
let f: Fixture;
let org: LocalOrg;
let model: ScoringModel;

beforeAll(async () => {
  f = await buildFixture(N);
  org = await startOrgWith(f);
  model = await loadScoringModel(f.modelPath);
}, 120_000);
afterAll(async () => {
  await model?.close();
  await org?.close();
  await cleanup(f);
});

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

describe(`sync, csv and explain over ${N} accounts`, () => {
  it('give every account the same score, percentile, tier and factors', async () => {
    const s = await syncSession(org, f, { retry: { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 20, seed: 1 }, now: new Date('2026-11-20T02:00:00Z'), pollIntervalMs: 5 });
    const report = await s.run();
    expect(report.status).toBe('ok');
    expect(report.accounts.written).toBe(N);
    const synced = new Map(
      f.accounts.map((a) => {
        const r = org.store.get('Account', String(a.Id))!;
        const payload = FactorsPayloadV1.parse(JSON.parse(String(r[F.factors.name])));
        return [String(a.Id), { score: r[F.score.name] as number, percentile: r[F.percentile.name] as number, tier: r[F.tier.name] as string, baseline: payload.b, factors: payload.f.map((x) => ({ key: x.k, label: x.l, value: x.v, points: x.c, importance: x.i })) }];
      }),
    );

    // csv: the same accounts and contacts as an export
    const columns = ['Id', ...model.accountFields];
    await writeFile(join(f.dir, 'accounts.csv'), stringify([columns, ...f.accounts.map((a) => columns.map((c) => cell(a[c])))]));
    const cColumns = ['AccountId', 'Title', 'Email'];
    await writeFile(join(f.dir, 'contacts.csv'), stringify([cColumns, ...f.contacts.map((c) => cColumns.map((k) => cell(c[k])))]));
    const outcome = await scoreCsvFile({
      input: join(f.dir, 'accounts.csv'),
      contactsCsv: join(f.dir, 'contacts.csv'),
      output: join(f.dir, 'scored.csv'),
      model,
      thresholds: { hot: 70, warm: 40 },
      reasons: TOP,
    });
    expect(outcome).toMatchObject({ scored: N, badRows: 0, written: true });
    const out = parse(await readFile(join(f.dir, 'scored.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(out).toHaveLength(N);

    // explain: each account read back from the org, percentile against the sync's saved population
    const population = (await loadPopulation(s.stateDir, model.version, model.digest))!.pop;
    expect(population.size).toBe(N);
    let checked = 0;
    for (const row of out) {
      const id = row.Id;
      const want = synced.get(id)!;
      expect([id, Number(row.Account_Score__c), Number(row.Account_Score_Percentile__c), row.Account_Score_Tier__c]).toEqual([id, want.score, want.percentile, want.tier]);
      expect([id, row.Account_Score_Reasons__c]).toEqual([id, formatReasons(want.factors)]);
      const ex = await explainAccountInOrg(s.conn, model, id, population);
      expect([id, ex.recomputed.score, ex.recomputed.percentile, ex.recomputed.tier, ex.recomputed.baseline]).toEqual([id, want.score, want.percentile, want.tier, want.baseline]);
      expect([id, ex.factors.filter((x) => x.points !== 0).slice(0, TOP)]).toEqual([id, want.factors]);
      expect(ex.matchesStored).toBe(true);
      checked++;
    }
    expect(checked).toBe(N);
    // the three agree on something that varies: the accounts span tiers and scores
    const tiers = new Set([...synced.values()].map((v) => v.tier));
    expect(tiers.size).toBeGreaterThanOrEqual(2);
    expect(new Set([...synced.values()].map((v) => v.score)).size).toBeGreaterThan(N / 2);
  });

  it('a sync reading through Bulk (accounts encoded and scored on the scoring thread) writes exactly what the REST-read sync wrote', async () => {
    const bulkOrg = await startOrgWith(f);
    try {
      const s = await syncSession(bulkOrg, f, { retry: { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 20, seed: 1 }, now: new Date('2026-11-20T02:00:00Z'), pollIntervalMs: 5 }, {
        read: { bulkThreshold: 100, bulkPageSize: 250, pollIntervalMs: 5 },
      });
      const report = await s.run();
      expect([report.status, report.paths.accounts, report.accounts.written]).toEqual(['ok', 'bulk', N]);
      const fields = [F.score.name, F.percentile.name, F.tier.name, F.factors.name, F.probability.name, F.modelVersion.name];
      for (const a of f.accounts) {
        const id = String(a.Id);
        const rest = org.store.get('Account', id)!;
        const bulk = bulkOrg.store.get('Account', id)!;
        expect([id, ...fields.map((k) => bulk[k])]).toEqual([id, ...fields.map((k) => rest[k])]);
      }
    } finally {
      await bulkOrg.close();
    }
  }, 120_000);
});
