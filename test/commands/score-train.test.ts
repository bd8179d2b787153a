import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { tempDir } from './fixtures.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import { defaultFeatureSpec, requiredAccountFields } from '../../src/features/index.js';
import { loadScoringModel } from '../../src/model/index.js';
import ScoreTrain, { ScoreTrainResult } from '../../src/commands/score/train.js';
import { loadScoreOrg } from '../helpers/score-org.js';

describe('sf score train', () => {
  let org: LocalOrg;
  let dir: string;
  let orgDir: string;
  let converted: number;
  let restoreHome: () => void = () => {};
  beforeAll(async () => {
    dir = tempDir('score-train');
    orgDir = path.join(dir, 'org');
    await writeOrgDir(orgDir, { seed: 11, accounts: 900, positiveRate: 0.1, calibrationSample: 1000 }, { truthFile: path.join(dir, 'truth.csv') });
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: await loadScoreOrg(orgDir), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'train-org');
    converted = [...org.store.iterate('Account')].filter((a) => a.Converted_To_SQL__c === true).length;
  });
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });

  it('--target-org --label-field: trains on the org, writes a usable ONNX model and card, warns below 100 converters (--json)', async () => {
    const out = path.join(dir, 'model-org');
    const run = await runCommand(ScoreTrain, ['--target-org', 'train-org', '--label-field', 'Converted_To_SQL__c', '--output-dir', out, '--folds', '2', '--model-version', 'org-1', '--json']);
    expect(run.error).toBeUndefined();
    const json = parseJsonOutput(run.stdout);
    const r = ScoreTrainResult.parse(json.result);
    expect(converted).toBeGreaterThanOrEqual(10);
    expect(converted).toBeLessThan(100);
    expect(r).toMatchObject({ accounts: 900, positives: converted, unreliable: true, modelVersion: 'org-1', label: 'Converted_To_SQL__c', tooRecent: 0 });
    expect(json.warnings?.join('\n')).toMatch(new RegExp(`Only ${converted} converted accounts.*About ${100 - converted} more`));
    expect(r.lift.map((l) => l.fraction)).toEqual([0.05, 0.1, 0.2]);
    expect(r.holdout.rocAuc).toBeGreaterThan(0.5);
    expect(existsSync(path.join(out, 'MODEL_CARD.md'))).toBe(true);
    const model = await loadScoringModel(r.onnxFile);
    expect(model.version).toBe('org-1');
  });

  it('refuses to train without enough converted accounts and says how many more are needed', async () => {
    const run = await runCommand(ScoreTrain, ['--target-org', 'train-org', '--label-field', 'Converted_To_SQL_Date__c', '--within-days', '30', '--min-positives', '1000', '--output-dir', path.join(dir, 'x')]);
    expect(run.error?.message).toMatch(/Only (\d+) of (\d+) accounts are labelled as converted; at least 1000 are needed to train\. Label about (\d+) more/);
    const [, pos, , more] = /Only (\d+) of (\d+).*about (\d+) more/i.exec(run.error!.message)!;
    expect(Number(pos) + Number(more)).toBe(1000);
    expect(Number(pos)).toBeLessThanOrEqual(converted);
  });

  it('refuses a label field that is neither a checkbox nor a date, and one the org does not have', async () => {
    const text = await runCommand(ScoreTrain, ['--target-org', 'train-org', '--label-field', 'Industry', '--output-dir', path.join(dir, 'y')]);
    expect(text.error?.message).toMatch(/Account\.Industry is a picklist field; the label must be a checkbox or a date field/);
    const missing = await runCommand(ScoreTrain, ['--target-org', 'train-org', '--label-field', 'Became_Customer__c', '--output-dir', path.join(dir, 'y')]);
    expect(missing.error?.message).toMatch(/Account\.Became_Customer__c is missing/);
  });

  describe('--csv', () => {
    let csv: string;
    let header: string[];
    let rows: string[][];
    beforeAll(() => {
      header = [...requiredAccountFields(defaultFeatureSpec()).filter((f) => f !== 'Id'), 'converted'];
      const accounts = readFileSync(path.join(orgDir, 'Account.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      rows = accounts.map((a) => header.map((h) => (h === 'converted' ? (a.Converted_To_SQL__c ? 'yes' : 'no') : a[h] === null || a[h] === undefined ? '' : String(a[h]))));
      csv = path.join(dir, 'export.csv');
      writeFileSync(csv, stringify([header, ...rows]));
    });

    it('trains offline from a labelled export and prints the metrics and the lift table', async () => {
      const out = path.join(dir, 'model-csv');
      const run = await runCommand(ScoreTrain, ['--csv', csv, '--label', 'converted', '--output-dir', out, '--folds', '2']);
      expect(run.error).toBeUndefined();
      expect(run.stdout).toMatch(new RegExp(`900 accounts, ${converted} converted`));
      expect(run.stdout).toMatch(/ROC AUC\s+│\s+0\.\d{3} ± 0\.\d{3}\s+│\s+0\.\d{3}/);
      expect(run.stdout).toMatch(/│\s+10%\s+│\s+\d+\s+│/);
      expect(existsSync(path.join(out, 'account-score.onnx'))).toBe(true);
    });

    it('names the line and column of a bad label and trains nothing', async () => {
      const bad = path.join(dir, 'bad-label.csv');
      const copy = rows.map((r) => [...r]);
      copy[2][header.length - 1] = 'maybe';
      writeFileSync(bad, stringify([header, ...copy]));
      const out = path.join(dir, 'model-bad');
      const run = await runCommand(ScoreTrain, ['--csv', bad, '--label', 'converted', '--output-dir', out]);
      expect(run.error?.message).toMatch(/line 4 \(converted\): "maybe" is not a label/);
      expect(existsSync(out)).toBe(false);
    });

    it('needs --label with --csv', async () => {
      const run = await runCommand(ScoreTrain, ['--csv', csv, '--output-dir', path.join(dir, 'z')]);
      expect(run.error?.message).toMatch(/pass --label-field with --target-org, or --label with --csv/);
    });
  });
});
