// The model's life in the org, through the commands on the local org: train -> publish ->
// compare -> activate -> the worker (no model given) and explain use it; a second publish is
// refused; a tampered cached file is downloaded again; a writing sync refuses another model.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { tempDir } from './fixtures.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { loadScoreOrg } from '../helpers/score-org.js';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import { parseWorkerConfig, runWorkerOnce } from '../../src/worker.js';
import { SHIPPED_MODEL } from '../../src/commands/_shared/paths.js';
import ScoreTrain, { ScoreTrainResult } from '../../src/commands/score/train.js';
import ScoreModelPublish from '../../src/commands/score/model/publish.js';
import ScoreModelActivate, { ScoreModelActivateResult } from '../../src/commands/score/model/activate.js';
import ScoreModelList, { ScoreModelListResult } from '../../src/commands/score/model/list.js';
import ScoreModelCompare, { ScoreModelCompareResult } from '../../src/commands/score/model/compare.js';
import ScoreExplain, { ScoreExplainResult } from '../../src/commands/score/explain.js';
import ScoreSync from '../../src/commands/score/sync.js';
import ScoreThresholds, { ScoreThresholdsResult } from '../../src/commands/score/thresholds.js';

/** Files under dir (recursively) whose name matches. */
function findFiles(dir: string, re: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, re));
    else if (re.test(name)) out.push(p);
  }
  return out;
}

