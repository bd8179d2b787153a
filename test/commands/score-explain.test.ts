import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import path from 'node:path';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { smallOrgWithModel } from './demo-org.js';
import { tempDir } from './fixtures.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { loadModel } from '../../src/model/index.js';
import ScoreSync from '../../src/commands/score/sync.js';
import ScoreExplain, { ScoreExplainResult } from '../../src/commands/score/explain.js';
import { loadScoreOrg } from '../helpers/score-org.js';

describe('sf score explain', () => {
  let org: LocalOrg;
  let modelFile: string;
  let accountId: string;
  let nFeatures: number;
  let restoreHome: () => void = () => {};
  beforeAll(async () => {
    const dir = tempDir('score-explain');
    const made = await smallOrgWithModel(dir);
    modelFile = made.modelFile;
    const model = await loadModel(modelFile);
    nFeatures = model.featureNames.length;
    await model.session.release();
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: await loadScoreOrg(made.orgDir), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'explain-org');
    // an account with contacts, so contact features are exercised
    const withContacts = new Set([...org.store.iterate('Contact')].map((c) => String(c.AccountId)));
    accountId = String([...org.store.iterate('Account')].find((a) => withContacts.has(String(a.Id)))!.Id);
    const sync = await runCommand(ScoreSync, ['--target-org', 'explain-org', '--model', modelFile, '--report-file', path.join(dir, 'r.json')]);
    expect(sync.error).toBeUndefined();
  });
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });

  it('--json: stored score, tier, percentile and every factor, sorted by |points|, adding up to the score', async () => {
    const run = await runCommand(ScoreExplain, ['--target-org', 'explain-org', '--account', accountId, '--model', modelFile, '--json']);
    expect(run.error).toBeUndefined();
    const r = ScoreExplainResult.parse(parseJsonOutput(run.stdout).result);
    const stored = org.store.get('Account', accountId)!;
    expect(r.accountId).toBe(accountId);
    expect(r.stored).toMatchObject({ score: stored.Account_Score__c, tier: stored.Account_Score_Tier__c, percentile: stored.Account_Score_Percentile__c, modelVersion: 'test-1' });
    expect(r.matchesStored).toBe(true);
    expect(r.recomputed.score).toBeCloseTo(stored.Account_Score__c as number, 2);
    expect(r.contacts).toBeGreaterThan(0);
    expect(r.factors.map((f) => f.key).sort()).toEqual([...new Set(r.factors.map((f) => f.key))].sort());
    expect(r.factors.length).toBe(nFeatures);
    const abs = r.factors.map((f) => Math.abs(f.points));
    expect(abs).toEqual([...abs].sort((a, b) => b - a));
    // SHAP additivity in score points (unclamped scores only)
    const total = r.recomputed.baseline + r.factors.reduce((s, f) => s + f.points, 0);
    if (r.recomputed.score > 0 && r.recomputed.score < 100) expect(Math.abs(total - r.recomputed.score)).toBeLessThan(0.5);
  });

  it('prints the account and a table of factors, and says so when the stored score no longer matches', async () => {
    org.store.update('Account', accountId, { Account_Score__c: 1.23 });
    const run = await runCommand(ScoreExplain, ['--target-org', 'explain-org', '--account', accountId, '--model', modelFile]);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/Score\s+│\s+1\.23/);
    expect(run.stdout).toContain(`Every factor (${nFeatures})`);
    expect(run.stdout).toMatch(/│\s+1\s+│/);
    expect(run.stdout + run.stderr).toMatch(/stored score \(1\.23\) differs from the one computed now/);
  });

  it('names an Account that does not exist, and rejects an Id of another object before calling the org', async () => {
    const missing = await runCommand(ScoreExplain, ['--target-org', 'explain-org', '--account', '001000000009999AAA', '--model', modelFile]);
    expect(missing.error?.message).toContain('No Account with Id 001000000009999AAA');
    const before = org.requests.matching('/').length;
    const wrong = await runCommand(ScoreExplain, ['--target-org', 'explain-org', '--account', '003000000000001AAA']);
    expect(wrong.error?.message).toContain('"003000000000001AAA" isn\'t a valid Account Id');
    expect(org.requests.matching('/').length).toBe(before);
  });
});
