/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
// Opportunity roll-ups end to end on an org with its own field names and Opportunities: spec
// init leaves them out when they follow the label (and says why), an admin can add them, train reads them with one paged query, sync and explain
// score with them and name them in the factors; an Opportunity-based label never gets them.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { tempDir } from './fixtures.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import ScoreSpecInit, { ScoreSpecInitResult } from '../../src/commands/score/spec/init.js';
import ScoreTrain, { ScoreTrainResult } from '../../src/commands/score/train.js';
import ScoreSync, { ScoreSyncResult } from '../../src/commands/score/sync.js';
import ScoreExplain, { ScoreExplainResult } from '../../src/commands/score/explain.js';
import ScoreAssign from '../../src/commands/score/assign.js';
import ScoreCsv, { ScoreCsvResult } from '../../src/commands/score/csv.js';
import ScoreModelCompare, { ScoreModelCompareResult } from '../../src/commands/score/model/compare.js';
import { loadScoringModel } from '../../src/model/index.js';
import { CONTACT_COUNT_COLUMNS } from '../../src/features/csv.js';
import { defaultOpportunitiesSpec } from '../../src/features/opportunities.js';
import { loadScoreOrg } from '../helpers/score-org.js';

const ROLLUP_LABELS = ['Opportunities', 'Won opportunities', 'Open opportunities'];

