/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
// An org with the customer's own field names (the generator's customSchema option): the demo
// fields renamed, ten unrelated custom fields and a leakage field. spec init must leave the
// leakage out with its reason; train, sync and explain must work end to end on the inferred
// spec, with factors named after the org's own fields.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { tempDir } from './fixtures.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { writeOrgDir, LABEL_FORMULA_FIELD, LEAKAGE_FIELD, RENAMED_FIELDS } from '../../src/local-org/generate/index.js';
import ScoreSpecInit, { ScoreSpecInitResult } from '../../src/commands/score/spec/init.js';
import ScoreTrain, { ScoreTrainResult } from '../../src/commands/score/train.js';
import ScoreSync, { ScoreSyncResult } from '../../src/commands/score/sync.js';
import ScoreExplain, { ScoreExplainResult } from '../../src/commands/score/explain.js';
import { loadScoringModel } from '../../src/model/index.js';
import { loadScoreOrg } from '../helpers/score-org.js';

describe('any org: spec init, train, sync and explain on an org with its own field names', () => {
  let org: LocalOrg;
  let dir: string;
  let restoreHome: () => void = () => {};
  let init: ScoreSpecInitResult;
  let trained: ScoreTrainResult;
  beforeAll(async () => {
    dir = tempDir('custom-org');
    const orgDir = path.join(dir, 'org');
    await writeOrgDir(orgDir, { seed: 21, accounts: 1500, positiveRate: 0.12, calibrationSample: 1000, customSchema: true }, { truthFile: path.join(dir, 'truth.csv') });
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: await loadScoreOrg(orgDir), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'custom-org');
  });
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });

  it('spec init proposes a spec from the org\'s own fields and leaves the leakage field out with its reason', async () => {
    const out = path.join(dir, 'spec.json');
    const run = await runCommand(ScoreSpecInit, ['--target-org', 'custom-org', '--label-field', 'Converted_To_SQL__c', '--output', out, '--json']);
    expect(run.error).toBeUndefined();
    init = ScoreSpecInitResult.parse(parseJsonOutput(run.stdout).result);
    const reason = (f: string) => init.excluded.find((e) => e.field === f)?.reason;
    expect(reason(LEAKAGE_FIELD)).toMatch(/^leakage suspect: on its own it separates Converted_To_SQL__c almost perfectly/);
    expect(reason('Converted_To_SQL_Date__c')).toMatch(/^leakage suspect: filled for 100\.0% of sample rows with Converted_To_SQL__c = yes and 0\.0% of the others/);
    // the standard fields the customer does not use are empty; the score fields and system fields are never features
    for (const f of ['AnnualRevenue', 'NumberOfEmployees', 'Industry', 'Type', 'BillingCountry']) expect(reason(f)).toMatch(/^empty/);
    expect(reason('Account_Score__c')).toMatch(/written by Account Score/);
    expect(reason('SystemModstamp')).toMatch(/system or audit field/);
    expect(reason('Name')).toMatch(/name/);
    expect(reason(LABEL_FORMULA_FIELD)).toBe('formula field that reads the label (IF(Converted_To_SQL__c, 1, 0))');
    const kind = Object.fromEntries(init.choices.map((c) => [c.field, c.kind]));
    expect(kind).toMatchObject({
      Sales_Region__c: 'categorical',
      Market_Segment__c: 'categorical',
      Revenue_USD__c: 'numeric',
      Headcount__c: 'numeric',
      SDR_Notes__c: 'notes signals',
      Is_Reference_Customer__c: 'boolean',
      First_Meeting_Date__c: 'date (age in days)',
      Account_Summary__c: 'text length + has a value',
      'Contact (Title, Email)': 'contact roll-ups',
    });
    for (const to of Object.values(RENAMED_FIELDS)) expect(Object.keys(kind)).toContain(to);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(init.spec);
  }, 120_000);

  it('says when the sample has too few accounts of one outcome for the leakage checks', async () => {
    const run = await runCommand(ScoreSpecInit, ['--target-org', 'custom-org', '--label-field', 'IsDeleted', '--sample-size', '200', '--json']);
    expect(run.error).toBeUndefined();
    const json = parseJsonOutput(run.stdout);
    expect(json.warnings?.join('\n')).toMatch(/The sample of 200 accounts has 0 with IsDeleted set: the leakage checks need at least 5 of each outcome/);
  }, 120_000);

  it('train --spec uses the edited spec; without --spec the org (not shaped like the demo org) gets an inferred spec', async () => {
    const run = await runCommand(ScoreTrain, ['--target-org', 'custom-org', '--label-field', 'Converted_To_SQL__c', '--spec', path.join(dir, 'spec.json'), '--output-dir', path.join(dir, 'model'), '--folds', '2', '--model-version', 'custom-1', '--json']);
    expect(run.error).toBeUndefined();
    trained = ScoreTrainResult.parse(parseJsonOutput(run.stdout).result);
    expect(trained.spec).toBe(path.join(dir, 'spec.json'));
    expect(trained.fields).not.toContain(LEAKAGE_FIELD);
    expect(trained.fields).toContain('Sales_Region__c');
    // a real signal (notes, segment, size) and no leak: well above chance, not perfect
    expect(trained.holdout.rocAuc).toBeGreaterThan(0.65);
    expect(trained.holdout.rocAuc).toBeLessThan(0.97);
    const card = readFileSync(trained.modelCard, 'utf8');
    expect(card).toContain('Predicts `Converted_To_SQL__c` (Converted To SQL (Converted_To_SQL__c))');
    expect(card).toContain('`Sales_Region__c`');
    expect(card).toMatch(/Left out: .*`Lifecycle_Stage__c` \(leakage suspect/);

    const auto = await runCommand(ScoreTrain, ['--target-org', 'custom-org', '--label-field', 'Converted_To_SQL__c', '--output-dir', path.join(dir, 'model-auto'), '--folds', '2', '--json']);
    expect(auto.error).toBeUndefined();
    const a = ScoreTrainResult.parse(parseJsonOutput(auto.stdout).result);
    expect(a.spec).toBe('inferred');
    expect(a.fields.sort()).toEqual([...trained.fields].sort());
  }, 300_000);

  it('sync writes scores whose factors are named after the org\'s own fields, and explain shows the same', async () => {
    const run = await runCommand(ScoreSync, ['--target-org', 'custom-org', '--model', trained.onnxFile, '--json']);
    expect(run.error).toBeUndefined();
    const report = ScoreSyncResult.parse(parseJsonOutput(run.stdout).result);
    expect(report.accounts).toMatchObject({ read: 1500, scored: 1500, written: 1500 });
    const model = await loadScoringModel(trained.onnxFile);
    const labels = new Set(model.featureLabels);
    await model.close();
    expect(labels).toContain('Sales Region');
    expect(labels).toContain('Headcount');
    expect([...labels].some((l) => /Region__c|Researcher|Persona__c/.test(l))).toBe(false);
    const written = [...org.store.iterate('Account')].map((a) => JSON.parse(String(a.Account_Score_Factors__c)) as { f: { l: string }[] });
    const used = new Set(written.flatMap((p) => p.f.map((f) => f.l)));
    for (const l of used) expect(labels).toContain(l);
    expect(used.size).toBeGreaterThan(3);

    const id = String([...org.store.iterate('Account')][0].Id);
    const ex = await runCommand(ScoreExplain, ['--target-org', 'custom-org', '--account', id, '--model', trained.onnxFile, '--json']);
    expect(ex.error).toBeUndefined();
    const r = ScoreExplainResult.parse(parseJsonOutput(ex.stdout).result);
    expect(r.matchesStored).toBe(true);
    expect(r.factors.map((f) => f.label)).toEqual(expect.arrayContaining(['Sales Region', 'Market Segment', 'Headcount']));
  }, 300_000);
});