describe('sf score model: publish, activate, list, compare, and runs using the active model', () => {
  let org: LocalOrg;
  let dir: string;
  let home: string;
  let trained: ScoreTrainResult;
  let restoreHome: () => void = () => {};
  const ALIAS = 'registry-org';

  beforeAll(async () => {
    dir = tempDir('score-model-registry');
    const orgDir = path.join(dir, 'org');
    await writeOrgDir(orgDir, { seed: 11, accounts: 900, positiveRate: 0.1, calibrationSample: 1000 }, { truthFile: path.join(dir, 'truth.csv') });
    const sfHome = isolateSfHome();
    home = sfHome.home;
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: await loadScoreOrg(orgDir), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(home, org.url, LOCAL_TOKEN, ALIAS);
  }, 120_000);
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });

  it('train --publish uploads the model as a Candidate with its metrics; the same file again is refused', async () => {
    const out = path.join(dir, 'my-model');
    const run = await runCommand(ScoreTrain, ['--target-org', ALIAS, '--label-field', 'Converted_To_SQL__c', '--output-dir', out, '--folds', '2', '--publish', '--json']);
    expect(run.error).toBeUndefined();
    trained = ScoreTrainResult.parse(parseJsonOutput(run.stdout).result);
    expect(trained.published?.version).toBe(trained.modelVersion);
    expect(trained.published?.files.card).not.toBeNull();
    expect(trained.published?.activation).toBeNull();

    const again = await runCommand(ScoreModelPublish, ['--target-org', ALIAS, '--file', trained.onnxFile]);
    expect(again.error?.message).toMatch(new RegExp(`already published: Account_Score_Model__c ${trained.modelVersion} .*Nothing was published`));
    expect(again.error?.name).toBe('ModelPublishError');

    const list = await runCommand(ScoreModelList, ['--target-org', ALIAS]);
    expect(list.error).toBeUndefined();
    expect(list.stdout).toContain(trained.modelVersion);
    expect(list.stdout).toMatch(/Candidate/);
    expect(list.stdout).toMatch(/No model is active \(Model_Version__c is blank\)/);
    const json = ScoreModelListResult.parse(parseJsonOutput((await runCommand(ScoreModelList, ['--target-org', ALIAS, '--json'])).stdout).result);
    expect(json.activeVersion).toBeNull();
    expect(json.models).toHaveLength(1);
    expect(json.models[0]).toMatchObject({ Name: trained.modelVersion, Status__c: 'Candidate', Training_Rows__c: 900, Positives__c: trained.positives });
    expect(json.models[0].Holdout_ROC_AUC__c).toBeCloseTo(trained.holdout.rocAuc, 3);
  }, 180_000);

  it('compare scores the org with both models without writing, and reports tier moves each way', async () => {
    const writesBefore = org.requests.entries.filter((e) => e.method !== 'GET' && !/query/.test(e.path)).length;
    const run = await runCommand(ScoreModelCompare, ['--target-org', ALIAS, '--challenger', trained.modelVersion, '--json']);
    expect(run.error).toBeUndefined();
    const r = ScoreModelCompareResult.parse(parseJsonOutput(run.stdout).result);
    expect(r.challenger).toBe(trained.modelVersion);
    expect(r.accounts).toBe(900);
    expect(r.moves.up + r.moves.down + r.moves.same).toBe(900);
    expect(r.moves.up + r.moves.down).toBeGreaterThan(0);
    expect(r.rankCorrelation).not.toBeNull();
    expect(r.outcomes.measured).toBe(false);
    expect(org.requests.entries.filter((e) => e.method !== 'GET' && !/query/.test(e.path)).length).toBe(writesBefore);
    const text = await runCommand(ScoreModelCompare, ['--target-org', ALIAS, '--challenger', trained.modelVersion, '--sample', '300']);
    expect(text.stdout).toMatch(/on 300 accounts/);
    expect(text.stdout).toMatch(/Tier changes with the challenger: \d+ up, \d+ down, \d+ unchanged/);
    expect(text.stdout).toMatch(/Nothing was written to the org/);
  }, 120_000);

  it('activate sets Model_Version__c; the worker (no model given) and explain then use that model', async () => {
    const run = await runCommand(ScoreModelActivate, ['--target-org', ALIAS, '--version', trained.modelVersion, '--json']);
    expect(run.error).toBeUndefined();
    const a = ScoreModelActivateResult.parse(parseJsonOutput(run.stdout).result);
    expect(a).toMatchObject({ version: trained.modelVersion, previousVersion: null });
    const setting = [...org.store.iterate('Account_Score_Setting__mdt')][0];
    expect(setting.Model_Version__c).toBe(trained.modelVersion);

    const logs: string[] = [];
    const config = parseWorkerConfig({ connection: { instanceUrl: org.url, accessToken: LOCAL_TOKEN }, stateDir: path.join(dir, 'worker-state') });
    const report = await runWorkerOnce(config, { log: (l) => logs.push(l) });
    expect(report.status).toBe('ok');
    expect(report.modelVersion).toBe(trained.modelVersion);
    expect(report.modelSource?.kind).toBe('org');
    expect(report.accounts.written).toBe(900);
    expect(logs.join('\n')).toMatch(new RegExp(`downloading model ${trained.modelVersion}`));
    // the model carries its training population: the same accounts do not drift
    expect(report.drift?.drifted).toBe(false);
    const stored = [...org.store.iterate('Account')].map((x) => x.Account_Score_Model_Version__c);
    expect(new Set(stored)).toEqual(new Set([trained.modelVersion]));

    const accountId = String([...org.store.iterate('Account')][0].Id);
    const ex = await runCommand(ScoreExplain, ['--target-org', ALIAS, '--account', accountId, '--json']);
    expect(ex.error).toBeUndefined();
    const e = ScoreExplainResult.parse(parseJsonOutput(ex.stdout).result);
    expect(e.modelVersion).toBe(trained.modelVersion);
    expect(e.modelSource.kind).toBe('org');
    expect(e.matchesStored).toBe(true);
    const text = await runCommand(ScoreExplain, ['--target-org', ALIAS, '--account', accountId]);
    expect(text.stdout).toContain(`model ${trained.modelVersion}`);
    expect(text.stderr + text.stdout).not.toMatch(/differs from the one computed now/);
  }, 180_000);

  it('a tampered cached model file is detected and downloaded again', async () => {
    const cached = findFiles(process.env.ACCOUNT_SCORE_STATE_DIR!, /^[0-9a-f]{64}\.onnx$/);
    expect(cached).toHaveLength(1);
    const good = readFileSync(cached[0]);
    const bad = Buffer.from(good);
    bad[bad.length - 20] ^= 0xff;
    writeFileSync(cached[0], bad);
    const accountId = String([...org.store.iterate('Account')][1].Id);
    const ex = await runCommand(ScoreExplain, ['--target-org', ALIAS, '--account', accountId, '--json']);
    expect(ex.error).toBeUndefined();
    expect(ScoreExplainResult.parse(parseJsonOutput(ex.stdout).result).modelSource.note).toMatch(/downloaded/);
    // Buffer.equals: toEqual walks a Buffer byte by byte through its generic deep equality
    expect(readFileSync(cached[0]).equals(good)).toBe(true);
  }, 60_000);

  it('a writing sync with another model is refused with the reason; a dry run with it is fine', async () => {
    const refused = await runCommand(ScoreSync, ['--target-org', ALIAS, '--model', SHIPPED_MODEL]);
    expect(refused.stdout).toMatch(new RegExp(`active model .* is "${trained.modelVersion}" but this run's model is "gbdt-2026-11-23".*--force-model`));
    expect(refused.stdout).toMatch(/0 written/);
    const dry = await runCommand(ScoreSync, ['--target-org', ALIAS, '--model', SHIPPED_MODEL, '--dry-run']);
    expect(dry.stdout).toMatch(/Dry run OK - model gbdt-2026-11-23/);
  }, 120_000);

  it('compare after activation measures both models on the outcomes of accounts scored since', async () => {
    const run = await runCommand(ScoreModelCompare, ['--target-org', ALIAS, '--challenger', SHIPPED_MODEL, '--json']);
    expect(run.error).toBeUndefined();
    const r = ScoreModelCompareResult.parse(parseJsonOutput(run.stdout).result);
    expect(r.active).toBe(trained.modelVersion);
    if (!r.outcomes.measured) throw new Error(`outcomes not measured: ${r.outcomes.reason}`);
    expect(r.outcomes.accounts).toBe(900);
    expect(r.outcomes.label).toBe('Converted_To_SQL__c');
    expect(r.outcomes.active.rocAuc).toBeGreaterThan(0.5);
    expect(r.outcomes.challenger.rocAuc).toBeGreaterThan(0);
  }, 120_000);

  it('thresholds --suggest counts only the scores the active model wrote', async () => {
    const ids = [...org.store.iterate('Account')].slice(0, 25).map((a) => String(a.Id));
    for (const id of ids) org.store.update('Account', id, { Account_Score_Model_Version__c: 'older-model' }, { load: true });
    const run = await runCommand(ScoreThresholds, ['--target-org', ALIAS, '--suggest', '--capacity', '50', '--json']);
    expect(run.error).toBeUndefined();
    const out = parseJsonOutput(run.stdout);
    const r = ScoreThresholdsResult.parse(out.result);
    expect(r.suggestion).toMatchObject({ modelVersion: trained.modelVersion, otherModel: 25 });
    expect(out.warnings?.join('\n')).toMatch(new RegExp(`25 scored accounts were scored by another model than the org's active model ${trained.modelVersion}`));
  }, 60_000);
});