describe('Opportunity roll-ups: spec init, train, sync and explain', () => {
  let org: LocalOrg;
  let dir: string;
  let restoreHome: () => void = () => {};
  let init: ScoreSpecInitResult;
  let trained: ScoreTrainResult;
  const opps = new Map<string, { all: number; won: number; open: number }>();
  beforeAll(async () => {
    dir = tempDir('opp-rollups');
    const orgDir = path.join(dir, 'org');
    await writeOrgDir(orgDir, { seed: 5, accounts: 600, positiveRate: 0.2, customSchema: true, opportunities: true, owners: { reps: 3 } }, { truthFile: path.join(dir, 'truth.csv') });
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: await loadScoreOrg(orgDir), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'opp-rollups');
    for (const o of org.store.iterate('Opportunity')) {
      const c = opps.get(String(o.AccountId)) ?? { all: 0, won: 0, open: 0 };
      c.all++;
      if (o.IsWon === true) c.won++;
      if (o.IsClosed !== true) c.open++;
      opps.set(String(o.AccountId), c);
    }
  });
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });

  it('spec init leaves out roll-ups that follow the field label (most converters got their Opportunity after converting), with the reason; an admin adds them by hand', async () => {
    const out = path.join(dir, 'spec.json');
    const run = await runCommand(ScoreSpecInit, ['--target-org', 'opp-rollups', '--label-field', 'Converted_To_SQL__c', '--output', out, '--json']);
    expect(run.error).toBeUndefined();
    init = ScoreSpecInitResult.parse(parseJsonOutput(run.stdout).result);
    expect(init.spec.opportunities).toBeUndefined();
    expect(init.excluded.find((e) => e.field === 'Opportunity roll-ups')?.reason).toMatch(
      /^leakage suspect: \d+% of the sample's Converted_To_SQL__c accounts have Opportunities against \d+% of the others/,
    );
    // an admin who knows their Opportunities come first adds the section to the edited spec
    const edited = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    writeFileSync(out, JSON.stringify({ ...edited, opportunities: defaultOpportunitiesSpec() }, null, 2));
  }, 120_000);

  it('train --spec reads the Opportunities once (not per account) and the model takes the roll-ups', async () => {
    const before = org.requests.apiCalls();
    const run = await runCommand(ScoreTrain, ['--target-org', 'opp-rollups', '--label-field', 'Converted_To_SQL__c', '--spec', path.join(dir, 'spec.json'), '--output-dir', path.join(dir, 'model'), '--folds', '2', '--model-version', 'opp-1', '--json']);
    expect(run.error).toBeUndefined();
    expect(org.requests.apiCalls() - before).toBeLessThan(30);
    trained = ScoreTrainResult.parse(parseJsonOutput(run.stdout).result);
    expect(trained.fields).toContain('Opportunities (won, open)');
    const model = await loadScoringModel(trained.onnxFile);
    expect(model.featureLabels).toEqual(expect.arrayContaining(ROLLUP_LABELS));
    expect(model.opportunityFields).toEqual(['AccountId', 'IsWon', 'IsClosed']);
    await model.close();
  }, 300_000);

  it('sync scores with the roll-ups and explain shows each one with the account\'s own counts', async () => {
    const run = await runCommand(ScoreSync, ['--target-org', 'opp-rollups', '--model', trained.onnxFile, '--json']);
    expect(run.error).toBeUndefined();
    const report = ScoreSyncResult.parse(parseJsonOutput(run.stdout).result);
    expect(report.accounts).toMatchObject({ read: 600, scored: 600, written: 600 });

    const [id, counts] = [...opps.entries()].find(([, c]) => c.all > 0 && c.open > 0) ?? [...opps.entries()].find(([, c]) => c.all > 0)!;
    const ex = await runCommand(ScoreExplain, ['--target-org', 'opp-rollups', '--account', id, '--model', trained.onnxFile, '--json']);
    expect(ex.error).toBeUndefined();
    const r = ScoreExplainResult.parse(parseJsonOutput(ex.stdout).result);
    // explain reads the same roll-ups as the sync: the score it recomputes is the one written
    expect(r.matchesStored).toBe(true);
    expect(r.opportunities).toBe(counts.all);
    const value = (label: string) => r.factors.find((f) => f.label === label)?.value;
    expect(value('Opportunities')).toBe(String(counts.all));
    expect(value('Won opportunities')).toBe(String(counts.won));
    expect(value('Open opportunities')).toBe(String(counts.open));

    const none = [...org.store.iterate('Account')].map((a) => String(a.Id)).find((a) => !opps.has(a))!;
    const ex0 = ScoreExplainResult.parse(parseJsonOutput((await runCommand(ScoreExplain, ['--target-org', 'opp-rollups', '--account', none, '--model', trained.onnxFile, '--json'])).stdout).result);
    expect(ex0.matchesStored).toBe(true);
    expect(ex0.factors.find((f) => f.label === 'Opportunities')?.value).toBe('0');

    // an export with the roll-up count columns scores as the sync did
    const m = await loadScoringModel(trained.onnxFile);
    const cols = ['Id', ...m.accountFields];
    const contacts = m.newContactAggregator();
    for (const c of org.store.iterate('Contact')) contacts.add(c);
    await m.close();
    const contactCols = Object.entries(CONTACT_COUNT_COLUMNS);
    const accounts = [...org.store.iterate('Account')].slice(0, 50);
    const cell = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
    const lines = accounts.map((a) => {
      const c = opps.get(String(a.Id)) ?? { all: 0, won: 0, open: 0 };
      const k = contacts.get(String(a.Id));
      return [...cols.map((f) => cell(a[f])), c.all, c.won, c.open, ...contactCols.map(([, key]) => k[key])].join(',');
    });
    const input = path.join(dir, 'export.csv');
    writeFileSync(input, [[...cols, 'OpportunityCount', 'WonOpportunityCount', 'OpenOpportunityCount', ...contactCols.map(([col]) => col)].join(','), ...lines].join('\n'));
    const csvRun = await runCommand(ScoreCsv, ['--input', input, '--output', path.join(dir, 'scored.csv'), '--model', trained.onnxFile, '--json']);
    expect(csvRun.error).toBeUndefined();
    expect(ScoreCsvResult.parse(parseJsonOutput(csvRun.stdout).result)).toMatchObject({ rows: 50, scored: 50, warnings: [] });
    const scored = parse(readFileSync(path.join(dir, 'scored.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    scored.forEach((row, i) => expect(Number(row.Account_Score__c)).toBeCloseTo(Number(accounts[i].Account_Score__c), 1));

    // compare reads them too (the encoder refuses a model whose roll-ups were not read)
    const cmp = await runCommand(ScoreModelCompare, ['--target-org', 'opp-rollups', '--model', trained.onnxFile, '--challenger', trained.onnxFile, '--json']);
    expect(cmp.error).toBeUndefined();
    expect(ScoreModelCompareResult.parse(parseJsonOutput(cmp.stdout).result)).toMatchObject({ accounts: 600, moves: { up: 0, down: 0, same: 600 } });
    // and so does assign (scores the pool and the books with the same model)
    const assign = await runCommand(ScoreAssign, ['--target-org', 'opp-rollups', '--model', trained.onnxFile, '--pool', '005000000000000AAA', '--reps', 'role:SDR', '--per-rep', '5']);
    expect(assign.error).toBeUndefined();
    expect(assign.stdout).toMatch(/Plan for 3 reps/);
  }, 300_000);

  it('an Opportunity-based label: inference leaves the roll-ups out with the reason, and a spec with them is refused', async () => {
    const auto = await runCommand(ScoreTrain, ['--target-org', 'opp-rollups', '--label-opportunity-stage', 'Closed Won', '--output-dir', path.join(dir, 'model-opp'), '--folds', '2', '--json']);
    expect(auto.error).toBeUndefined();
    const a = ScoreTrainResult.parse(parseJsonOutput(auto.stdout).result);
    expect(a.fields).not.toContain('Opportunities (won, open)');
    expect(a.excluded).toContainEqual({ field: 'Opportunity roll-ups', reason: expect.stringMatching(/label is defined from Opportunities/) as unknown as string });

    const refused = await runCommand(ScoreTrain, ['--target-org', 'opp-rollups', '--label-opportunity-stage', 'Closed Won', '--spec', path.join(dir, 'spec.json'), '--output-dir', path.join(dir, 'model-refused')]);
    expect(refused.error?.message).toMatch(/the roll-ups would restate the label/);
  }, 300_000);

  it('spec init leaves the roll-ups out as a leakage suspect when they alone tell the field label apart', async () => {
    // runs last: rewrites the label so that converted = has an Opportunity
    for (const a of [...org.store.iterate('Account')]) org.store.update('Account', a.Id, { Converted_To_SQL__c: opps.has(String(a.Id)) });
    const run = await runCommand(ScoreSpecInit, ['--target-org', 'opp-rollups', '--label-field', 'Converted_To_SQL__c', '--json']);
    expect(run.error).toBeUndefined();
    const r = ScoreSpecInitResult.parse(parseJsonOutput(run.stdout).result);
    expect(r.spec.opportunities).toBeUndefined();
    expect(r.excluded.find((e) => e.field === 'Opportunity roll-ups')?.reason).toMatch(
      /^leakage suspect: "Opportunities" alone separates Converted_To_SQL__c almost perfectly \(ROC-AUC 1\.000 on 600 sample accounts\)/,
    );
  }, 120_000);
});
