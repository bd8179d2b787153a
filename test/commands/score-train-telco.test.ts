// Real public data through the CLI: the telco churn export has none of the demo org's columns,
// a Yes/No label and a number column with blanks. Trained as a user would, with no spec (2 CV
// folds instead of 5 to spare the suite; scripts/bench-telco.ts measures the default).
import { describe, it, expect, beforeAll } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseJsonOutput, runCommand, ROOT } from './run-command.js';
import { tempDir } from './fixtures.js';
import ScoreTrain, { ScoreTrainResult } from '../../src/commands/score/train.js';
import ScoreSpecInit, { ScoreSpecInitResult } from '../../src/commands/score/spec/init.js';
import ScoreCsv from '../../src/commands/score/csv.js';
import { loadScoringModel } from '../../src/model/index.js';

const TELCO = path.join(ROOT, '../shared/data/telco-churn.csv');
const HEADER = readFileSync(TELCO, 'utf8').split(/\r?\n/)[0].split(',');

describe('sf score train --csv on the telco churn export', () => {
  let dir: string;
  let r: ScoreTrainResult;
  beforeAll(async () => {
    dir = tempDir('telco');
    const run = await runCommand(ScoreTrain, ['--csv', TELCO, '--label', 'Churn', '--id-column', 'customerID', '--output-dir', path.join(dir, 'model'), '--folds', '2', '--json']);
    expect(run.error).toBeUndefined();
    r = ScoreTrainResult.parse(parseJsonOutput(run.stdout).result);
  }, 300_000);

  it('trains on every column except the id and the label, with factors named after the headers', async () => {
    expect(r).toMatchObject({ accounts: 7043, positives: 1869, spec: 'inferred' });
    expect(new Set(r.fields)).toEqual(new Set(HEADER.filter((h) => h !== 'customerID' && h !== 'Churn')));
    expect(r.excluded).toEqual([{ field: 'customerID', reason: 'the id column (--id-column)' }]);
    const model = await loadScoringModel(r.onnxFile);
    // each header is the label of a factor (numbers with blanks add a "<header> missing" flag)
    for (const h of HEADER.filter((x) => x !== 'customerID' && x !== 'Churn')) expect(model.featureLabels).toContain(h);
    expect(model.featureLabels).toContain('TotalCharges missing');
    await model.close();
  });

  it('learns the churn signal: AUC well above chance on the CV folds and the holdout', () => {
    expect(r.cv.rocAuc.mean).toBeGreaterThan(0.8);
    expect(r.holdout.rocAuc).toBeGreaterThan(0.8);
    expect(r.lift[0].lift).toBeGreaterThan(2);
  });

  it('the model card says what is predicted and from which columns', () => {
    const card = readFileSync(r.modelCard, 'utf8');
    expect(card).toContain('Predicts `Churn` (Churn = yes) from 19 fields (inferred feature spec)');
    expect(card).toContain('`Contract`');
    expect(card).not.toContain('sales-qualified');
  });

  it('scores the same export with the trained model, reasons named after the headers', async () => {
    const out = path.join(dir, 'scored.csv');
    const run = await runCommand(ScoreCsv, ['--input', TELCO, '--output', out, '--model', r.onnxFile, '--json']);
    expect(run.error).toBeUndefined();
    const scored = readFileSync(out, 'utf8').split(/\r?\n/);
    expect(scored).toHaveLength(7043 + 2);
    expect(scored[1]).toMatch(/(Contract|tenure|MonthlyCharges|TotalCharges|InternetService|PaymentMethod)/);
  }, 120_000);

  it('spec init --csv writes the same inferred spec, with a reason for each column', async () => {
    const out = path.join(dir, 'spec.json');
    const run = await runCommand(ScoreSpecInit, ['--csv', TELCO, '--label', 'Churn', '--id-column', 'customerID', '--output', out, '--json']);
    expect(run.error).toBeUndefined();
    const res = ScoreSpecInitResult.parse(parseJsonOutput(run.stdout).result);
    expect(res.choices.map((c) => c.field).sort()).toEqual([...r.fields].sort());
    const byField = Object.fromEntries(res.choices.map((c) => [c.field, c]));
    expect(byField.tenure.kind).toBe('numeric');
    expect(byField.SeniorCitizen.kind).toBe('boolean');
    expect(byField.Partner.kind).toBe('boolean');
    expect(byField.Contract.kind).toBe('categorical');
    expect(byField.TotalCharges.why).toMatch(/missing flag \(7,032 of 7,043 sample rows filled\)/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(res.spec);
  });

  it('--exclude leaves columns out with that reason; a column that is not in the file is named', async () => {
    const run = await runCommand(ScoreSpecInit, ['--csv', TELCO, '--label', 'Churn', '--id-column', 'customerID', '--exclude', 'gender,TotalCharges', '--json']);
    expect(run.error).toBeUndefined();
    const res = ScoreSpecInitResult.parse(parseJsonOutput(run.stdout).result);
    expect(res.excluded).toEqual([
      { field: 'customerID', reason: 'the id column (--id-column)' },
      { field: 'gender', reason: 'excluded with --exclude' },
      { field: 'TotalCharges', reason: 'excluded with --exclude' },
    ]);
    expect(res.choices.map((c) => c.field)).not.toContain('gender');
    const bad = await runCommand(ScoreTrain, ['--csv', TELCO, '--label', 'Churn', '--id-column', 'customer_id', '--output-dir', path.join(dir, 'w')]);
    expect(bad.error?.message).toMatch(/no column "customer_id" in the header \(columns: customerID, gender, /);
  });

  it('refuses a label column with values other than yes/no spellings, listing what it found', async () => {
    const bad = path.join(dir, 'bad-label.csv');
    writeFileSync(bad, ['id,plan,churned', 'a,basic,Yes', 'b,pro,maybe', 'c,pro,No', 'd,basic,later', 'e,pro,maybe'].join('\n'));
    const run = await runCommand(ScoreTrain, ['--csv', bad, '--label', 'churned', '--id-column', 'id', '--output-dir', path.join(dir, 'x')]);
    expect(run.error?.message).toMatch(/Label column churned holds values that are not a yes\/no outcome: "maybe" ×2, "later" ×1\. Expected 1\/0, true\/false, yes\/no, y\/n or won\/lost/);
  });

  it('says which columns are empty when no column is usable, instead of asking for more converted accounts', async () => {
    const empty = path.join(dir, 'empty.csv');
    const lines = ['id,a,b,c,won'];
    for (let i = 0; i < 60; i++) lines.push(`r${i},,,,${i % 3 === 0 ? 'won' : 'lost'}`);
    writeFileSync(empty, lines.join('\n'));
    const run = await runCommand(ScoreSpecInit, ['--csv', empty, '--label', 'won', '--id-column', 'id']);
    expect(run.error?.message).toMatch(/No usable fields/);
    expect(run.error?.message).toMatch(/a: empty/);
    const inferred = await runCommand(ScoreTrain, ['--csv', empty, '--label', 'won', '--id-column', 'id', '--output-dir', path.join(dir, 'z')]);
    expect(inferred.error?.message).toMatch(/No usable columns: every field was left out, so nothing was trained\.\n  id: the id column \(--id-column\)\n  a: empty: no value in the 60 sample rows/);
    const spec = path.join(dir, 'abc-spec.json');
    writeFileSync(spec, JSON.stringify({ version: 1, name: 'abc', numeric: [{ id: 'a', field: 'a', label: 'A' }], categorical: [{ id: 'b', field: 'b', label: 'B' }, { id: 'c', field: 'c', label: 'C' }] }));
    const train = await runCommand(ScoreTrain, ['--csv', empty, '--label', 'won', '--spec', spec, '--output-dir', path.join(dir, 'y')]);
    expect(train.error?.message).toMatch(/No usable columns: a, b, c are empty/);
    expect(train.error?.message).not.toMatch(/more converted/i);
  });
});
